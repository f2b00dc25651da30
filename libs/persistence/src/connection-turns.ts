import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { startTransactionsAsWriter } from './sqlite-write-lock.js';

/**
 * better-sqlite3 is one connection shared by everything in the process: while a transaction is open, any
 * other statement would run inside it (seeing, or being rolled back with, someone else's uncommitted work).
 * So on SQLite, units of work, reads and outbox polls take turns. PostgreSQL has a pool: no turns needed.
 *
 * Turns are re-entrant within one async flow (a read inside a unit of work does not wait for itself).
 *
 * Each turn starts on a later pass of the event loop than the one before it ended. better-sqlite3 answers
 * synchronously, so without that pause every queued unit of work would run in one chain of promises, and
 * no request (not even `/healthz`) would be read until the whole queue was done.
 *
 * Across processes SQLite has one write lock per file. Everything that writes here does so in a transaction
 * that starts as the writer (see WriterFirstQueryRunner, installed with the turns), so it waits for another
 * process's transaction to end instead of failing with SQLITE_BUSY.
 */
export interface ConnectionTurns {
  take<T>(work: () => Promise<T>): Promise<T>;
}

interface HeldTurn {
  owner: SerialTurns;
  active: boolean;
}

const heldTurn = new AsyncLocalStorage<HeldTurn>();

class SerialTurns implements ConnectionTurns {
  private tail: Promise<unknown> = Promise.resolve();

  take<T>(work: () => Promise<T>): Promise<T> {
    const held = heldTurn.getStore();
    if (held?.owner === this && held.active) return work();
    const turn = this.tail.then(nextPassOfTheEventLoop).then(() => this.runHolding(work));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async runHolding<T>(work: () => Promise<T>): Promise<T> {
    // `active` turns false on release, so a promise left running after the turn ends waits like anyone else.
    const held: HeldTurn = { owner: this, active: true };
    try {
      return await heldTurn.run(held, work);
    } finally {
      held.active = false;
    }
  }
}

/** Resolves after the event loop has read pending I/O (setImmediate runs after the poll phase). */
const nextPassOfTheEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const unrestricted: ConnectionTurns = { take: (work) => work() };
const turnsBySqliteDataSource = new WeakMap<DataSource, SerialTurns>();

export function connectionTurns(dataSource: DataSource): ConnectionTurns {
  if (dataSource.options.type !== 'better-sqlite3') return unrestricted;
  let turns = turnsBySqliteDataSource.get(dataSource);
  if (!turns) {
    startTransactionsAsWriter(dataSource);
    turns = new SerialTurns();
    turnsBySqliteDataSource.set(dataSource, turns);
  }
  return turns;
}

/** Runs a statement outside a unit of work in its turn; inside one (a transactional manager) it already has it. */
export function inTurn<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
  if (manager.queryRunner?.isTransactionActive) return work();
  return connectionTurns(manager.connection).take(work);
}

/**
 * Runs writes made outside a unit of work (consumer positions, delivery records, subscriber bookkeeping). On
 * SQLite they form one transaction in their turn, which waits for the write lock without blocking the event
 * loop and commits or rolls back as a whole; inside a unit of work they join its transaction; on PostgreSQL
 * they run as they are, on the pool.
 */
export function writeInTurn<T>(
  manager: EntityManager,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (manager.queryRunner?.isTransactionActive) return work(manager);
  const dataSource = manager.connection;
  if (dataSource.options.type !== 'better-sqlite3') return work(manager);
  return connectionTurns(dataSource).take(() => dataSource.transaction(work));
}
