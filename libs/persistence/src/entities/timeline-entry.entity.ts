import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'timeline_entry' })
export class TimelineEntryRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20 })
  incidentRef!: string;

  @Column({ name: 'kind', type: 'varchar', length: 40 })
  kind!: string;

  @IsoDateColumn('at')
  at!: Date;

  @Column({ name: 'author_id', type: 'varchar', length: 300, nullable: true })
  authorId!: string | null;

  @Column({ name: 'author_name', type: 'varchar', length: 300, nullable: true })
  authorName!: string | null;

  @Column({ name: 'text', type: 'text' })
  text!: string;

  /** The pinned message, if any, as JSON (its `postedAt` as ISO text). */
  @Column({ name: 'message', type: 'text', nullable: true })
  messageJson!: string | null;

  @Column({ name: 'data', type: 'text' })
  dataJson!: string;
}
