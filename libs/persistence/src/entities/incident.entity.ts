import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'incident' })
export class IncidentRow {
  @PrimaryColumn({ name: 'ref', type: 'varchar', length: 20 })
  ref!: string;

  @Column({ name: 'number', type: 'integer' })
  number!: number;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  /** What customers read; null until the communications lead chose or confirmed one. */
  @Column({ name: 'public_title', type: 'text', nullable: true })
  publicTitle!: string | null;

  @Column({ name: 'public_impact', type: 'varchar', length: 20, nullable: true })
  publicImpact!: string | null;

  @Column({ name: 'summary', type: 'text', nullable: true })
  summary!: string | null;

  @Column({ name: 'impact', type: 'text', nullable: true })
  impact!: string | null;

  @Column({ name: 'severity', type: 'varchar', length: 20 })
  severity!: string;

  @Column({ name: 'status', type: 'varchar', length: 20 })
  status!: string;

  /** Role → participant, as JSON. */
  @Column({ name: 'roles', type: 'text' })
  rolesJson!: string;

  @Column({ name: 'component_ids', type: 'text' })
  componentIdsJson!: string;

  @IsoDateColumn('declared_at')
  declaredAt!: Date;

  /** When the incident began (its alerts' earliest start), else `declared_at`. */
  @IsoDateColumn('started_at')
  startedAt!: Date;

  @IsoDateColumn('updated_at')
  updatedAt!: Date;

  /** First Incident Lead assigned; the domain stamps it once (`withMilestones`). */
  @IsoDateColumn('acknowledged_at', { nullable: true })
  acknowledgedAt!: Date | null;

  /** First monitoring, resolved or closed status; the domain stamps it once (`withMilestones`). */
  @IsoDateColumn('mitigated_at', { nullable: true })
  mitigatedAt!: Date | null;

  @IsoDateColumn('resolved_at', { nullable: true })
  resolvedAt!: Date | null;

  @IsoDateColumn('closed_at', { nullable: true })
  closedAt!: Date | null;

  /** Recorded after it happened (`declare --past`): no channel, pings or reminders. */
  @Column({ name: 'retrospective', type: 'boolean', default: false })
  retrospective!: boolean;

  /** Visible only to its invitees and administrators. */
  @Column({ name: 'private', type: 'boolean', default: false })
  private!: boolean;

  /** Who may see a private incident, as JSON participants. */
  @Column({ name: 'invitees', type: 'text', default: '[]' })
  inviteesJson!: string;

  @Column({ name: 'declared_platform', type: 'varchar', length: 20 })
  declaredPlatform!: string;

  @Column({ name: 'declared_channel_id', type: 'varchar', length: 300 })
  declaredChannelId!: string;

  /** Pages of the on-call lead, as JSON (dates as ISO text). */
  @Column({ name: 'pages', type: 'text', default: '[]' })
  pagesJson!: string;

  /** The incident's call as JSON, or null. */
  @Column({ name: 'incident_call', type: 'text', nullable: true })
  callJson!: string | null;

  @Column({ name: 'version', type: 'integer' })
  version!: number;
}

/** The channel or conversation opened for an incident; a channel belongs to at most one incident. */
@Entity({ name: 'incident_space' })
export class IncidentSpaceRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20 })
  incidentRef!: string;

  @Column({ name: 'platform', type: 'varchar', length: 20 })
  platform!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 300 })
  channelId!: string;

  @Column({ name: 'headline_message_id', type: 'varchar', length: 300, nullable: true })
  headlineMessageId!: string | null;

  @Column({ name: 'announcement_message_id', type: 'varchar', length: 300, nullable: true })
  announcementMessageId!: string | null;

  @Column({ name: 'url', type: 'text', nullable: true })
  url!: string | null;
}
