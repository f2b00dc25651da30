import { DeliveryLog, type DeliveryRecord } from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { inTurn, writeInTurn } from '../connection-turns.js';
import { ChatDeliveryRow } from '../entities/chat-delivery.entity.js';

/** Used by outbox consumers outside units of work: each call takes its own turn on SQLite's single connection. */
export class TypeOrmDeliveryLog extends DeliveryLog {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  find(key: string): Promise<DeliveryRecord | null> {
    return inTurn(this.manager, async () => {
      const row = await this.manager.findOneBy(ChatDeliveryRow, { key });
      return row
        ? { key: row.key, platformMessageId: row.platformMessageId, channelId: row.channelId, at: row.at }
        : null;
    });
  }

  /** Recording a key again replaces it (e.g. a headline that had to be reposted). */
  record(entry: DeliveryRecord): Promise<void> {
    return writeInTurn(this.manager, async (writer) => {
      const row: ChatDeliveryRow = {
        key: entry.key,
        platformMessageId: entry.platformMessageId,
        channelId: entry.channelId,
        at: entry.at,
      };
      await writer.upsert(ChatDeliveryRow, row, ['key']);
    });
  }
}
