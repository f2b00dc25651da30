import type { ChatWorkspace } from '@firebreak/incident';

/** What `/incident setup` keeps for a guild in its workspace's platform settings, read back typed. */
export interface DiscordGuildSettings {
  /** The category new incident channels go under; null: none (top level). */
  readonly incidentCategoryId: string | null;
  /** The category closed incident channels move to; null: they stay where they are. */
  readonly archiveCategoryId: string | null;
}

/** The guild settings of a Discord workspace; anything missing or not a channel id reads as not set. */
export function discordGuildSettings(
  workspace: Pick<ChatWorkspace, 'settings'> | null,
): DiscordGuildSettings {
  const id = (key: string): string | null => {
    const value = workspace?.settings[key];
    return typeof value === 'string' && value ? value : null;
  };
  return { incidentCategoryId: id('incidentCategoryId'), archiveCategoryId: id('archiveCategoryId') };
}

/** The guild settings as stored: only what is set. */
export function storedGuildSettings(settings: DiscordGuildSettings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
