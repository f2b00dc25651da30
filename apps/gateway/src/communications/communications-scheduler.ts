import { ReminderService, UnitOfWork, UpdateScheduler } from '@firebreak/incident';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';

/** Work the scheduler runs on every tick besides updates and reminders (e.g. sending notifications). */
export abstract class TickTask {
  abstract readonly name: string;
  abstract run(): Promise<unknown>;
}
export const TICK_TASKS = Symbol('TICK_TASKS');

/**
 * The gateway's clock-driven work: publish due scheduled updates, write due reminders, run tick tasks. Every
 * decision is read from the database on each tick (no in-memory timers to lose), so a restart resumes where it
 * stopped. `tick()` is public so tests drive it with a FixedClock; COMMS_TICK_MS=0 leaves the timer off.
 */
@Injectable()
export class CommunicationsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CommunicationsScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(UpdateScheduler) private readonly updates: UpdateScheduler,
    @Inject(ReminderService) private readonly reminders: ReminderService,
    @Inject(TICK_TASKS) private readonly tasks: TickTask[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Configuration owns the templates: every start writes them, so all instances offer the same set.
    await this.unitOfWork.run((stores) =>
      stores.communications.templates.replaceAll(this.config.UPDATE_TEMPLATES),
    );
    if (this.config.COMMS_TICK_MS > 0) {
      this.timer = setInterval(() => void this.tick(), this.config.COMMS_TICK_MS);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; overlapping calls share the pass in flight. Failures are logged and retried next tick. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const steps: [string, () => Promise<unknown>][] = [
      ['scheduled updates', () => this.updates.publishDue()],
      ['reminders', () => this.reminders.remindDue()],
      ...this.tasks.map((task): [string, () => Promise<unknown>] => [task.name, () => task.run()]),
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        this.logger.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
