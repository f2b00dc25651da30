import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

/** What a connector already posted for an outbox event or a headline, so redelivery edits instead of reposting. */
@Entity({ name: 'chat_delivery' })
export class ChatDeliveryRow {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 300 })
  key!: string;

  @Column({ name: 'platform_message_id', type: 'varchar', length: 300 })
  platformMessageId!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 300 })
  channelId!: string;

  @IsoDateColumn('at')
  at!: Date;
}
