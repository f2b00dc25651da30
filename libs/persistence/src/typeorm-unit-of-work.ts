import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { UnitOfWork, type IncidentStores } from '@firebreak/incident';
import { DataSource, EntityManager } from 'typeorm';
import { connectionTurns, type ConnectionTurns } from './connection-turns.js';
import { isLostRace } from './lost-race.js';
import { TypeOrmOutbox } from './outbox/typeorm-outbox.js';
import { TypeOrmActionItemRepository } from './repositories/typeorm-action-item.repository.js';
import { TypeOrmAlertGroupRepository } from './repositories/typeorm-alert-group.repository.js';
import { TypeOrmComponentRepository } from './repositories/typeorm-component.repository.js';
import { communicationsStoresFor } from './repositories/typeorm-communications.stores.js';
import { TypeOrmIdempotencyStore } from './repositories/typeorm-idempotency.store.js';
import { TypeOrmIncidentRepository } from './repositories/typeorm-incident.repository.js';
import { TypeOrmReviewRepository } from './repositories/typeorm-review.repository.js';
import { TypeOrmStatusUpdateRepository } from './repositories/typeorm-status-update.repository.js';
import {
  TypeOrmMaintenanceRepository,
  TypeOrmWriteUpRepository,
} from './repositories/typeorm-status-page.repositories.js';
import { TypeOrmTimelineRepository } from './repositories/typeorm-timeline.repository.js';

/** Every store of the domain, bound to one EntityManager (a transaction's, or the plain one for reads). */
function storesFor(manager: EntityManager): IncidentStores {
  return {
    incidents: new TypeOrmIncidentRepository(manager),
    timeline: new TypeOrmTimelineRepository(manager),
    actions: new TypeOrmActionItemRepository(manager),
    components: new TypeOrmComponentRepository(manager),
    updates: new TypeOrmStatusUpdateRepository(manager),
    outbox: new TypeOrmOutbox(manager),
    idempotency: new TypeOrmIdempotencyStore(manager),
    communications: communicationsStoresFor(manager),
    maintenances: new TypeOrmMaintenanceRepository(manager),
    writeUps: new TypeOrmWriteUpRepository(manager),
    reviews: new TypeOrmReviewRepository(manager),
    alertGroups: new TypeOrmAlertGroupRepository(manager),
  };
}

export interface UnitOfWorkRetryOptions {
  /** Attempts in all, including the first (default 8: six replicas racing on one incident on a loaded machine still all land). */
  readonly attempts?: number;
  /** Pause before the first retry; doubled each time, with jitter (default 20 ms). */
  readonly initialDelayMs?: number;
}

/**
 * Runs each unit of work in one database transaction. On SQLite units of work take turns on the single
 * connection; on PostgreSQL a unit of work that lost a race (an incident changed since it read it, a
 * serialization failure, a deadlock, or any unique violation: a twin inserted the same number, key, name first)
 * is run again from the start, so it sees the winner's data.
 */
export class TypeOrmUnitOfWork extends UnitOfWork {
  private readonly turns: ConnectionTurns;
  /** The transaction of the unit of work running in this async context, while it is open. */
  private readonly current = new AsyncLocalStorage<{ manager: EntityManager; open: boolean }>();
  private readonly attempts: number;
  private readonly initialDelayMs: number;

  constructor(
    private readonly dataSource: DataSource,
    retry: UnitOfWorkRetryOptions = {},
  ) {
    super();
    this.turns = connectionTurns(dataSource);
    this.attempts = Math.max(1, retry.attempts ?? 8);
    this.initialDelayMs = retry.initialDelayMs ?? 20;
  }

  async run<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.turns.take(() =>
          this.dataSource.transaction(async (manager) => {
            const transaction = { manager, open: true };
            try {
              return await this.current.run(transaction, () => work(storesFor(manager)));
            } finally {
              transaction.open = false;
            }
          }),
        );
      } catch (error) {
        if (attempt >= this.attempts || !isLostRace(error)) throw error;
        await sleep(this.retryDelay(attempt));
      }
    }
  }

  /**
   * Reads committed data; inside a unit of work it reads through that unit's transaction instead, so it
   * sees the unit's own writes on PostgreSQL too (another pooled connection would not).
   */
  read<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T> {
    const transaction = this.current.getStore();
    if (transaction?.open) return work(storesFor(transaction.manager));
    return this.turns.take(() => work(storesFor(this.dataSource.manager)));
  }

  private retryDelay(attempt: number): number {
    const ceiling = this.initialDelayMs * 2 ** (attempt - 1);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}
