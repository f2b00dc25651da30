import { describe, expect, it } from 'vitest';
import { PermissionPolicy } from '@firebreak/incident';
import { ConfigurationError, loadGatewayConfig } from './gateway-config.js';

describe(loadGatewayConfig.name, () => {
  it('runs on defaults with nothing set: SQLite, loopback port 3978, no API tokens, Teams off', () => {
    const config = loadGatewayConfig({});
    expect(config.GATEWAY_PORT).toBe(3978);
    expect(config.GATEWAY_HOST).toBe('127.0.0.1');
    expect(config.TEAMS_DEVELOPMENT_MODE).toBe(false);
    expect(config.MICROSOFT_TEAMS_ADMIN_USER_IDS.size).toBe(0);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.FIREBREAK_API_TOKENS.size).toBe(0);
  });

  it('maps each token secret to the user it acts as', () => {
    const config = loadGatewayConfig({
      FIREBREAK_API_TOKENS: 'ops:0123456789abcdef, 9999999999999999xx, status-bot:fedcba9876543210:limited',
    });
    expect([...config.FIREBREAK_API_TOKENS]).toEqual([
      ['0123456789abcdef', { user: 'ops', limited: false }],
      ['9999999999999999xx', { user: 'api', limited: false }],
      ['fedcba9876543210', { user: 'status-bot', limited: true }],
    ]);
  });

  it('reads who the operator lets do more, and refuses entries it cannot read, naming each', () => {
    expect(loadGatewayConfig({}).FIREBREAK_PERMISSIONS).toBe(PermissionPolicy.standard);
    const loosened = loadGatewayConfig({ FIREBREAK_PERMISSIONS: 'severity:anyone,followup_done:anyone' });
    expect(loosened.FIREBREAK_PERMISSIONS.whoMay('severity')).toEqual(['lead', 'anyone']);
    expect(() => loadGatewayConfig({ FIREBREAK_PERMISSIONS: 'severity:everyone,closing:lead' })).toThrow(
      /FIREBREAK_PERMISSIONS: "everyone" \(for severity\) is not one of anyone, lead, [^\n]*\n[^\n]*FIREBREAK_PERMISSIONS: "closing" is not an action/,
    );
  });

  it('names every variable that is wrong', () => {
    const attempt = () => loadGatewayConfig({ GATEWAY_PORT: 'eighty', FIREBREAK_API_TOKENS: 'ops:short' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      /GATEWAY_PORT: [^\n]*\n[^\n]*FIREBREAK_API_TOKENS: each token must be at least 16 characters/,
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

describe('Teams development mode', () => {
  it('is refused at start on a gateway other machines can reach, naming both variables', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'gateway.example.com']) {
      const start = () => loadGatewayConfig({ TEAMS_DEVELOPMENT_MODE: 'true', GATEWAY_HOST: host });
      expect(start).toThrow(/TEAMS_DEVELOPMENT_MODE: .*needs GATEWAY_HOST on loopback /);
      expect(start).toThrow(`not "${host}"`);
    }
  });

  it('runs on a loopback gateway', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost', undefined])
      expect(
        loadGatewayConfig({ TEAMS_DEVELOPMENT_MODE: 'true', GATEWAY_HOST: host }).TEAMS_DEVELOPMENT_MODE,
      ).toBe(true);
  });

  it('cannot be combined with MICROSOFT_APP_ID', () => {
    expect(() =>
      loadGatewayConfig({
        TEAMS_DEVELOPMENT_MODE: 'true',
        MICROSOFT_APP_ID: 'app',
        MICROSOFT_APP_PASSWORD: 'pw',
      }),
    ).toThrow(/TEAMS_DEVELOPMENT_MODE: cannot be combined with MICROSOFT_APP_ID/);
  });

  it('takes only true or false', () => {
    expect(() => loadGatewayConfig({ TEAMS_DEVELOPMENT_MODE: 'maybe' })).toThrow(/TEAMS_DEVELOPMENT_MODE/);
  });
});

describe('Teams administrators', () => {
  it('reads MICROSOFT_TEAMS_ADMIN_USER_IDS as a set of ids', () => {
    const config = loadGatewayConfig({
      MICROSOFT_TEAMS_ADMIN_USER_IDS:
        ' 7faf4a48-8b34-4a63-a9c4-5dbd0a1a3f5e,,3c7e25b1-6f0c-4d8e-9a51-2b9f4e0d7a66 ',
    });
    expect([...config.MICROSOFT_TEAMS_ADMIN_USER_IDS]).toEqual([
      '7faf4a48-8b34-4a63-a9c4-5dbd0a1a3f5e',
      '3c7e25b1-6f0c-4d8e-9a51-2b9f4e0d7a66',
    ]);
  });

  it('refuses the old FIREBREAK_ADMIN_USERS instead of silently dropping its administrators', () => {
    expect(() => loadGatewayConfig({ FIREBREAK_ADMIN_USERS: 'teams:7faf4a48' })).toThrow(
      /FIREBREAK_ADMIN_USERS: was replaced by MICROSOFT_TEAMS_ADMIN_USER_IDS/,
    );
  });
});
