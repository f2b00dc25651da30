import { setTimeout as sleep } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { QueryFailedError, type DataSource } from 'typeorm';
import type { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver.js';
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner.js';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { countStatement } from './sql-statement-count.js';

/**
 * How long a transaction waits for another process to let go of the SQLite write lock before it gives up.
 * Other processes hold it for one short transaction at a time (milliseconds); only a stuck process holds it
 * this long.
 */
const WRITE_LOCK_WAIT_MS = 30_000;
/** Pauses between attempts at the lock grow to this, with jitter, so a waiter notices a released lock soon. */
const LONGEST_PAUSE_MS = 8;

/**
 * better-sqlite3's query runner, with transactions that start as the writer.
 *
 * TypeORM opens SQLite transactions with a deferred `BEGIN`: the transaction reads from a snapshot and asks for
 * the write lock at its first write. If another process (the status page next to the gateway) committed since
 * the snapshot was taken, SQLite cannot upgrade it and answers SQLITE_BUSY at once, whatever the busy timeout,
 * and the unit of work fails. `BEGIN IMMEDIATE` takes the write lock before the first read, so a transaction
 * that started never fails for a lock; the only wait is at the start, before anything ran.
 *
 * That wait is asynchronous: SQLite's own busy handler would sleep inside the synchronous driver call, freezing
 * the whole process (its HTTP requests, websockets and timers) for as long as the other process holds the lock.
 * Here each attempt is non-blocking and the pauses between attempts are timers.
 */
class WriterFirstQueryRunner extends BetterSqlite3QueryRunner {
  override async startTransaction(isolationLevel?: IsolationLevel): Promise<void> {
    // Nested transactions are savepoints inside the one that already holds the lock.
    if (this.transactionDepth > 0) return super.startTransaction(isolationLevel);
    if (isolationLevel)
      throw new Error(`SQLite transactions are serializable; ${isolationLevel} is not offered.`);
    this.isTransactionActive = true;
    try {
      await this.broadcaster.broadcast('BeforeTransactionStart');
      await takeWriteLock(this.driver.databaseConnection as BetterSqlite3.Database);
    } catch (error) {
      // TypeORM's own start leaves the runner marked active when BEGIN fails; this one leaves it usable.
      this.isTransactionActive = false;
      throw error;
    }
    this.transactionDepth += 1;
    await this.broadcaster.broadcast('AfterTransactionStart');
  }
}

async function takeWriteLock(connection: BetterSqlite3.Database): Promise<void> {
  const statements = statementsOf(connection);
  const giveUpAt = Date.now() + WRITE_LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt += 1) {
    try {
      beginWithoutBusyWait(statements);
      countStatement();
      return;
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() >= giveUpAt)
        throw new QueryFailedError('BEGIN IMMEDIATE', [], error as Error);
      await sleep(pauseBefore(attempt));
    }
  }
}

interface LockStatements {
  readonly begin: BetterSqlite3.Statement;
  readonly noBusyWait: BetterSqlite3.Statement;
  /** Puts the connection's own busy timeout back: it still guards every other statement. */
  readonly restoreBusyWait: BetterSqlite3.Statement;
}

const statementsByConnection = new WeakMap<BetterSqlite3.Database, LockStatements>();

function statementsOf(connection: BetterSqlite3.Database): LockStatements {
  let statements = statementsByConnection.get(connection);
  if (!statements) {
    const busyTimeout = Number(connection.pragma('busy_timeout', { simple: true }));
    statements = {
      begin: connection.prepare('BEGIN IMMEDIATE'),
      noBusyWait: connection.prepare('PRAGMA busy_timeout = 0'),
      restoreBusyWait: connection.prepare(`PRAGMA busy_timeout = ${busyTimeout}`),
    };
    statementsByConnection.set(connection, statements);
  }
  return statements;
}

function beginWithoutBusyWait({ begin, noBusyWait, restoreBusyWait }: LockStatements): void {
  // Setting the busy timeout answers with the new value: a PRAGMA that returns a row is read, not run.
  noBusyWait.get();
  try {
    begin.run();
  } finally {
    restoreBusyWait.get();
  }
}

function pauseBefore(attempt: number): number {
  const ceiling = Math.min(LONGEST_PAUSE_MS, 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY…), as better-sqlite3 names them. */
function isSqliteBusy(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Makes every transaction of a SQLite DataSource start as the writer: its driver hands out a
 * WriterFirstQueryRunner (better-sqlite3 has one connection, so one runner per DataSource). Before
 * `initialize()` it covers the migrations too. Does nothing for other databases, or when already done.
 */
export function startTransactionsAsWriter(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const driver = dataSource.driver as BetterSqlite3Driver;
  if (driver.queryRunner instanceof WriterFirstQueryRunner) return;
  if (driver.queryRunner?.isTransactionActive)
    throw new Error('Cannot change how transactions start while one is open.');
  driver.queryRunner = new WriterFirstQueryRunner(driver);
  // After a disconnect (destroy, then initialize again) the driver drops its runner: the next one is ours too.
  driver.createQueryRunner = () => (driver.queryRunner ??= new WriterFirstQueryRunner(driver));
}
