import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'review' })
export class ReviewRow {
  @PrimaryColumn({ name: 'incident_ref', type: 'varchar', length: 20 })
  incidentRef!: string;

  @Column({ name: 'markdown', type: 'text' })
  markdown!: string;

  @Column({ name: 'revision', type: 'integer' })
  revision!: number;

  @Column({ name: 'state', type: 'varchar', length: 20 })
  state!: string;

  @IsoDateColumn('meeting_at', { nullable: true })
  meetingAt!: Date | null;

  @IsoDateColumn('meeting_reminded_at', { nullable: true })
  meetingRemindedAt!: Date | null;

  @IsoDateColumn('updated_at')
  updatedAt!: Date;

  @Column({ name: 'updated_by_id', type: 'varchar', length: 300 })
  updatedById!: string;

  @Column({ name: 'updated_by_name', type: 'varchar', length: 300 })
  updatedByName!: string;
}

@Entity({ name: 'review_revision' })
export class ReviewRevisionRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20 })
  incidentRef!: string;

  @Column({ name: 'revision', type: 'integer' })
  revision!: number;

  @Column({ name: 'markdown', type: 'text' })
  markdown!: string;

  @Column({ name: 'author_id', type: 'varchar', length: 300 })
  authorId!: string;

  @Column({ name: 'author_name', type: 'varchar', length: 300 })
  authorName!: string;

  @IsoDateColumn('at')
  at!: Date;

  @Column({ name: 'note', type: 'text' })
  note!: string;
}
