import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'maintenance' })
export class MaintenanceRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  @Column({ name: 'body', type: 'text' })
  body!: string;

  /** JSON array of component ids. */
  @Column({ name: 'component_ids', type: 'text' })
  componentIdsJson!: string;

  @IsoDateColumn('scheduled_for')
  scheduledFor!: Date;

  @IsoDateColumn('scheduled_until')
  scheduledUntil!: Date;

  @IsoDateColumn('cancelled_at', { nullable: true })
  cancelledAt!: Date | null;

  @IsoDateColumn('created_at')
  createdAt!: Date;

  @IsoDateColumn('updated_at')
  updatedAt!: Date;
}

@Entity({ name: 'write_up' })
export class WriteUpRow {
  @PrimaryColumn({ name: 'slug', type: 'varchar', length: 120 })
  slug!: string;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20, nullable: true })
  incidentRef!: string | null;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  @Column({ name: 'markdown', type: 'text' })
  markdown!: string;

  @Column({ name: 'state', type: 'varchar', length: 20 })
  state!: string;

  @IsoDateColumn('published_at', { nullable: true })
  publishedAt!: Date | null;

  @IsoDateColumn('created_at')
  createdAt!: Date;

  @IsoDateColumn('updated_at')
  updatedAt!: Date;
}
