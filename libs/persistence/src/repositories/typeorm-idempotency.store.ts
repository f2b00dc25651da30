import { IdempotencyStore, type IdempotencyScope, type RememberedAnswer } from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { IdempotencyKeyRow } from '../entities/idempotency-key.entity.js';

export class TypeOrmIdempotencyStore extends IdempotencyStore {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  /** The remembered answer, or null when the key is new in its scope. */
  async find(key: string, scope = ''): Promise<RememberedAnswer | null> {
    const row = await this.manager.findOneBy(IdempotencyKeyRow, { scope, key });
    return row ? { result: JSON.parse(row.result) as unknown, requestHash: row.requestHash } : null;
  }

  /**
   * A plain insert: if a concurrent first delivery already stored the key, the unique violation fails this
   * unit of work, and its retry answers from what the other one remembered (or refuses a different request).
   */
  async remember(key: string, result: unknown, at: Date, request?: IdempotencyScope): Promise<void> {
    // Without updateEntity(false) TypeORM reads the row back after inserting it on SQLite: one statement
    // more per command, for values this insert already has.
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(IdempotencyKeyRow)
      .values({
        scope: request?.scope ?? '',
        key,
        requestHash: request?.requestHash ?? null,
        result: JSON.stringify(result ?? null),
        createdAt: at,
      })
      .updateEntity(false)
      .execute();
  }
}
