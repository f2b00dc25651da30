import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';

/** How the Teams connector is configured (from MICROSOFT_APP_* and MICROSOFT_TEAMS_* variables). */
export interface TeamsConnectorOptions {
  /** MICROSOFT_APP_ID; null runs the endpoint in local development mode (Emulator, no token checks). */
  readonly appId: string | null;
  readonly appPassword: string | null;
  readonly appTenantId: string | null;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' | null;
  /** Team whose incidents channel gets incidents declared elsewhere (Discord, API, personal chats). */
  readonly defaultTeamId: string | null;
  /**
   * MICROSOFT_TEAMS_INCIDENT_SPACE=channel: each incident gets a standard channel of its own, created through
   * Microsoft Graph with the app's credentials; unset (or `thread`), a thread in the incidents channel.
   */
  readonly incidentChannels?: { readonly graphUrl: string; readonly loginUrl: string } | null;
  /** The public status page (STATUS_PAGE_URL): echoed public updates link to the incident there. */
  readonly statusPageUrl?: string | null;
  /** Participant ids that act privileged (FIREBREAK_ADMIN_USERS). */
  readonly adminUsers: ReadonlySet<string>;
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

/** Type guard kept here so the module file stays wiring only. */
export function isDevelopmentMode(options: TeamsConnectorOptions): boolean {
  return !options.appId;
}

export type { BotFrameworkAuthentication };
