export { INCIDENT_COMMAND } from './discord-commands.js';
export { registerDiscordCommands } from './discord-command-registration.js';
export { DiscordConnector } from './discord-connector.js';
export {
  DISCORD_ENVIRONMENT,
  discordSettingsFrom,
  requireCompleteDiscordConfig,
} from './discord-settings.js';
export { DiscordModule } from './discord.module.js';
