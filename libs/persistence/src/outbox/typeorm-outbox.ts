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
    // One multi-row insert per chunk: both databases number the rows of a VALUES list in its order, so
    // positions follow the order the events were produced (and the lock above keeps commits in that order).
    for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
      await this.manager
        .createQueryBuilder()
        .insert()
        .into(OutboxEventRow)
        .values(events.slice(start, start + ROWS_PER_INSERT).map(toOutboxEventRow))
        .updateEntity(false)
        .execute();
    }
  }
}

/** Keeps each insert's bound parameters (4 per row) far below either database's limit. */
const ROWS_PER_INSERT = 200;
