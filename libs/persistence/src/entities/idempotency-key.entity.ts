import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

/** A remembered answer, under a key within a scope (empty for platform ids, caller and route for the API). */
@Entity({ name: 'idempotency_key' })
export class IdempotencyKeyRow {
  @PrimaryColumn({ name: 'scope', type: 'varchar', length: 300, default: '' })
  scope!: string;

  @PrimaryColumn({ name: 'key', type: 'varchar', length: 300 })
  key!: string;

  /** Hex SHA-256 of the request that first used the key (API calls only). */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash!: string | null;

  /** JSON text, parsed by the store (not by a column transformer) because `null` is a valid result. */
  @Column({ name: 'result', type: 'text' })
  result!: string;

  @IsoDateColumn('created_at')
  createdAt!: Date;
}
