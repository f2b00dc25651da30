import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'status_update' })
export class StatusUpdateRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20 })
  incidentRef!: string;

  @Column({ name: 'body', type: 'text' })
  body!: string;

  @Column({ name: 'status', type: 'varchar', length: 20 })
  status!: string;

  @Column({ name: 'affected_components', type: 'text' })
  affectedComponentsJson!: string;

  @Column({ name: 'author_id', type: 'varchar', length: 300 })
  authorId!: string;

  @Column({ name: 'author_name', type: 'varchar', length: 300 })
  authorName!: string;

  @IsoDateColumn('published_at')
  publishedAt!: Date;
}
