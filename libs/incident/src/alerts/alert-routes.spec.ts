import { describe, expect, it } from 'vitest';
import { IncidentError } from '../errors.js';
import { AlertRouting } from './alert-routes.js';

const routing = AlertRouting.from([
  {
    name: 'payments pages',
    matchers: ['severity="critical"', 'team=~"payments|checkout"'],
    action: 'declare',
    severity: 'critical',
    components: ['Checkout API'],
    channel: 'discord:1234567890123456789',
  },
  {
    name: 'warnings',
    matchers: ['severity="warning"'],
    action: 'notify',
    channel: 'teams:19:abc@thread.tacv2',
  },
  { matchers: ['env!~"staging|dev"'], action: 'declare' },
]);

describe(AlertRouting.name, () => {
  it('routes a group by the first rule whose matchers all match its common labels', () => {
    expect(routing.routeFor({ severity: 'critical', team: 'checkout', env: 'prod' })).toMatchObject({
      name: 'payments pages',
      action: 'declare',
      severity: 'critical',
      components: ['Checkout API'],
      channel: { platform: 'discord', channelId: '1234567890123456789' },
    });
    expect(routing.routeFor({ severity: 'warning', team: 'checkout' })).toMatchObject({
      name: 'warnings',
      action: 'notify',
      channel: { platform: 'teams', channelId: '19:abc@thread.tacv2' },
    });
    expect(routing.routeFor({ severity: 'critical', team: 'search', env: 'prod' })).toMatchObject({
      name: 'route 3',
      severity: null,
      components: [],
      channel: null,
    });
    expect(routing.routeFor({ severity: 'critical', team: 'search', env: 'staging' })).toBeNull();
  });

  it('declares every group when no rules are configured', () => {
    expect(AlertRouting.DECLARE_EVERY_GROUP.routeFor({})).toMatchObject({ action: 'declare', channel: null });
  });

  it.each([
    [{ matchers: ['severity'], action: 'declare' as const }, 'routes[0].matchers[0]', 'must be followed by'],
    [
      { matchers: ['a="b"', 'team=~"(db"'], action: 'declare' as const },
      'routes[0].matchers[1]',
      'never closed',
    ],
    [{ action: 'notify' as const, channel: 'slack:C123' }, 'routes[0].channel', 'discord:<channel id>'],
    [{ action: 'notify' as const, channel: 'discord:' }, 'routes[0].channel', 'teams:<conversation id>'],
  ])('refuses a rule with a bad field, naming it: %j', (definition, field, reason) => {
    let refusal: unknown;
    try {
      AlertRouting.from([definition]);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(IncidentError);
    expect(refusal).toMatchObject({ field, message: expect.stringContaining(reason) });
  });
});
