import type { INestApplication } from '@nestjs/common';
import { DiscordConnector } from '@firebreak/discord';
import type { APIEmbed, APIMessage } from 'discord.js';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROTOTYPE_WORDS } from '@firebreak/incident/testing';
import { FakeDiscord } from './fakes/discord/fake-discord.js';
import {
  alertmanagerNotification,
  checkoutAlert,
  grafanaNotification,
  type WebhookNotification,
} from './support/alert-payloads.js';
import { discordEnvironment, setUpIncidentsChannel } from './support/discord-gateway.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

const WAIT = { timeout: 15_000, interval: 25 };
const ALERTS = '/api/v1/alerts/alertmanager';

/** Starts of the alerts as Alertmanager writes them: nanoseconds, UTC. */
const startOf = (n: number) => `2026-03-01T09:${String(10 + (n % 40)).padStart(2, '0')}:07.123456789Z`;

describe('POST /api/v1/alerts/alertmanager, into a gateway with Discord connected', () => {
  const db = new TempDatabase();
  let fake: FakeDiscord;
  let app: INestApplication;
  let environment: NodeJS.ProcessEnv;
  let incidentsChannelId: string;

  const post = (body: unknown, authorization = BEARER) =>
    request(app.getHttpServer())
      .post(ALERTS)
      .set('Authorization', authorization)
      .send(body as object);
  const api = (path: string) => request(app.getHttpServer()).get(path).set('Authorization', BEARER);
  const incidents = async () =>
    (await api('/api/v1/incidents?status=investigating,resolved').expect(200)).body;
  const embedsIn = (channelId: string): APIEmbed[] =>
    fake.messagesIn(channelId).flatMap((each: APIMessage) => (each.embeds as APIEmbed[] | undefined) ?? []);
  const channelOf = async (ref: string): Promise<string> => {
    let channelId = '';
    await vi.waitFor(async () => {
      const incident = (await api(`/api/v1/incidents/${ref}`).expect(200)).body;
      channelId = incident.spaces.find(
        (space: { platform: string }) => space.platform === 'discord',
      )?.channelId;
      expect(channelId).toBeTruthy();
    }, WAIT);
    return channelId;
  };

  const checkoutGroup = Array.from({ length: 340 }, (_, n) =>
    checkoutAlert(`checkout-${n}.eu-central-1.internal:9100`, startOf(n)),
  );

  async function boot(): Promise<void> {
    app = await startGateway(db.url, environment);
    await app.get(DiscordConnector).ready();
  }

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    incidentsChannelId = fake.findChannelByName('incidents')!.id;
    environment = {
      ...discordEnvironment(fake),
      ALERT_ROUTES: JSON.stringify([
        {
          name: 'checkout pages',
          matchers: ['service="checkout"', 'severity=~"critical|page"'],
          action: 'declare',
          severity: 'critical',
          components: ['Checkout API'],
          channel: `discord:${incidentsChannelId}`,
        },
        {
          name: 'warnings',
          matchers: ['severity="warning"'],
          action: 'notify',
          channel: `discord:${incidentsChannelId}`,
        },
        { name: 'grafana', matchers: ['team="blue"'], action: 'declare', severity: 'major' },
      ]),
    };
    await boot();
    await setUpIncidentsChannel(app, fake);
    await request(app.getHttpServer())
      .post('/api/v1/components')
      .set('Authorization', BEARER)
      .send({ name: 'Checkout API', group: 'Payments' })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await fake?.stop();
    db.remove();
  });

  it('refuses a notification without a valid bearer token, and declares nothing', async () => {
    const body = alertmanagerNotification(checkoutGroup.slice(0, 2));
    const missing = await request(app.getHttpServer()).post(ALERTS).send(body).expect(401);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="firebreak-api"');
    await post(body, 'Bearer not-a-token-of-this-gateway').expect(401);
    expect(await incidents()).toEqual([]);
  });

  it.each([
    ['an empty object', {}, ['version', 'groupKey', 'status', 'receiver', 'alerts']],
    [
      'another payload version',
      { ...alertmanagerNotification(checkoutGroup.slice(0, 1)), version: '3' },
      ['version'],
    ],
    ['no alerts', alertmanagerNotification([]), ['alerts']],
    [
      'an alert without a start or fingerprint',
      alertmanagerNotification([{ ...checkoutGroup[0]!, startsAt: 'yesterday', fingerprint: '' }]),
      ['alerts.0.startsAt', 'alerts.0.fingerprint'],
    ],
    [
      'labels that are not text',
      alertmanagerNotification([{ ...checkoutGroup[0]!, labels: { severity: 3 } as never }]),
      ['alerts.0.labels.severity'],
    ],
  ])(
    'answers %s with 400 problem+json naming every field at fault, declaring nothing',
    async (_, body, fields) => {
      const answer = await post(body).expect(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 400, code: 'invalid_request' });
      expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual(
        expect.arrayContaining(fields),
      );
      expect(await incidents()).toEqual([]);
    },
  );

  it('takes a 340-alert group larger than other routes accept, and declares one incident for it', async () => {
    const body = alertmanagerNotification(checkoutGroup);
    expect(Buffer.byteLength(JSON.stringify(body)), 'above the 256 kB other routes take').toBeGreaterThan(
      256 * 1024,
    );

    const answer = await post(body).expect(200);

    expect(answer.body).toEqual({
      outcome: 'declared',
      incident: 'INC-1',
      route: 'checkout pages',
      newAlerts: 340,
      resolvedAlerts: 0,
    });
    const incident = (await api('/api/v1/incidents/INC-1').expect(200)).body;
    expect(incident).toMatchObject({
      title: 'Checkout p99 latency above 2 s — Zahlungen in Zürich und São Paulo hängen',
      severity: 'critical',
      status: 'investigating',
      roles: { reporter: { id: 'api:ops', displayName: 'Alertmanager (ops)' } },
      componentIds: ['checkout-api'],
      declaredIn: { platform: 'discord', channelId: incidentsChannelId },
      startedAt: '2026-03-01T09:10:07.123Z',
    });
    const timeline = (await api('/api/v1/incidents/INC-1/timeline').expect(200)).body;
    const firing = timeline.filter((entry: { kind: string }) => entry.kind === 'alert_firing');
    expect(firing).toHaveLength(340);
    expect(firing[0]).toMatchObject({
      at: '2026-03-01T09:10:07.123Z',
      text: expect.stringContaining('{instance=checkout-0.eu-central-1.internal:9100}'),
      data: { fingerprint: checkoutGroup[0]!.fingerprint, generatorURL: checkoutGroup[0]!.generatorURL },
    });
  });

  it('posts the incident’s headline on Discord, with when it started', async () => {
    const channelId = await channelOf('INC-1');
    await vi.waitFor(() => {
      const headline = embedsIn(channelId).find((embed) => embed.title?.startsWith('INC-1:'));
      expect(headline?.fields).toContainEqual({
        name: 'Started',
        value: '2026-03-01 09:10 UTC',
        inline: true,
      });
    }, WAIT);
  });

  it('still refuses bodies over 256 kB on other routes, and over 4 MB here', async () => {
    const long = { text: `note INC-1 ${'x'.repeat(300 * 1024)}` };
    const commands = await request(app.getHttpServer())
      .post('/api/v1/commands')
      .set('Authorization', BEARER)
      .send(long)
      .expect(413);
    expect(commands.headers['content-type']).toContain('application/problem+json');
    const huge = alertmanagerNotification(checkoutGroup, { groupKey: 'x'.repeat(5 * 1024 * 1024) });
    expect((await post(huge).expect(413)).body).toMatchObject({ status: 413 });
  });

  it('changes nothing when the same notification comes again, also after the gateway restarts', async () => {
    const body = alertmanagerNotification(checkoutGroup);
    const before = (await api('/api/v1/incidents/INC-1/timeline').expect(200)).body.length;
    expect((await post(body).expect(200)).body).toMatchObject({ outcome: 'unchanged', incident: 'INC-1' });

    await app.close();
    await boot();

    expect((await post(body).expect(200)).body).toMatchObject({ outcome: 'unchanged', newAlerts: 0 });
    expect(await incidents()).toHaveLength(1);
    expect((await api('/api/v1/incidents/INC-1/timeline').expect(200)).body).toHaveLength(before);
    expect(fake.channels().filter((channel) => channel.name?.startsWith('inc-1-'))).toHaveLength(1);
  });

  it('adds one timeline entry for a new alert of the group, never a second incident', async () => {
    const joined = [...checkoutGroup, checkoutAlert('checkout-new.eu-central-1.internal:9100', startOf(3))];
    const answer = await post(alertmanagerNotification(joined)).expect(200);
    expect(answer.body).toMatchObject({ outcome: 'joined', incident: 'INC-1', newAlerts: 1 });
    const timeline = (await api('/api/v1/incidents/INC-1/timeline').expect(200)).body;
    expect(timeline.filter((entry: { kind: string }) => entry.kind === 'alert_firing')).toHaveLength(341);
    expect(await incidents()).toHaveLength(1);
  });

  it('logs a resolved group, suggests resolving in the incident channel, and the Resolve button resolves it', async () => {
    const resolved = [
      ...checkoutGroup,
      checkoutAlert('checkout-new.eu-central-1.internal:9100', startOf(3)),
    ].map((alert) => ({ ...alert, status: 'resolved' as const, endsAt: '2026-03-01T10:02:00Z' }));
    const answer = await post(alertmanagerNotification(resolved)).expect(200);
    expect(answer.body).toMatchObject({ outcome: 'logged', incident: 'INC-1', resolvedAlerts: 341 });
    expect((await api('/api/v1/incidents/INC-1').expect(200)).body.status, 'never resolved by itself').toBe(
      'investigating',
    );
    const timeline = (await api('/api/v1/incidents/INC-1/timeline').expect(200)).body;
    expect(timeline.at(-1)).toMatchObject({
      kind: 'alert_resolved',
      text: expect.stringContaining('… and 331 more'),
    });

    const channelId = await channelOf('INC-1');
    let suggestion: APIMessage | undefined;
    await vi.waitFor(() => {
      suggestion = fake
        .messagesIn(channelId)
        .find((each) => (each.embeds as APIEmbed[])[0]?.title === 'Alerts resolved: resolve INC-1?');
      expect(suggestion).toBeDefined();
    }, WAIT);
    const button = suggestion!.components?.[0] as { components: { custom_id: string; label: string }[] };
    expect(button.components).toEqual([
      expect.objectContaining({ label: 'Resolve', custom_id: 'fb:resolve:INC-1' }),
    ]);
    expect((await post(alertmanagerNotification(resolved)).expect(200)).body).toMatchObject({
      outcome: 'unchanged',
    });

    fake.dispatchButtonClick({
      customId: 'fb:resolve:INC-1',
      messageId: suggestion!.id,
      channelId,
      user: fake.users.alice,
    });
    await vi.waitFor(
      async () => expect((await api('/api/v1/incidents/INC-1').expect(200)).body.status).toBe('resolved'),
      WAIT,
    );
    const suggestions = fake
      .messagesIn(channelId)
      .filter((each) => (each.embeds as APIEmbed[])[0]?.title === 'Alerts resolved: resolve INC-1?');
    expect(suggestions, 'suggested once, though delivered twice').toHaveLength(1);
  });

  it('declares once when one group arrives six times at once (two receivers, retries)', async () => {
    const group = [
      checkoutAlert('checkout-a:9100', startOf(1)),
      checkoutAlert('checkout-b:9100', startOf(2)),
    ];
    const body = alertmanagerNotification(group, {
      groupKey: '{}/{service="checkout"}:{alertname="CheckoutLatencyHigh", cluster="us-east-1"}',
    });
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(body)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.map((answer) => answer.body.outcome).sort()).toEqual([
      'declared',
      ...Array<string>(5).fill('unchanged'),
    ]);
    expect((await incidents()).map((incident: { ref: string }) => incident.ref)).toEqual(['INC-2', 'INC-1']);
  });

  it('only posts a group whose rule says notify to the incidents channel', async () => {
    const warning = {
      ...checkoutAlert('checkout-7:9100', startOf(7)),
      labels: {
        alertname: 'CheckoutLatencyRising',
        service: 'checkout',
        severity: 'warning',
        instance: 'checkout-7:9100',
      },
    };
    const body = alertmanagerNotification([warning], {
      groupKey: '{}:{alertname="CheckoutLatencyRising"}',
      commonAnnotations: { summary: 'Checkout latency rising on checkout-7' },
    });
    expect((await post(body).expect(200)).body).toMatchObject({
      outcome: 'notified',
      incident: null,
      route: 'warnings',
    });
    expect((await post(body).expect(200)).body).toMatchObject({ outcome: 'unchanged' });
    await vi.waitFor(() => {
      const posted = embedsIn(incidentsChannelId).filter(
        (embed) => embed.title === 'Alert firing: Checkout latency rising on checkout-7',
      );
      expect(posted).toHaveLength(1);
    }, WAIT);
    expect(await incidents()).toHaveLength(2);
  });

  it('answers labels named like object properties as labels', async () => {
    const odd = {
      ...checkoutAlert('checkout-odd:9100', startOf(9)),
      labels: {
        service: 'checkout',
        severity: 'critical',
        constructor: 'x',
        toString: 'y',
        hasOwnProperty: 'z',
      },
    };
    const body = alertmanagerNotification([odd], { groupKey: '{}:{odd="true"}', commonLabels: odd.labels });
    expect((await post(body).expect(200)).body).toMatchObject({ outcome: 'declared', newAlerts: 1 });
  });

  /*
   * No Grafana runs on this machine: these payloads are built field for field from Grafana's documentation of its
   * webhook contact point (test/support/alert-payloads.ts), not captured from a running Grafana.
   */
  describe('Grafana’s webhook contact point (payloads built from Grafana’s documentation)', () => {
    let grafana: WebhookNotification;
    beforeAll(() => {
      grafana = grafanaNotification();
    });

    it('declares from a Grafana notification, reported as Grafana, keeping its links and values', async () => {
      const answer = await post(grafana).expect(200);
      expect(answer.body).toMatchObject({ outcome: 'declared', route: 'grafana', newAlerts: 2 });
      const ref = answer.body.incident as string;
      const incident = (await api(`/api/v1/incidents/${ref}`).expect(200)).body;
      expect(incident).toMatchObject({
        title: 'Alerts for My Super Webhook',
        severity: 'major',
        roles: { reporter: { id: 'api:ops', displayName: 'Grafana (ops)' } },
        startedAt: '2021-10-12T07:51:03.157Z',
      });
      const firing = (await api(`/api/v1/incidents/${ref}/timeline`).expect(200)).body.filter(
        (entry: { kind: string }) => entry.kind === 'alert_firing',
      );
      expect(firing.map((entry: { text: string }) => entry.text)).toEqual([
        'Alert firing: High memory usage {zone=us-1} — This alert was triggered for zone us-1',
        'Alert firing: High CPU usage {zone=eu-1} — This alert was triggered for zone eu-1',
      ]);
      expect(firing[0].data).not.toHaveProperty('dashboardURL');
      expect(firing[1].data).toMatchObject({
        silenceURL: expect.stringContaining('/alerting/silence/new'),
        dashboardURL: 'https://play.grafana.org/d/a1b2c3d4/node-exporter?orgId=1',
        panelURL: expect.stringContaining('viewPanel=7'),
        valueString: expect.stringContaining("var='B'"),
      });
      expect((await post(grafana).expect(200)).body).toMatchObject({ outcome: 'unchanged', incident: ref });
    });

    it('takes the Grafana 9 shape too (valueString, values null) and a resolved notification', async () => {
      const older = {
        ...grafana,
        groupKey: '{}/{__grafana_autogenerated__="true"}/{__grafana_receiver__="My Super Webhook"}:{}',
        alerts: grafana.alerts.map((alert) => ({
          ...alert,
          values: null,
          valueString: "[ metric='' labels={} value=14151.33 ]",
        })),
      };
      const declared = (await post(older).expect(200)).body;
      expect(declared).toMatchObject({ outcome: 'declared' });
      const resolved = {
        ...older,
        status: 'resolved',
        state: 'ok',
        title: '[RESOLVED]  (blue)',
        alerts: older.alerts.map((alert) => ({
          ...alert,
          status: 'resolved',
          endsAt: '2021-10-12T10:01:03.157076+02:00',
        })),
      };
      expect((await post(resolved).expect(200)).body).toMatchObject({
        outcome: 'logged',
        incident: declared.incident,
        resolvedAlerts: 2,
      });
    });
  });

  it('answers any body, however broken, with 200 or a clear 400, never a failure', async () => {
    const valid = alertmanagerNotification([checkoutAlert('checkout-p:9100', startOf(5))]);
    const broken = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: value }, fc.jsonValue());
    const name = fc.oneof(
      fc.constantFrom('alertname', 'severity', 'service', ...PROTOTYPE_WORDS),
      fc.string(),
    );
    const labels = broken(
      fc.dictionary(name, fc.string({ maxLength: 80, unit: 'grapheme' }), { maxKeys: 6 }),
    );
    const alert = fc.record({
      status: broken(fc.constantFrom('firing', 'resolved')),
      labels,
      annotations: labels,
      startsAt: broken(
        fc.constantFrom(startOf(1), '2026-03-01T09:41:12+02:00', '0001-01-01T00:00:00Z', 'soon'),
      ),
      endsAt: broken(fc.constant('0001-01-01T00:00:00Z')),
      generatorURL: broken(fc.webUrl()),
      fingerprint: broken(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 20 })),
    });
    const body = fc.record({
      ...Object.fromEntries(
        Object.entries(valid).map(([field, value]) => [field, broken(fc.constant(value))]),
      ),
      groupKey: broken(fc.string({ minLength: 1, maxLength: 40 }).map((key) => `{}:{fuzz="${key}"}`)),
      commonLabels: labels,
      alerts: broken(fc.array(alert, { minLength: 0, maxLength: 4 })),
    });
    await fc.assert(
      fc.asyncProperty(body, async (sent) => {
        const answer = await post(sent);
        expect([200, 400], answer.text).toContain(answer.status);
        if (answer.status === 400) expect(answer.body.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });
});
