import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

/**
 * A group of alerts, one row per sender and group key: its primary key (a hash of both, as group keys can be
 * longer than an index entry allows) is what makes a concurrent second declare of the same group fail.
 */
@Entity({ name: 'alert_group' })
export class AlertGroupRow {
  /** Hex SHA-256 of sender, newline, group key. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'sender', type: 'varchar', length: 300 })
  sender!: string;

  @Column({ name: 'group_key', type: 'text' })
  groupKey!: string;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20, nullable: true })
  incidentRef!: string | null;

  @IsoDateColumn('first_seen_at')
  firstSeenAt!: Date;

  @IsoDateColumn('updated_at')
  updatedAt!: Date;
}

/** One firing of an alert of a group (fingerprint and start), logged once. */
@Entity({ name: 'alert_firing' })
export class AlertFiringRow {
  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 64 })
  groupId!: string;

  @PrimaryColumn({ name: 'fingerprint', type: 'varchar', length: 128 })
  fingerprint!: string;

  @PrimaryColumn({ name: 'starts_at', type: 'varchar', length: 30 })
  startsAt!: string;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20, nullable: true })
  incidentRef!: string | null;

  @IsoDateColumn('resolved_at', { nullable: true })
  resolvedAt!: Date | null;
}
