import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';

/** Where a SQL statement came from: an outbox consumer's batch, or everything else (requests, schedulers). */
export type StatementOrigin = 'outbox' | 'other';

const origin = new AsyncLocalStorage<StatementOrigin>();
const sent: Record<StatementOrigin, number> = { outbox: 0, other: 0 };
const counted = new WeakSet<DataSource>();

/** SQL statements this process has sent to its databases so far, by origin (metrics and benchmarks). */
export function statementsSent(): Readonly<Record<StatementOrigin, number>> {
  return { ...sent };
}

/** Counts one statement sent outside TypeORM's query runners (the SQLite `BEGIN IMMEDIATE`). */
export function countStatement(): void {
  sent[origin.getStore() ?? 'other'] += 1;
}

/** Runs outbox delivery work so that the statements it sends are counted as the outbox's. */
export function asOutboxWork<T>(work: () => Promise<T>): Promise<T> {
  return origin.run('outbox', work);
}

/**
 * Counts every statement the DataSource's query runners send: TypeORM tells its logger about each one,
 * whether or not logging is on, so the count costs one increment per statement.
 */
export function countStatementsOf(dataSource: DataSource): void {
  if (counted.has(dataSource)) return;
  counted.add(dataSource);
  const logger = dataSource.logger;
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (...args) => {
    countStatement();
    return logQuery(...args);
  };
}
