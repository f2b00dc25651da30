import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../config/gateway-config.js';
import { engagementSettingsFrom, PAGERDUTY_EVENTS_URL } from './engagement-config.js';

const KEY = 'R0ut1ngKey0123456789abcdefABCDEF';

describe('paging and call configuration', () => {
  it('turns nothing on by default: no pager, no call link, PagerDuty’s public Events API', () => {
    const config = loadGatewayConfig({});
    expect(config.PAGERDUTY_EVENTS_URL).toBe(PAGERDUTY_EVENTS_URL);
    expect(engagementSettingsFrom(config)).toEqual({
      paging: { pagerDuty: null, webhook: false },
      calls: { platforms: [], urlTemplate: null },
    });
  });

  it('tells the domain the services by name and never their keys', () => {
    const config = loadGatewayConfig({
      PAGERDUTY_ROUTING_KEY: KEY,
      PAGERDUTY_ROUTING_KEYS: `Payments API=${KEY}, Search=${KEY.toLowerCase()}`,
      PAGER_WEBHOOK_URL: 'https://pager.example.com/firebreak',
      PAGER_WEBHOOK_SECRET: 'webhook-secret-0123456789',
      CALL_URL_TEMPLATE: 'https://meet.jit.si/firebreak-{ref}',
    });
    expect([...config.PAGERDUTY_ROUTING_KEYS.keys()]).toEqual(['Payments API', 'Search']);
    const settings = engagementSettingsFrom(config);
    expect(settings).toEqual({
      paging: { pagerDuty: { hasDefault: true, services: ['Payments API', 'Search'] }, webhook: true },
      calls: { platforms: [], urlTemplate: 'https://meet.jit.si/firebreak-{ref}' },
    });
    expect(JSON.stringify(settings)).not.toContain(KEY);
  });

  it('names each variable that is wrong or missing its partner', () => {
    const attempt = () =>
      loadGatewayConfig({
        PAGERDUTY_ROUTING_KEY: 'has spaces in it',
        PAGERDUTY_ROUTING_KEYS: `payments=${KEY},=nokey,payments=${KEY}`,
        PAGERDUTY_WEBHOOK_SECRETS: 'short',
        PAGER_WEBHOOK_URL: 'ftp://pager.example.com',
        CALL_URL_TEMPLATE: 'https://meet.jit.si/firebreak',
        TEAMS_MEETING_ORGANIZER_ID: '6b2f8f0e-0000-4000-8000-000000000000',
      });
    expect(attempt).toThrow(/PAGERDUTY_ROUTING_KEY: must be an integration key/);
    expect(attempt).toThrow(/PAGERDUTY_ROUTING_KEYS: "=nokey…" must be service=routing-key/);
    expect(attempt).toThrow(/PAGERDUTY_ROUTING_KEYS: service "payments" is listed twice/);
    expect(attempt).toThrow(/PAGERDUTY_WEBHOOK_SECRETS: each secret must be at least 16 characters/);
    expect(attempt).toThrow(/PAGER_WEBHOOK_URL: must be an http\(s\) URL/);
    expect(() =>
      loadGatewayConfig({
        PAGER_WEBHOOK_URL: 'https://pager.example.com/firebreak',
        CALL_URL_TEMPLATE: 'https://meet.jit.si/firebreak',
        TEAMS_MEETING_ORGANIZER_ID: '6b2f8f0e-0000-4000-8000-000000000000',
        PAGERDUTY_WEBHOOK_SECRETS: 'pagerduty-secret-0123456789',
      }),
    ).toThrow(
      /PAGER_WEBHOOK_SECRET: required with PAGER_WEBHOOK_URL[\s\S]*PAGERDUTY_WEBHOOK_SECRETS: acknowledgements arrive only for pages Firebreak sent[\s\S]*CALL_URL_TEMPLATE: must contain \{ref\} or \{number\}[\s\S]*TEAMS_MEETING_ORGANIZER_ID: needs MICROSOFT_APP_ID/,
    );
  });
});
