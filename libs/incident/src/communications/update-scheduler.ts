import { CommandScope } from '../commands/command-scope.js';
import { DEFAULT_COMMAND_SETTINGS } from '../commands/command-settings.js';
import { publishUpdate } from '../commands/handlers/public-communication.handler.js';
import { IncidentError } from '../errors.js';
import { message } from '../model/neutral-message.js';
import { chatNotice } from '../review/followup-reminders.js';
import type { Clock } from '../ports/clock.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { RetryBackoff } from '../scheduled-work/retry-backoff.js';

/**
 * Publishes scheduled updates that are due. Each one is claimed (a conditional UPDATE from `scheduled` to
 * `published`) in the same transaction as the publish itself, so it goes out exactly once however many
 * gateway instances tick, and a restart simply finds it still `scheduled`. Each is its own unit of work: one
 * that fails is retried later (`RetryBackoff`) while the others are still published.
 */
export class UpdateScheduler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly backoff: RetryBackoff,
    private readonly batchSize = 50,
  ) {}

  /** Publishes what is due now; returns how many were published. */
  async publishDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.unitOfWork.read((stores) =>
      stores.communications.scheduled.listDue(now, this.batchSize),
    );
    let published = 0;
    for (const { id, incidentRef } of due) {
      const item = { kind: 'scheduled-update', incidentRef, key: `scheduled-update:${id}` };
      if (await this.backoff.attempt(item, now, () => this.publishOrSettle(id, now))) published += 1;
    }
    return published;
  }

  private async publishOrSettle(id: number, now: Date): Promise<boolean> {
    try {
      return await this.publish(id, now);
    } catch (error) {
      // A refusal (the incident was closed meanwhile) will never succeed: settle it as failed with the reason.
      if (!(error instanceof IncidentError)) throw error;
      await this.settleRefused(id, now, error);
      return false;
    }
  }

  private settleRefused(id: number, now: Date, refusal: IncidentError): Promise<void> {
    return this.unitOfWork.run(async (stores) => {
      const scheduled = stores.communications.scheduled;
      const update = await scheduled.findById(id);
      if (!update || !(await scheduled.settle(id, 'failed', now, refusal.message))) return;
      const notice = message(`Scheduled update #${id} was not published: ${refusal.message}`, {
        title: 'Scheduled update not published',
        tone: 'warning',
        incidentRef: update.incidentRef,
      });
      const target = { kind: 'incident', ref: update.incidentRef } as const;
      await stores.outbox.append([chatNotice(target, notice, now, `scheduled-update-failed:${id}`)]);
    });
  }

  private publish(id: number, now: Date): Promise<boolean> {
    return this.unitOfWork.run(async (stores) => {
      const scheduled = stores.communications.scheduled;
      const update = await scheduled.findById(id);
      if (!update || !(await scheduled.settle(id, 'published', now))) return false;
      // Publishing what was scheduled is the scheduler's own act: privileged, and its answer goes to nobody.
      const context = { actor: update.author, location: null, privileged: true };
      const scope = new CommandScope(stores, now, context, DEFAULT_COMMAND_SETTINGS);
      await publishUpdate(scope, { kind: 'update', ref: update.incidentRef, body: update.body });
      await scope.flush();
      return true;
    });
  }
}
