export { DISCORD_COMMANDS, INCIDENT_COMMAND, INCIDENT_COMMAND_NAME } from './discord-commands.js';
export { registerDiscordCommands, type CommandRegistration } from './discord-command-registration.js';
export {
  actorOf,
  commandContextFor,
  standingOf,
  translateSlashCommand,
  type SlashCommandTranslation,
  type TranslationSettings,
} from './discord-command-translator.js';
export { DISCORD_SETTINGS, DiscordConnector, discordRestOptions } from './discord-connector.js';
export {
  DiscordDeliveryConsumer,
  deliveryKeys,
  discordChannelUrl,
  incidentChannelName,
} from './discord-delivery.consumer.js';
export { DiscordInteractionHandler, type InteractionResponder } from './discord-interaction-handler.js';
export {
  renderDiscordMessage,
  toDiscordMarkdown,
  type DiscordMessageBody,
} from './discord-message-renderer.js';
export {
  DISCORD_ENVIRONMENT,
  discordSettingsFrom,
  requireCompleteDiscordConfig,
  type DiscordSettings,
} from './discord-settings.js';
export {
  DiscordSignatureVerifier,
  MAX_SIGNATURE_AGE_SECONDS,
  type SignatureVerdict,
} from './discord-signature.js';
export { DiscordModule, type DiscordModuleOptions } from './discord.module.js';
