import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadGatewayConfig } from './gateway-config.js';

describe(loadGatewayConfig.name, () => {
  it('runs on defaults with nothing set: SQLite, port 3978, no API tokens', () => {
    const config = loadGatewayConfig({});
    expect(config.GATEWAY_PORT).toBe(3978);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.FIREBREAK_API_TOKENS.size).toBe(0);
  });

  it('maps each token secret to the user it acts as', () => {
    const config = loadGatewayConfig({ FIREBREAK_API_TOKENS: 'ops:0123456789abcdef, 9999999999999999xx' });
    expect([...config.FIREBREAK_API_TOKENS]).toEqual([
      ['0123456789abcdef', 'ops'],
      ['9999999999999999xx', 'api'],
    ]);
  });

  it('names every variable that is wrong', () => {
    const attempt = () => loadGatewayConfig({ GATEWAY_PORT: 'eighty', FIREBREAK_API_TOKENS: 'ops:short' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      /GATEWAY_PORT: .*\n.*FIREBREAK_API_TOKENS: each token must be at least 16 characters/s,
    );
  });

  it('reads the networks webhooks may reach, and refuses the old all-or-nothing switch by name', () => {
    expect(loadGatewayConfig({}).WEBHOOK_ALLOWED_PRIVATE_NETWORKS.isEmpty).toBe(true);
    const allowed = loadGatewayConfig({ WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '10.20.0.0/16, 127.0.0.1' });
    expect(allowed.WEBHOOK_ALLOWED_PRIVATE_NETWORKS.includes('10.20.9.9')).toBe(true);
    expect(() => loadGatewayConfig({ WEBHOOK_ALLOWED_PRIVATE_NETWORKS: 'intranet' })).toThrow(
      /WEBHOOK_ALLOWED_PRIVATE_NETWORKS: "intranet" is not an IP address or CIDR network/,
    );
    expect(() => loadGatewayConfig({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_ADDRESSES: was replaced by WEBHOOK_ALLOWED_PRIVATE_NETWORKS/,
    );
  });

  it('reads the trusted proxies, naming a bad entry', () => {
    expect(
      loadGatewayConfig({ TRUSTED_PROXIES: '172.28.0.10' }).TRUSTED_PROXIES.includes('172.28.0.10'),
    ).toBe(true);
    expect(() => loadGatewayConfig({ TRUSTED_PROXIES: 'nginx' })).toThrow(/TRUSTED_PROXIES: "nginx"/);
  });

  it('keeps Teams incidents in threads unless channels are asked for, which need the app credentials', () => {
    expect(loadGatewayConfig({}).MICROSOFT_TEAMS_INCIDENT_SPACE).toBe('thread');
    expect(() => loadGatewayConfig({ MICROSOFT_TEAMS_INCIDENT_SPACE: 'channel' })).toThrow(
      /MICROSOFT_TEAMS_INCIDENT_SPACE: channel needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD/,
    );
    expect(() => loadGatewayConfig({ MICROSOFT_TEAMS_INCIDENT_SPACE: 'room' })).toThrow(
      /MICROSOFT_TEAMS_INCIDENT_SPACE/,
    );
    const config = loadGatewayConfig({
      MICROSOFT_TEAMS_INCIDENT_SPACE: 'channel',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'secret',
    });
    expect(config.MICROSOFT_GRAPH_URL).toBe('https://graph.microsoft.com');
  });
});
