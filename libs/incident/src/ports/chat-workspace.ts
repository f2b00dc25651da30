import type { Platform } from '../model/participant.js';

/**
 * Per-workspace chat settings (a Discord guild, a Teams team), set from chat with `setup`
 * so no redeploy is needed.
 */
export interface ChatWorkspace {
  readonly platform: Platform;
  readonly workspaceId: string;
  /** Where incidents are announced. */
  readonly incidentsChannelId: string | null;
  /**
   * What only the platform knows, owned and read by its connector (a Teams conversation reference, the Discord
   * categories incident channels go under and are archived in), as JSON.
   */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly updatedAt: Date;
}

export abstract class ChatWorkspaceRepository {
  abstract find(platform: Platform, workspaceId: string): Promise<ChatWorkspace | null>;
  abstract list(platform: Platform): Promise<ChatWorkspace[]>;
  abstract save(workspace: ChatWorkspace): Promise<void>;
}

/**
 * What a consumer already delivered to a platform, keyed by something stable (e.g. `discord:headline:INC-3`
 * or `discord:event:42`), so a redelivered outbox event edits or skips instead of posting twice.
 */
export interface DeliveryRecord {
  readonly key: string;
  readonly platformMessageId: string;
  readonly channelId: string;
  readonly at: Date;
}

export abstract class DeliveryLog {
  abstract find(key: string): Promise<DeliveryRecord | null>;
  abstract record(entry: DeliveryRecord): Promise<void>;
}
