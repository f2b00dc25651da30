import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'scheduled_update' })
export class ScheduledUpdateRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;
  @Column({ name: 'incident_ref', type: 'varchar', length: 20 })
  incidentRef!: string;
  @Column({ name: 'body', type: 'text' })
  body!: string;
  @IsoDateColumn('publish_at')
  publishAt!: Date;
  @Column({ name: 'zone', type: 'varchar', length: 64, nullable: true })
  zone!: string | null;
  @Column({ name: 'state', type: 'varchar', length: 20 })
  state!: string;
  @Column({ name: 'author_id', type: 'varchar', length: 300 })
  authorId!: string;
  @Column({ name: 'author_name', type: 'varchar', length: 300 })
  authorName!: string;
  @IsoDateColumn('created_at')
  createdAt!: Date;
  @IsoDateColumn('settled_at', { nullable: true })
  settledAt!: Date | null;
  @Column({ name: 'note', type: 'text', nullable: true })
  note!: string | null;
}

@Entity({ name: 'update_draft' })
export class UpdateDraftRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;
  @Column({ name: 'incident_ref', type: 'varchar', length: 20 })
  incidentRef!: string;
  @Column({ name: 'body', type: 'text' })
  body!: string;
  @Column({ name: 'state', type: 'varchar', length: 20 })
  state!: string;
  @Column({ name: 'author_id', type: 'varchar', length: 300 })
  authorId!: string;
  @Column({ name: 'author_name', type: 'varchar', length: 300 })
  authorName!: string;
  @IsoDateColumn('created_at')
  createdAt!: Date;
  @Column({ name: 'approved_by_id', type: 'varchar', length: 300, nullable: true })
  approvedById!: string | null;
  @Column({ name: 'approved_by_name', type: 'varchar', length: 300, nullable: true })
  approvedByName!: string | null;
  @IsoDateColumn('approved_at', { nullable: true })
  approvedAt!: Date | null;
}

/** When a kind of reminder last went out for an incident; kind `snooze` holds the snooze end instead. */
@Entity({ name: 'incident_reminder' })
export class IncidentReminderRow {
  @PrimaryColumn({ name: 'incident_ref', type: 'varchar', length: 20 })
  incidentRef!: string;
  @PrimaryColumn({ name: 'kind', type: 'varchar', length: 20 })
  kind!: string;
  @IsoDateColumn('at')
  at!: Date;
}

@Entity({ name: 'update_template' })
export class UpdateTemplateRow {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 64 })
  name!: string;
  @Column({ name: 'body', type: 'text' })
  body!: string;
}

@Entity({ name: 'subscriber' })
export class SubscriberRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;
  @Column({ name: 'channel', type: 'varchar', length: 20 })
  channel!: string;
  @Column({ name: 'address', type: 'varchar', length: 2000 })
  address!: string;
  @Column({ name: 'component_ids', type: 'text' })
  componentIdsJson!: string;
  @Column({ name: 'state', type: 'varchar', length: 20 })
  state!: string;
  @Column({ name: 'token', type: 'varchar', length: 64 })
  token!: string;
  @Column({ name: 'secret', type: 'varchar', length: 128, nullable: true })
  secret!: string | null;
  @Column({ name: 'contact_email', type: 'varchar', length: 320, nullable: true })
  contactEmail!: string | null;
  @Column({ name: 'consecutive_failures', type: 'integer' })
  consecutiveFailures!: number;
  @IsoDateColumn('created_at')
  createdAt!: Date;
  @IsoDateColumn('confirmed_at', { nullable: true })
  confirmedAt!: Date | null;
  @IsoDateColumn('disabled_at', { nullable: true })
  disabledAt!: Date | null;
}

@Entity({ name: 'notification_delivery' })
export class NotificationDeliveryRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;
  @Column({ name: 'dedupe_key', type: 'varchar', length: 120 })
  dedupeKey!: string;
  @Column({ name: 'subscriber_id', type: 'integer' })
  subscriberId!: number;
  @Column({ name: 'purpose', type: 'varchar', length: 20 })
  purpose!: string;
  @Column({ name: 'payload', type: 'text' })
  payloadJson!: string;
  @Column({ name: 'state', type: 'varchar', length: 20 })
  state!: string;
  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;
  @IsoDateColumn('next_attempt_at')
  nextAttemptAt!: Date;
  @IsoDateColumn('lease_until', { nullable: true })
  leaseUntil!: Date | null;
  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner!: string | null;
  @IsoDateColumn('created_at')
  createdAt!: Date;
  @IsoDateColumn('delivered_at', { nullable: true })
  deliveredAt!: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}

export const COMMUNICATIONS_ENTITIES = [
  ScheduledUpdateRow,
  UpdateDraftRow,
  IncidentReminderRow,
  UpdateTemplateRow,
  SubscriberRow,
  NotificationDeliveryRow,
];
