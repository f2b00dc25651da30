import { ChatWorkspaceRepository, type ChatWorkspace, type Platform } from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { inTurn, writeInTurn } from '../connection-turns.js';
import { ChatWorkspaceRow } from '../entities/chat-workspace.entity.js';

/** Used outside units of work: each call takes its own turn on SQLite's single connection. */
export class TypeOrmChatWorkspaceRepository extends ChatWorkspaceRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  find(platform: Platform, workspaceId: string): Promise<ChatWorkspace | null> {
    return inTurn(this.manager, async () => {
      const row = await this.manager.findOneBy(ChatWorkspaceRow, { platform, workspaceId });
      return row ? toWorkspace(row) : null;
    });
  }

  list(platform: Platform): Promise<ChatWorkspace[]> {
    return inTurn(this.manager, async () => {
      const rows = await this.manager.find(ChatWorkspaceRow, {
        where: { platform },
        order: { workspaceId: 'ASC' },
      });
      return rows.map(toWorkspace);
    });
  }

  save(workspace: ChatWorkspace): Promise<void> {
    return writeInTurn(this.manager, async (writer) => {
      await writer.upsert(ChatWorkspaceRow, toRow(workspace), ['platform', 'workspaceId']);
    });
  }
}

function toRow(workspace: ChatWorkspace): ChatWorkspaceRow {
  return {
    platform: workspace.platform,
    workspaceId: workspace.workspaceId,
    incidentsChannelId: workspace.incidentsChannelId,
    settingsJson: JSON.stringify(workspace.settings),
    updatedAt: workspace.updatedAt,
  };
}

function toWorkspace(row: ChatWorkspaceRow): ChatWorkspace {
  return {
    platform: row.platform as Platform,
    workspaceId: row.workspaceId,
    incidentsChannelId: row.incidentsChannelId,
    settings: JSON.parse(row.settingsJson) as ChatWorkspace['settings'],
    updatedAt: row.updatedAt,
  };
}
