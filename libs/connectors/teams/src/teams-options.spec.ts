import { describe, expect, it } from 'vitest';
import {
  botFrameworkConfiguration,
  PUBLIC_CLOUD_ENDPOINTS,
  type TeamsConnectorOptions,
  teamsEndpointMode,
} from './teams-options.js';

const base: TeamsConnectorOptions = {
  appId: 'app-id',
  appPassword: 'secret',
  appTenantId: null,
  appType: 'MultiTenant',
  defaultTeamId: null,
  administrators: new Set(),
};

describe('botFrameworkConfiguration', () => {
  it("leaves Microsoft's endpoints to botbuilder when none is overridden", () => {
    expect(botFrameworkConfiguration(base)).toEqual({
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'MultiTenant',
    });
  });

  it('gives botbuilder an empty app id without MICROSOFT_APP_ID (development mode, Emulator)', () => {
    expect(botFrameworkConfiguration({ ...base, appId: null, appPassword: null, appType: null })).toEqual({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
    });
  });

  it('fills every endpoint with public-cloud defaults when one is overridden', () => {
    const config = botFrameworkConfiguration({
      ...base,
      appTenantId: 'tenant',
      endpoints: { channelOpenIdMetadataUrl: 'http://127.0.0.1:1/metadata', loginUrl: undefined },
    });
    expect(config).toMatchObject({
      MicrosoftAppTenantId: 'tenant',
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:1/metadata',
      ToBotFromChannelTokenIssuer: PUBLIC_CLOUD_ENDPOINTS.channelTokenIssuer,
      ToChannelFromBotLoginUrl: PUBLIC_CLOUD_ENDPOINTS.loginUrl,
      ToChannelFromBotOAuthScope: PUBLIC_CLOUD_ENDPOINTS.oauthScope,
      ValidateAuthority: true,
    });
  });
});

describe(teamsEndpointMode.name, () => {
  it('checks tokens whenever there is an app id', () => {
    expect(teamsEndpointMode({ appId: 'app-id' })).toBe('authenticated');
    expect(teamsEndpointMode({ appId: 'app-id', developmentMode: true })).toBe('authenticated');
  });

  it('is off without an app id, unless development mode is asked for by name', () => {
    expect(teamsEndpointMode({ appId: null })).toBe('off');
    expect(teamsEndpointMode({ appId: null, developmentMode: false })).toBe('off');
    expect(teamsEndpointMode({ appId: null, developmentMode: true })).toBe('development');
  });
});
