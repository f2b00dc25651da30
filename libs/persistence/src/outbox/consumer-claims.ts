import type { OutboxEvent } from '@firebreak/incident';
import { DataSource, EntityManager, type QueryRunner } from 'typeorm';
import { connectionTurns, inTurn, writeInTurn, type ConnectionTurns } from '../connection-turns.js';
import { OutboxConsumerRow, OutboxEventRow } from '../entities/outbox.entity.js';
import { toOutboxEvent } from './outbox-event.mapping.js';

/** One consumer's next batch, held exclusively until released. */
export interface ConsumerClaim {
  readonly position: number;
  readonly events: readonly OutboxEvent[];
  /** Rows of the batch that did not decode (a type this version does not know): skipped, not delivered. */
  readonly skipped: readonly SkippedEvent[];
  /** How many rows the batch read, delivered or skipped: fewer than asked for means the outbox is drained. */
  readonly read: number;
  /** Records that the consumer has handled everything up to and including `position`. */
  advance(position: number, at: Date): Promise<void>;
  release(): Promise<void>;
}

export interface SkippedEvent {
  readonly position: number;
  readonly problem: string;
}

export interface ConsumerClaims {
  /** Null when another process is running this consumer right now. */
  claim(consumerName: string, batchSize: number, at: Date): Promise<ConsumerClaim | null>;
}

export function consumerClaimsFor(dataSource: DataSource): ConsumerClaims {
  return dataSource.options.type === 'postgres'
    ? new RowLockedClaims(dataSource)
    : new SingleWriterClaims(dataSource.manager, connectionTurns(dataSource));
}

/**
 * SQLite: each consumer runs in one process (the gateway's and the status page's consumers have their own
 * names), so a claim is just a read. Each statement takes its own short turn: the connection must not stay busy
 * while a handler runs, since handlers may run units of work themselves. The position is written once per
 * batch, when the claim is released, as PostgreSQL commits it: every write takes the file's one write lock,
 * which the other process's commands wait for, and a crash mid-batch only redelivers that batch (consumers are
 * idempotent by event position).
 */
class SingleWriterClaims implements ConsumerClaims {
  constructor(
    private readonly manager: EntityManager,
    private readonly turns: ConnectionTurns,
  ) {}

  async claim(consumerName: string, batchSize: number, at: Date): Promise<ConsumerClaim> {
    const position = await positionOf(this.manager, consumerName, at);
    const batch = await this.turns.take(() => eventsAfter(this.manager, position, batchSize));
    let handled: { position: number; at: Date } | null = null;
    return {
      position,
      ...batch,
      advance: async (to, when) => {
        handled = { position: to, at: when };
      },
      release: async () => {
        if (handled) await storePosition(this.manager, consumerName, handled.position, handled.at);
      },
    };
  }
}

/**
 * PostgreSQL: replicas may poll the same database. The consumer's row stays locked (FOR UPDATE SKIP LOCKED)
 * for the whole batch, so a consumer runs in one replica at a time; positions commit when the batch ends, and
 * a crash mid-batch rolls them back, which redelivers the batch (delivery is at least once anyway).
 */
class RowLockedClaims implements ConsumerClaims {
  constructor(private readonly dataSource: DataSource) {}

  async claim(consumerName: string, batchSize: number, at: Date): Promise<ConsumerClaim | null> {
    await positionOf(this.dataSource.manager, consumerName, at);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const locked = await lockConsumerRow(runner.manager, consumerName);
      if (!locked) {
        await endClaim(runner, 'rollback');
        return null;
      }
      return {
        position: locked.position,
        ...(await eventsAfter(runner.manager, locked.position, batchSize)),
        advance: (to, when) => storePosition(runner.manager, consumerName, to, when),
        release: () => endClaim(runner, 'commit'),
      };
    } catch (error) {
      await endClaim(runner, 'rollback');
      throw error;
    }
  }
}

function lockConsumerRow(manager: EntityManager, consumerName: string): Promise<OutboxConsumerRow | null> {
  return manager
    .createQueryBuilder(OutboxConsumerRow, 'consumer')
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked')
    .where('consumer.name = :consumerName', { consumerName })
    .getOne();
}

async function endClaim(runner: QueryRunner, outcome: 'commit' | 'rollback'): Promise<void> {
  try {
    if (!runner.isTransactionActive) return;
    if (outcome === 'commit') await runner.commitTransaction();
    else await runner.rollbackTransaction();
  } finally {
    await runner.release();
  }
}

/**
 * Creates the position row of a consumer that should skip history, at the current head of the outbox.
 * Does nothing for a consumer that already has a position.
 */
export async function startConsumerAtHead(
  dataSource: DataSource,
  consumerName: string,
  at: Date,
): Promise<void> {
  await writeInTurn(dataSource.manager, async (manager) => {
    const head = await manager
      .createQueryBuilder(OutboxEventRow, 'event')
      .select('MAX(event.position)', 'head')
      .getRawOne<{ head: number | string | null }>();
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxConsumerRow)
      .values({ name: consumerName, position: Number(head?.head ?? 0), updatedAt: at })
      .orIgnore()
      .execute();
  });
}

/**
 * A consumer seen for the first time starts at 0 unless it was started at the head: it receives the whole
 * outbox. Only that first time writes: a poll that finds the row takes no write lock.
 */
async function positionOf(manager: EntityManager, consumerName: string, at: Date): Promise<number> {
  const known = await readPosition(manager, consumerName);
  if (known !== null) return known;
  await writeInTurn(manager, (writer) =>
    writer
      .createQueryBuilder()
      .insert()
      .into(OutboxConsumerRow)
      .values({ name: consumerName, position: 0, updatedAt: at })
      .orIgnore()
      .execute(),
  );
  return (await readPosition(manager, consumerName)) ?? 0;
}

async function readPosition(manager: EntityManager, consumerName: string): Promise<number | null> {
  const row = await inTurn(manager, () => manager.findOneBy(OutboxConsumerRow, { name: consumerName }));
  return row ? Number(row.position) : null;
}

interface Batch {
  readonly events: OutboxEvent[];
  readonly skipped: SkippedEvent[];
  readonly read: number;
}

async function eventsAfter(manager: EntityManager, position: number, limit: number): Promise<Batch> {
  const rows = await manager
    .createQueryBuilder(OutboxEventRow, 'event')
    .where('event.position > :position', { position })
    .orderBy('event.position', 'ASC')
    .limit(limit)
    .getMany();
  const batch: Batch = { events: [], skipped: [], read: rows.length };
  for (const decoded of rows.map(toOutboxEvent)) {
    if (decoded.event) batch.events.push(decoded.event);
    else batch.skipped.push({ position: decoded.position, problem: decoded.problem });
  }
  return batch;
}

async function storePosition(
  manager: EntityManager,
  consumerName: string,
  position: number,
  at: Date,
): Promise<void> {
  await writeInTurn(manager, (writer) =>
    writer.update(OutboxConsumerRow, { name: consumerName }, { position, updatedAt: at }),
  );
}
