import { IncidentError, IncidentErrorCode } from '@firebreak/incident';

/**
 * An incident this unit of work read was changed by another transaction before it wrote it back (on
 * PostgreSQL: two replicas, or a command and a chat delivery recording its post, on one incident at once).
 * Nothing is wrong with the command: run again, the unit of work reads the winner's version and applies on
 * top of it. Users only see the conflict if a unit keeps losing.
 */
export class ChangedSinceRead extends IncidentError {
  constructor(ref: string) {
    super(IncidentErrorCode.Conflict, `${ref} was changed by someone else; try again.`);
  }
}

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';
const UNIQUE_VIOLATION = '23505';
/**
 * Units of work check before they insert (the incident number, the idempotency key, a component's name, a
 * guild's setup), so a unique violation means a concurrent unit committed the same row between our check and
 * our insert. Run again, the check sees that row: the twin answers from it, or the user gets the domain's
 * "already exists".
 */
const LOST_RACE_CODES = new Set([SERIALIZATION_FAILURE, DEADLOCK_DETECTED, UNIQUE_VIOLATION]);

/**
 * Errors that mean "run the unit of work again": a stale incident version, or PostgreSQL's lost races as raised
 * through TypeORM. SQLite never raises them: its transactions take the write lock before they read.
 */
export function isLostRace(error: unknown): boolean {
  if (error instanceof ChangedSinceRead) return true;
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' && LOST_RACE_CODES.has(code);
}
