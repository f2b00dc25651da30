import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'component' })
export class ComponentRow {
  /** The slug, e.g. `public-api`. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 120 })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  /** `name` lower-cased: a unique index on it makes names unique regardless of case, on both databases. */
  @Column({ name: 'name_key', type: 'varchar', length: 100 })
  nameKey!: string;

  @Column({ name: 'group_name', type: 'varchar', length: 100, nullable: true })
  group!: string | null;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'status', type: 'varchar', length: 30 })
  status!: string;

  @Column({ name: 'position', type: 'integer' })
  position!: number;

  @IsoDateColumn('created_at')
  createdAt!: Date;

  @IsoDateColumn('updated_at')
  updatedAt!: Date;
}

@Entity({ name: 'component_status_change' })
export class ComponentStatusChangeRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'component_id', type: 'varchar', length: 120 })
  componentId!: string;

  @Column({ name: 'old_status', type: 'varchar', length: 30 })
  oldStatus!: string;

  @Column({ name: 'new_status', type: 'varchar', length: 30 })
  newStatus!: string;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20, nullable: true })
  incidentRef!: string | null;

  @IsoDateColumn('at')
  at!: Date;
}
