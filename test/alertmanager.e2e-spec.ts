import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { load } from 'js-yaml';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DiscordConnector } from '@firebreak/discord';
import type { APIEmbed } from 'discord.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeDiscord } from './fakes/discord/fake-discord.js';
import {
  AlertmanagerProcess,
  alertmanagerAvailability,
  webhookConfiguration,
  type PostableAlert,
} from './support/alertmanager.js';
import { freePort } from './support/app-process.js';
import { discordEnvironment, setUpIncidentsChannel } from './support/discord-gateway.js';
import { API_TOKEN, BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

const { run } = alertmanagerAvailability();
const WAIT = { timeout: 30_000, interval: 100 };
/** Each test waits for several of Alertmanager's rounds, and the machine is shared. */
const ROUNDS = 120_000;
const SECRET = API_TOKEN.slice(API_TOKEN.indexOf(':') + 1);

const minutesAgo = (minutes: number, extraMs = 0) =>
  new Date(Date.now() - minutes * 60_000 + extraMs).toISOString();

/** An alert of the checkout latency group (grouped by alert name and cluster), as Prometheus posts it. */
function checkoutAlert(instance: string, startsAt: string): PostableAlert {
  return {
    labels: {
      alertname: 'CheckoutLatencyHigh',
      cluster: 'eu-central-1',
      service: 'checkout',
      severity: 'critical',
      instance,
    },
    annotations: {
      summary: 'Checkout p99 latency above 2 s — Zahlungen in Zürich und São Paulo hängen',
      description: `${instance} answers card payments in more than 2 s at the 99th percentile.`,
    },
    startsAt,
    generatorURL: `http://prometheus.example.com:9090/graph?g0.expr=checkout_p99%7Binstance%3D%22${instance}%22%7D`,
  };
}

/*
 * Debian's prometheus-alertmanager 0.25 on loopback, its webhook receiver pointing at a real gateway with a bearer
 * token (http_config.authorization), alerts posted to its API as Prometheus posts them. Alertmanager decides when to
 * send (group_wait 1 s, group_interval 2 s, repeat_interval 4 s): the assertions wait for what Firebreak did.
 */
describe.runIf(run)('a real Alertmanager sending to the gateway', () => {
  const db = new TempDatabase();
  const root = mkdtempSync(join(tmpdir(), 'firebreak-alertmanager-'));
  let fake: FakeDiscord;
  let app: INestApplication;
  let alertmanager: AlertmanagerProcess;
  let gatewayPort: number;
  let environment: NodeJS.ProcessEnv;

  const api = (path: string) => request(app.getHttpServer()).get(path).set('Authorization', BEARER);
  const incidents = async (): Promise<{ ref: string; title: string }[]> =>
    (await api('/api/v1/incidents?status=investigating,identified,monitoring,resolved').expect(200)).body;
  const timeline = async (ref: string): Promise<{ kind: string; text: string }[]> =>
    (await api(`/api/v1/incidents/${ref}/timeline`).expect(200)).body;
  const firingEntries = async (ref: string) =>
    (await timeline(ref)).filter((entry) => entry.kind === 'alert_firing');
  const refTitled = async (prefix: string): Promise<string> => {
    let ref = '';
    await vi.waitFor(async () => {
      ref = (await incidents()).find((incident) => incident.title.startsWith(prefix))?.ref ?? '';
      expect(ref, `an incident titled "${prefix}…"`).not.toBe('');
    }, WAIT);
    return ref;
  };
  /** Waits until Alertmanager has delivered `more` notifications beyond what it had delivered so far. */
  const deliveries = async (more: number) => {
    const target = (await alertmanager.deliveredNotifications()) + more;
    await vi.waitFor(
      async () => expect(await alertmanager.deliveredNotifications()).toBeGreaterThanOrEqual(target),
      WAIT,
    );
  };

  const checkout = [
    checkoutAlert('checkout-1.eu-central-1.internal:9100', minutesAgo(7)),
    checkoutAlert('checkout-2.eu-central-1.internal:9100', minutesAgo(12, 345)),
    checkoutAlert('checkout-3.eu-central-1.internal:9100', minutesAgo(3)),
  ];
  const search: PostableAlert = {
    labels: {
      alertname: 'SearchErrorsHigh',
      cluster: 'eu-central-1',
      service: 'search',
      severity: 'critical',
    },
    annotations: { title: 'Suche liefert 5xx für 8 % der Anfragen' },
    startsAt: minutesAgo(2),
    generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=search_errors',
  };

  async function boot(): Promise<void> {
    app = await startGateway(db.url, environment, gatewayPort);
    await app.get(DiscordConnector).ready();
  }

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    gatewayPort = await freePort();
    environment = {
      ...discordEnvironment(fake),
      ALERT_ROUTES: JSON.stringify([
        { name: 'critical', matchers: ['severity="critical"'], action: 'declare' },
      ]),
    };
    await boot();
    await setUpIncidentsChannel(app, fake);
    const webhook = `http://127.0.0.1:${gatewayPort}/api/v1/alerts/alertmanager`;
    alertmanager = await AlertmanagerProcess.start(
      root,
      await freePort(),
      webhookConfiguration(webhook, SECRET),
    );
  });

  afterAll(async () => {
    alertmanager?.stop();
    await app?.close();
    await fake?.stop();
    db.remove();
    rmSync(root, { recursive: true, force: true });
  });

  it(
    'loads the receiver the README shows, as it is written there',
    async () => {
      const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
      const start = readme.indexOf('```yaml\nroute:');
      const shown = readme.slice(start + '```yaml\n'.length, readme.indexOf('```', start + 3));
      const tokenFile = join(root, 'firebreak-token');
      writeFileSync(tokenFile, SECRET);
      const configuration = load(shown.replace('/etc/alertmanager/firebreak-token', tokenFile)) as object;
      const shownRoot = join(root, 'readme');
      const readmeAlertmanager = await AlertmanagerProcess.start(shownRoot, await freePort(), configuration);
      try {
        const status = (await (await fetch(`${readmeAlertmanager.url}/api/v2/status`)).json()) as {
          config: { original: string };
        };
        expect(status.config.original).toContain(
          'url: https://firebreak.example.com/api/v1/alerts/alertmanager',
        );
        expect(status.config.original).toContain('send_resolved: true');
      } finally {
        readmeAlertmanager.stop();
      }
    },
    ROUNDS,
  );

  it(
    'declares one incident per group, titled from its annotations, starting at its earliest alert',
    async () => {
      await alertmanager.postAlerts([...checkout, search]);

      const checkoutRef = await refTitled('Checkout p99 latency above 2 s');
      const searchRef = await refTitled('Suche liefert 5xx');
      // Alertmanager may flush the group before it has taken in all three alerts of one POST (it does under
      // load), so the incident is read once all three joined; the earliest then sets the start.
      await vi.waitFor(async () => expect(await firingEntries(checkoutRef)).toHaveLength(3), WAIT);
      const declared = (await api(`/api/v1/incidents/${checkoutRef}`).expect(200)).body;
      expect(declared).toMatchObject({
        title: 'Checkout p99 latency above 2 s — Zahlungen in Zürich und São Paulo hängen',
        status: 'investigating',
        roles: { reporter: { id: 'api:ops', displayName: 'Alertmanager (ops)' } },
        startedAt: checkout[1]!.startsAt,
      });
      expect(await firingEntries(searchRef)).toHaveLength(1);
      expect(await incidents()).toHaveLength(2);
    },
    ROUNDS,
  );

  it(
    'posts the headline on the fake Discord',
    async () => {
      const ref = await refTitled('Checkout p99 latency above 2 s');
      await vi.waitFor(() => {
        const headlines = fake
          .channels()
          .flatMap((channel) => fake.messagesIn(channel.id))
          .flatMap((message) => (message.embeds as APIEmbed[] | undefined) ?? [])
          .filter(
            (embed) =>
              embed.title ===
              `${ref}: Checkout p99 latency above 2 s — Zahlungen in Zürich und São Paulo hängen`,
          );
        expect(headlines).toHaveLength(1);
        expect(headlines[0]!.fields?.map((field) => field.name)).toContain('Started');
      }, WAIT);
    },
    ROUNDS,
  );

  it(
    'adds nothing on repeats, one entry for a new alert of the group, and nothing across a gateway restart',
    async () => {
      const ref = await refTitled('Checkout p99 latency above 2 s');
      await deliveries(2);
      expect(await firingEntries(ref)).toHaveLength(3);

      await alertmanager.postAlerts([checkoutAlert('checkout-4.eu-central-1.internal:9100', minutesAgo(1))]);
      await vi.waitFor(async () => expect(await firingEntries(ref)).toHaveLength(4), WAIT);

      await app.close();
      await boot();
      await deliveries(2);
      expect(await firingEntries(ref)).toHaveLength(4);
      expect(await incidents()).toHaveLength(2);
    },
    ROUNDS,
  );

  it(
    'logs the resolved notification and suggests resolving, but never resolves the incident itself',
    async () => {
      const ref = await refTitled('Checkout p99 latency above 2 s');
      const ended = minutesAgo(0, -1_000);
      await alertmanager.postAlerts(
        [...checkout, checkoutAlert('checkout-4.eu-central-1.internal:9100', minutesAgo(1))].map((alert) => ({
          ...alert,
          endsAt: ended,
        })),
      );

      await vi.waitFor(async () => {
        const resolved = (await timeline(ref)).filter((entry) => entry.kind === 'alert_resolved');
        expect(resolved).toHaveLength(1);
        expect(resolved[0]!.text).toContain('checkout-4.eu-central-1.internal:9100');
      }, WAIT);
      await vi.waitFor(() => {
        const suggestions = fake
          .channels()
          .flatMap((channel) => fake.messagesIn(channel.id))
          .filter(
            (message) => (message.embeds as APIEmbed[])[0]?.title === `Alerts resolved: resolve ${ref}?`,
          );
        expect(suggestions).toHaveLength(1);
      }, WAIT);
      // The search group still fires, so Alertmanager keeps sending: the resolved group is not sent again.
      await deliveries(1);
      expect((await api(`/api/v1/incidents/${ref}`).expect(200)).body.status).toBe('investigating');
      expect((await timeline(ref)).filter((entry) => entry.kind === 'alert_resolved')).toHaveLength(1);
    },
    ROUNDS,
  );
});
