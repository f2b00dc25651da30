import type { EntityManager } from 'typeorm';

/**
 * Transaction-scoped PostgreSQL advisory locks: held until commit or rollback, so whatever the holder writes
 * is visible before the next holder reads. No-ops elsewhere (SQLite transactions already take turns).
 */
export enum AdvisoryLock {
  /** Declares take numbers one at a time, so concurrent declares get distinct numbers without retrying. */
  IncidentNumbering = 7_310_001,
  /**
   * Outbox writers commit in position order. Without it, a later position could commit first and a poller
   * that already moved past it would never see the earlier one.
   */
  OutboxAppend = 7_310_002,
  /** Replicas starting together run the migrations one at a time (session lock, see openDataSource). */
  Migrations = 7_310_003,
  /** One group of alerts is handled by one notification at a time (keyed by the group, see holdKeyUntilCommit). */
  AlertGroups = 7_310_004,
}

export async function holdUntilCommit(manager: EntityManager, lock: AdvisoryLock): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock($1)', [lock]);
}

/**
 * A transaction lock on one key within a class (`pg_advisory_xact_lock(int, int)`, a key space apart from the
 * one-key locks above): holders of different keys do not wait for each other. `hexKey` is up to 8 hex digits.
 */
export async function holdKeyUntilCommit(
  manager: EntityManager,
  lock: AdvisoryLock,
  hexKey: string,
): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [lock, Number.parseInt(hexKey, 16) | 0]);
}
