import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'action_item' })
export class ActionItemRow {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'incident_ref', type: 'varchar', length: 20 })
  incidentRef!: string;

  @Column({ name: 'kind', type: 'varchar', length: 20 })
  kind!: string;

  @Column({ name: 'text', type: 'text' })
  text!: string;

  @Column({ name: 'owner_id', type: 'varchar', length: 300, nullable: true })
  ownerId!: string | null;

  @Column({ name: 'owner_name', type: 'varchar', length: 300, nullable: true })
  ownerName!: string | null;

  @IsoDateColumn('due_at', { nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'state', type: 'varchar', length: 20 })
  state!: string;

  @Column({ name: 'created_by_id', type: 'varchar', length: 300 })
  createdById!: string;

  @Column({ name: 'created_by_name', type: 'varchar', length: 300 })
  createdByName!: string;

  @IsoDateColumn('created_at')
  createdAt!: Date;

  @IsoDateColumn('done_at', { nullable: true })
  doneAt!: Date | null;
}
