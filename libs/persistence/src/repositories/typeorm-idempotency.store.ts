import { IdempotencyStore } from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { IdempotencyKeyRow } from '../entities/idempotency-key.entity.js';

export class TypeOrmIdempotencyStore extends IdempotencyStore {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  /** The remembered result, or null when the key is new. */
  async find(key: string): Promise<unknown> {
    const row = await this.manager.findOneBy(IdempotencyKeyRow, { key });
    return row ? (JSON.parse(row.result) as unknown) : null;
  }

  /**
   * A plain insert: if a concurrent first delivery already stored the key, the unique violation fails this
   * unit of work, and its retry answers from what the other one remembered.
   */
  async remember(key: string, result: unknown, at: Date): Promise<void> {
    await this.manager.insert(IdempotencyKeyRow, {
      key,
      result: JSON.stringify(result ?? null),
      createdAt: at,
    });
  }
}
