import { Outbox, type DomainEvent } from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { OutboxEventRow } from '../entities/outbox.entity.js';
import { AdvisoryLock, holdUntilCommit } from '../postgres-advisory-lock.js';
import { toOutboxEventRow } from './outbox-event.mapping.js';

/** Writes domain events in the caller's transaction, so they commit (or vanish) with the change. */
export class TypeOrmOutbox extends Outbox {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async append(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await holdUntilCommit(this.manager, AdvisoryLock.OutboxAppend);
    // One insert per event keeps positions in the order the events were produced.
    for (const event of events) await this.manager.insert(OutboxEventRow, toOutboxEventRow(event));
  }
}
