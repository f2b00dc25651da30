import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'chat_workspace' })
export class ChatWorkspaceRow {
  @PrimaryColumn({ name: 'platform', type: 'varchar', length: 20 })
  platform!: string;

  @PrimaryColumn({ name: 'workspace_id', type: 'varchar', length: 300 })
  workspaceId!: string;

  @Column({ name: 'incidents_channel_id', type: 'varchar', length: 300, nullable: true })
  incidentsChannelId!: string | null;

  @Column({ name: 'settings', type: 'text' })
  settingsJson!: string;

  @IsoDateColumn('updated_at')
  updatedAt!: Date;
}
