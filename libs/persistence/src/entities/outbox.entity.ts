import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'outbox_event' })
export class OutboxEventRow {
  /** Delivery order, and the consumers' idempotency key. */
  @PrimaryGeneratedColumn('increment', { name: 'position', type: 'integer' })
  position!: number;

  @Column({ name: 'type', type: 'varchar', length: 60 })
  type!: string;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20, nullable: true })
  incidentRef!: string | null;

  @IsoDateColumn('occurred_at')
  occurredAt!: Date;

  @Column({ name: 'payload', type: 'text' })
  payloadJson!: string;
}

/** How far one consumer has read the outbox. */
@Entity({ name: 'outbox_consumer' })
export class OutboxConsumerRow {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'position', type: 'integer' })
  position!: number;

  @IsoDateColumn('updated_at')
  updatedAt!: Date;
}
