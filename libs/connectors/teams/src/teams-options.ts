import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';

/** How the Teams connector is configured (from MICROSOFT_APP_* and MICROSOFT_TEAMS_* variables). */
export interface TeamsConnectorOptions {
  /** MICROSOFT_APP_ID; set, every activity needs a Bot Framework token for it. */
  readonly appId: string | null;
  /**
   * TEAMS_DEVELOPMENT_MODE, only without an app id: the endpoint accepts activities without a token (the Bot
   * Framework Emulator), from loopback callers only, and sends only to loopback service URLs. Without an app
   * id and without this, the connector is off and the endpoint refuses every request.
   */
  readonly developmentMode?: boolean;
  readonly appPassword: string | null;
  readonly appTenantId: string | null;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' | null;
  /** Team whose incidents channel gets incidents declared elsewhere (Discord, API, personal chats). */
  readonly defaultTeamId: string | null;
  /**
   * MICROSOFT_TEAMS_INCIDENT_SPACE=channel: each incident gets a standard channel of its own, created through
   * Microsoft Graph with the app's credentials; unset (or `thread`), a thread in the incidents channel.
   */
  readonly incidentChannels?: boolean;
  /** Microsoft Graph and its token service (MICROSOFT_GRAPH_URL, MICROSOFT_GRAPH_LOGIN_URL). */
  readonly graph?: { readonly graphUrl: string; readonly loginUrl: string };
  /** The public status page (STATUS_PAGE_URL): echoed public updates link to the incident there. */
  readonly statusPageUrl?: string | null;
  /**
   * MICROSOFT_TEAMS_ADMIN_USER_IDS: AAD object ids (or, in the Emulator, user ids) of Firebreak's
   * administrators on Teams. Team owners are administrators of their team too (read through Graph).
   */
  readonly administrators: ReadonlySet<string>;
  /**
   * Bot Framework endpoints, only to point the connector somewhere other than Microsoft's public cloud
   * (sovereign clouds, loopback tests). Unset means Microsoft's defaults.
   */
  readonly endpoints?: Partial<BotFrameworkEndpoints>;
}

export interface BotFrameworkEndpoints {
  readonly channelTokenIssuer: string;
  readonly channelOpenIdMetadataUrl: string;
  readonly emulatorOpenIdMetadataUrl: string;
  readonly loginUrl: string;
  readonly oauthScope: string;
  readonly oauthApiUrl: string;
}

/** Microsoft's public-cloud values (botframework-connector's AuthenticationConstants). */
export const PUBLIC_CLOUD_ENDPOINTS: BotFrameworkEndpoints = {
  channelTokenIssuer: 'https://api.botframework.com',
  channelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  emulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
  loginUrl: 'https://login.microsoftonline.com/botframework.com',
  oauthScope: 'https://api.botframework.com',
  oauthApiUrl: 'https://api.botframework.com',
};

export const TEAMS_OPTIONS = Symbol('TEAMS_OPTIONS');
/** Nest token of the `BotFrameworkAuthentication` the adapter uses (tests replace it with a loopback one). */
export const TEAMS_BOT_AUTHENTICATION = Symbol('TEAMS_BOT_AUTHENTICATION');

/** The `ConfigurationBotFrameworkAuthentication` settings; endpoint keys only when some endpoint is overridden. */
export function botFrameworkConfiguration(
  options: TeamsConnectorOptions,
): ConfigurationBotFrameworkAuthenticationOptions {
  const app: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: options.appId ?? '',
    MicrosoftAppPassword: options.appPassword ?? '',
    ...(options.appTenantId ? { MicrosoftAppTenantId: options.appTenantId } : {}),
    ...(options.appType ? { MicrosoftAppType: options.appType } : {}),
  };
  const overrides = options.endpoints ?? {};
  if (Object.values(overrides).every((value) => value === undefined)) return app;
  // Any endpoint key switches botbuilder to a fully parameterized setup, so every key is given.
  const endpoints = { ...PUBLIC_CLOUD_ENDPOINTS, ...withoutUndefined(overrides) };
  return {
    ...app,
    ValidateAuthority: endpoints.loginUrl === PUBLIC_CLOUD_ENDPOINTS.loginUrl,
    ToBotFromChannelTokenIssuer: endpoints.channelTokenIssuer,
    ToBotFromChannelOpenIdMetadataUrl: endpoints.channelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: endpoints.emulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: endpoints.loginUrl,
    ToChannelFromBotOAuthScope: endpoints.oauthScope,
    OAuthUrl: endpoints.oauthApiUrl,
    CallerId: 'urn:botframework:azure',
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, each]) => each !== undefined)) as Partial<T>;
}

/** How `/api/messages` treats requests: token-checked, development mode (loopback only), or refusing all. */
export type TeamsEndpointMode = 'authenticated' | 'development' | 'off';

export function teamsEndpointMode(
  options: Pick<TeamsConnectorOptions, 'appId' | 'developmentMode'>,
): TeamsEndpointMode {
  if (options.appId) return 'authenticated';
  return options.developmentMode ? 'development' : 'off';
}
