import { describe, expect, it } from 'vitest';
import {
  botFrameworkConfiguration,
  PUBLIC_CLOUD_ENDPOINTS,
  type TeamsConnectorOptions,
} from './teams-options.js';

const base: TeamsConnectorOptions = {
  appId: 'app-id',
  appPassword: 'secret',
  appTenantId: null,
  appType: 'MultiTenant',
  defaultTeamId: null,
  adminUsers: new Set(),
};

describe('botFrameworkConfiguration', () => {
  it("leaves Microsoft's endpoints to botbuilder when none is overridden", () => {
    expect(botFrameworkConfiguration(base)).toEqual({
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'MultiTenant',
    });
  });

  it('runs in development mode (empty app id) without MICROSOFT_APP_ID', () => {
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
