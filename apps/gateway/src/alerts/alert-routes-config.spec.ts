import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertRouting } from '@firebreak/incident';
import { loadGatewayConfig } from '../config/gateway-config.js';
import { alertRoutingOf } from './alert-routes-config.js';

const directory = mkdtempSync(join(tmpdir(), 'firebreak-alert-routes-'));
const file = (name: string, text: string): string => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};

const YAML_RULES = `# Routing rules for Alertmanager and Grafana notifications
routes:
  - name: payments pages
    matchers:
      - severity="critical"
      - team=~"payments|checkout"
    action: declare
    severity: critical
    components: [Checkout API]
    channel: discord:1234567890123456789
  - name: warnings
    matchers: ['severity="warning"']
    action: notify
    channel: "teams:19:abc123@thread.tacv2"
`;

describe('alert routing rules in the gateway configuration', () => {
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('declares every firing group when no rules are configured', () => {
    expect(alertRoutingOf(loadGatewayConfig({}))).toBe(AlertRouting.DECLARE_EVERY_GROUP);
  });

  it('reads rules from ALERT_ROUTES as JSON, a list or an object with routes', () => {
    const rules = [{ name: 'everything critical', matchers: ['severity="critical"'], action: 'declare' }];
    for (const written of [rules, { routes: rules }]) {
      const routing = alertRoutingOf(loadGatewayConfig({ ALERT_ROUTES: JSON.stringify(written) }));
      expect(routing.routeFor({ severity: 'critical' })?.name).toBe('everything critical');
      expect(routing.routeFor({ severity: 'warning' })).toBeNull();
    }
  });

  it('reads rules from a YAML file named by ALERT_ROUTES_FILE', () => {
    const routing = alertRoutingOf(loadGatewayConfig({ ALERT_ROUTES_FILE: file('routes.yaml', YAML_RULES) }));
    expect(routing.routeFor({ severity: 'critical', team: 'checkout' })).toMatchObject({
      name: 'payments pages',
      severity: 'critical',
      components: ['Checkout API'],
      channel: { platform: 'discord', channelId: '1234567890123456789' },
    });
    expect(routing.routeFor({ severity: 'warning' })).toMatchObject({
      action: 'notify',
      channel: { platform: 'teams', channelId: '19:abc123@thread.tacv2' },
    });
  });

  it('reads the rules the README shows as they are written there', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('```yaml\nroutes:');
    const rules = readme.slice(start + '```yaml\n'.length, readme.indexOf('```', start + 3));
    const routing = alertRoutingOf(loadGatewayConfig({ ALERT_ROUTES_FILE: file('readme.yaml', rules) }));
    expect(routing.routes.map((route) => [route.name, route.action])).toEqual([
      ['payments pages', 'declare'],
      ['warnings', 'notify'],
    ]);
  });

  it.each([
    ['[{"action": "page"}]', 'ALERT_ROUTES: routes[0].action: must be declare or notify'],
    ['[{"action": "declare", "severity": "sev1"}]', 'ALERT_ROUTES: routes[0].severity'],
    ['[{"action": "declare", "colour": "red"}]', 'ALERT_ROUTES: routes[0]: Unrecognized key: "colour"'],
    ['{"action": "declare"}', 'ALERT_ROUTES: routes: must be a list of routing rules'],
    [
      '[{"action": "declare", "matchers": ["team=~\\"(a*)*b\\"", "env"]}]',
      'routes[0].matchers[1]: "env" is not a matcher',
    ],
    [
      '[{"action": "declare", "matchers": ["team=~\\"(?i)db\\""]}]',
      'routes[0].matchers[0]: "(?i)db" is not a pattern',
    ],
    [
      '[{"action": "notify", "channel": "slack:C042"}]',
      'routes[0].channel: "slack:C042" is not an incidents channel',
    ],
    ['routes: [', 'ALERT_ROUTES: is not valid YAML or JSON'],
  ])('stops at start on %s, naming the rule and field', (value, message) => {
    expect(() => loadGatewayConfig({ ALERT_ROUTES: value })).toThrow(message);
  });

  it('names an unreadable file, and refuses rules from two places', () => {
    expect(() => loadGatewayConfig({ ALERT_ROUTES_FILE: join(directory, 'missing.yaml') })).toThrow(
      /ALERT_ROUTES_FILE: cannot be read: ENOENT/,
    );
    expect(() =>
      loadGatewayConfig({
        ALERT_ROUTES: '[{"action": "declare"}]',
        ALERT_ROUTES_FILE: file('also.yaml', YAML_RULES),
      }),
    ).toThrow('ALERT_ROUTES_FILE: set ALERT_ROUTES or ALERT_ROUTES_FILE, not both');
  });
});
