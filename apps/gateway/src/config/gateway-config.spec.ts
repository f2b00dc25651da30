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
      /GATEWAY_PORT: [^\n]*\n[^\n]*FIREBREAK_API_TOKENS: each token must be at least 16 characters/,
    );
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
