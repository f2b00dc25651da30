export {
  ADAPTIVE_CARD_CONTENT_TYPE,
  AdaptiveCardRenderer,
  markdownOf,
  type AdaptiveCard,
  type TeamsMessage,
} from './adaptive-card.renderer.js';
export { ADD_TO_TIMELINE_COMMAND, FirebreakTeamsBot } from './firebreak-teams.bot.js';
export { commandTextOf, plainText } from './teams-command-text.js';
export { TeamsCloudAdapter } from './teams-cloud-adapter.js';
export { headlineKey, TeamsDelivery } from './teams-delivery.consumer.js';
export { TEAMS_CONNECTOR_OFF } from './teams-endpoint.guard.js';
export { isLoopbackHost, isLoopbackUrl } from './teams-loopback.js';
export { TeamsModule, type TeamsModuleOptions } from './teams.module.js';
export {
  botFrameworkConfiguration,
  PUBLIC_CLOUD_ENDPOINTS,
  TEAMS_BOT_AUTHENTICATION,
  teamsEndpointMode,
  type BotFrameworkEndpoints,
  type TeamsConnectorOptions,
  type TeamsEndpointMode,
} from './teams-options.js';
export { channelOf, threadRootOf, TeamsWorkspaces, type TeamsWorkspace } from './teams-workspaces.js';
export {
  TEAMS_MANIFEST_VERSION,
  teamsAppManifest,
  type TeamsAppManifestInput,
} from './teams-app-manifest.js';
export { teamsAppPackage } from './teams-app-package.js';
