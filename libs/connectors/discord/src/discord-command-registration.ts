import { REST, Routes } from 'discord.js';
import { DISCORD_COMMANDS } from './discord-commands.js';
import { discordRestOptions } from './discord-connector.js';
import type { DiscordSettings } from './discord-settings.js';

export interface CommandRegistration {
  readonly scope: 'guild' | 'global';
  readonly names: string[];
}

/** Overwrites the app's commands: guild-scoped (instant) with a guild id, else global. */
export async function registerDiscordCommands(
  settings: Pick<DiscordSettings, 'token' | 'applicationId' | 'guildId' | 'apiUrl'>,
): Promise<CommandRegistration> {
  const rest = new REST(discordRestOptions(settings)).setToken(settings.token);
  const route = settings.guildId
    ? Routes.applicationGuildCommands(settings.applicationId, settings.guildId)
    : Routes.applicationCommands(settings.applicationId);
  const saved = (await rest.put(route, { body: DISCORD_COMMANDS })) as { name: string }[];
  return { scope: settings.guildId ? 'guild' : 'global', names: saved.map((each) => each.name) };
}
