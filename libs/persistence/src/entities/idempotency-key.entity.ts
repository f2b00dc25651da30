import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'idempotency_key' })
export class IdempotencyKeyRow {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 300 })
  key!: string;

  /** JSON text, parsed by the store (not by a column transformer) because `null` is a valid result. */
  @Column({ name: 'result', type: 'text' })
  result!: string;

  @IsoDateColumn('created_at')
  createdAt!: Date;
}
