export { ADAPTIVE_CARD_CONTENT_TYPE } from './teams-card.renderer.js';
export { ADD_TO_TIMELINE_COMMAND } from './firebreak-teams.bot.js';
export { TEAMS_CONNECTOR_OFF } from './teams-endpoint.guard.js';
export { isLoopbackHost } from './teams-loopback.js';
export { TeamsModule } from './teams.module.js';
export { TEAMS_BOT_AUTHENTICATION, teamsEndpointMode } from './teams-options.js';
export { TeamsWorkspaces } from './teams-workspaces.js';
export { TEAMS_MANIFEST_VERSION } from './teams-app-manifest.js';
export { teamsAppPackage } from './teams-app-package.js';
