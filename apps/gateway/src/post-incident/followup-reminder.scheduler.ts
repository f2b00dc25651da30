import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { FollowupReminders } from '@firebreak/incident';

export const FOLLOWUP_TICK_MS = Symbol('FOLLOWUP_TICK_MS');

/**
 * Asks the domain every tick whether a digest, an overdue reminder or a meeting reminder is due. What was sent
 * is stored, so the ticking itself may be lost (restart) or doubled (replicas) without effect. Each notice is
 * its own unit of work, logged and retried with backoff when it fails (see `scheduledWorkBackoff`).
 */
@Injectable()
export class FollowupReminderScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FollowupReminders');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly reminders: FollowupReminders,
    @Inject(FOLLOWUP_TICK_MS) private readonly tickMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass; a tick that comes while one is still running shares it rather than racing it. */
  tick(): Promise<void> {
    this.running ??= this.reminders
      .runDue()
      .then(
        () => undefined,
        (error: unknown) => {
          this.logger.warn(
            `Follow-up reminders failed; retrying next tick: ${error instanceof Error ? error.message : String(error)}`,
          );
        },
      )
      .finally(() => (this.running = null));
    return this.running;
  }
}
