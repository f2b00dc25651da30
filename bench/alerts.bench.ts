import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DiscordConnector } from '@firebreak/discord';
import type { APIEmbed } from 'discord.js';
import { loadGatewayConfig } from '../apps/gateway/src/config/gateway-config.js';
import { configureGateway } from '../apps/gateway/src/configure-gateway.js';
import { GatewayModule } from '../apps/gateway/src/gateway.module.js';
import { FakeDiscord } from '../test/fakes/discord/fake-discord.js';
import {
  ALERTMANAGER,
  AlertmanagerProcess,
  webhookConfiguration,
  type PostableAlert,
} from '../test/support/alertmanager.js';
import {
  alertmanagerNotification,
  checkoutAlert,
  type WebhookAlert,
} from '../test/support/alert-payloads.js';
import { freePort } from '../test/support/app-process.js';
import { discordEnvironment, setUpIncidentsChannel } from '../test/support/discord-gateway.js';
import { ms, percentile, report } from './bench-report.js';

/**
 * Alerts in, on loopback with the real gateway and SQLite on disk:
 * - webhooks accepted per second, each a group of 100 alerts: new groups (each declares an incident with 100
 *   timeline entries) and repeats of known groups (Alertmanager's repeat_interval: nothing changes), 8 at a time;
 * - the time from Alertmanager sending a group's notification (its arrival at the gateway) to the incident's
 *   headline posted on the fake Discord, p99, with Debian's real Alertmanager when it is installed (else the
 *   notification is posted directly, and the line says so).
 */
const ALERTS_PER_GROUP = 100;
const NEW_GROUPS = 200;
const REPEATS = 600;
const CONCURRENCY = 8;
const LATENCY_GROUPS = 100;
/** Alertmanager receives a new group every this often (about 4 incidents/s, 12 Discord calls/s). */
const LATENCY_SPACING_MS = 250;
const TOKEN = 'alertmanager:bench-token-0123456789abcdef';
const SECRET = TOKEN.slice(TOKEN.indexOf(':') + 1);

interface Gateway {
  readonly app: INestApplication;
  readonly url: string;
  /** When each group's first notification arrived (before its body was read), by its cluster label. */
  readonly arrivals: Map<string, number>;
}

async function startGateway(database: string, environment: NodeJS.ProcessEnv, port = 0): Promise<Gateway> {
  const config = loadGatewayConfig({
    DATABASE_URL: `sqlite:${database}`,
    FIREBREAK_API_TOKENS: TOKEN,
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
    ...environment,
  });
  const app = await NestFactory.create(GatewayModule.forRoot(config), { rawBody: true, logger: false });
  const arrivals = new Map<string, number>();
  // First in line, before the body is read: the moment the notification reached the gateway.
  app.use((request: IncomingMessage & { arrivedAt?: number }, _: unknown, next: () => void) => {
    request.arrivedAt = Date.now();
    next();
  });
  configureGateway(app);
  // After the body parser: file the arrival under the group (Alertmanager writes group keys its own way).
  type Arrived = { arrivedAt?: number; body?: { groupLabels?: { cluster?: unknown } } };
  app.use((request: Arrived, _: unknown, next: () => void) => {
    const cluster = request.body?.groupLabels?.cluster;
    if (typeof cluster === 'string' && request.arrivedAt && !arrivals.has(cluster))
      arrivals.set(cluster, request.arrivedAt);
    next();
  });
  await app.listen(port, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${port || new URL(await app.getUrl()).port}`, arrivals };
}

const groupKeyOf = (n: number) =>
  `{}/{service="checkout"}:{alertname="CheckoutLatencyHigh", cluster="bench-${n}"}`;

function group(n: number) {
  const started = Date.now() - 5 * 60_000;
  const alerts = Array.from({ length: ALERTS_PER_GROUP }, (_, each) =>
    checkoutAlert(`checkout-${each}.bench-${n}.internal:9100`, new Date(started + each).toISOString()),
  );
  return alertmanagerNotification(alerts, {
    groupKey: groupKeyOf(n),
    groupLabels: { alertname: 'CheckoutLatencyHigh', cluster: `bench-${n}` },
    commonAnnotations: { summary: `Bench group ${n}: checkout p99 latency above 2 s` },
  });
}

/** Sends every body, `CONCURRENCY` at a time; returns each call's time and the wall time. */
async function send(
  url: string,
  bodies: readonly string[],
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const sent = performance.now();
      const response = await fetch(`${url}/api/v1/alerts/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

async function throughput(dir: string): Promise<void> {
  const gateway = await startGateway(join(dir, 'throughput.sqlite'), {});
  try {
    const bodies = Array.from({ length: NEW_GROUPS }, (_, n) => JSON.stringify(group(n)));
    const kilobytes = Buffer.byteLength(bodies[0]!) / 1024;
    console.log(
      `  (${ALERTS_PER_GROUP} alerts per notification, ${kilobytes.toFixed(0)} kB each, ${CONCURRENCY} at a time)`,
    );
    console.log(
      '  (no target was set for webhooks/s: 10/s, a burst of 100 groups answered within 10 s, is ours)',
    );
    const declared = await send(gateway.url, bodies);
    report(
      'new groups declared: webhooks accepted/s',
      (NEW_GROUPS / declared.seconds).toFixed(1),
      '>= 10/s',
      NEW_GROUPS / declared.seconds >= 10,
    );
    report(
      'new groups declared: alerts logged/s',
      ((NEW_GROUPS * ALERTS_PER_GROUP) / declared.seconds).toFixed(0),
    );
    report('new groups declared: webhook answered, p99', ms(percentile(declared.latencies, 99)));
    const repeats = Array.from({ length: REPEATS }, (_, n) => bodies[n % NEW_GROUPS]!);
    const repeated = await send(gateway.url, repeats);
    report(
      'repeats of known groups: webhooks accepted/s',
      (REPEATS / repeated.seconds).toFixed(1),
      '>= 10/s',
      REPEATS / repeated.seconds >= 10,
    );
    report('repeats of known groups: webhook answered, p99', ms(percentile(repeated.latencies, 99)));
  } finally {
    await gateway.app.close();
  }
}

async function headlineLatency(dir: string): Promise<void> {
  const fake = await FakeDiscord.start();
  const port = await freePort();
  const gateway = await startGateway(join(dir, 'latency.sqlite'), discordEnvironment(fake), port);
  await gateway.app.get(DiscordConnector).ready();
  await setUpIncidentsChannel(gateway.app, fake);
  const alertmanager = ALERTMANAGER
    ? await AlertmanagerProcess.start(
        join(dir, 'alertmanager'),
        await freePort(),
        webhookConfiguration(`${gateway.url}/api/v1/alerts/alertmanager`, SECRET, {
          groupWait: '1s',
          groupInterval: '5m',
          repeatInterval: '4h',
        }),
      )
    : null;
  try {
    const started = performance.now();
    const direct: Promise<unknown>[] = [];
    for (let n = 0; n < LATENCY_GROUPS; n += 1) {
      const notification = group(10_000 + n);
      if (alertmanager) await alertmanager.postAlerts(notification.alerts.map(postable(n)));
      else direct.push(send(gateway.url, [JSON.stringify(notification)]));
      await new Promise((resolve) => setTimeout(resolve, LATENCY_SPACING_MS));
    }
    await Promise.all(direct);
    const headlines = await allHeadlines(fake, LATENCY_GROUPS);
    const latencies = [...headlines].map(([n, postedAt]) => {
      const arrivedAt = gateway.arrivals.get(`bench-${10_000 + n}`);
      if (!arrivedAt) throw new Error(`group ${n} has a headline but never arrived`);
      return postedAt - arrivedAt;
    });
    const seconds = (performance.now() - started) / 1000;
    const sender = alertmanager
      ? 'Alertmanager 0.25 sends'
      : 'notification posted (Alertmanager not installed)';
    console.log(
      `  (${LATENCY_GROUPS} groups of ${ALERTS_PER_GROUP} alerts, one every ${LATENCY_SPACING_MS} ms, ${seconds.toFixed(0)} s in all)`,
    );
    report(`${sender} -> headline on Discord, p50`, ms(percentile(latencies, 50)));
    report(
      `${sender} -> headline on Discord, p99`,
      ms(percentile(latencies, 99)),
      '< 1000 ms',
      percentile(latencies, 99) < 1000,
    );
  } finally {
    alertmanager?.stop();
    await gateway.app.close();
    await fake.stop();
  }
}

/** The alerts of a group as Prometheus posts them to Alertmanager. */
const postable =
  (n: number) =>
  (alert: WebhookAlert): PostableAlert => ({
    labels: { ...alert.labels, cluster: `bench-${10_000 + n}` },
    annotations: {
      ...alert.annotations,
      summary: `Bench group ${10_000 + n}: checkout p99 latency above 2 s`,
    },
    startsAt: new Date().toISOString(),
    generatorURL: alert.generatorURL,
  });

/** When each group's headline was posted (the fake's message time), by group number, once all are there. */
async function allHeadlines(fake: FakeDiscord, groups: number): Promise<Map<number, number>> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const found = new Map<number, number>();
    for (const channel of fake.channels()) {
      for (const message of fake.messagesIn(channel.id)) {
        const title = (message.embeds as APIEmbed[] | undefined)?.[0]?.title ?? '';
        const marker = title.indexOf(': Bench group 1');
        if (!title.startsWith('INC-') || marker < 0) continue;
        const n = Number.parseInt(title.slice(marker + ': Bench group '.length), 10) - 10_000;
        if (!found.has(n)) found.set(n, Date.parse(message.timestamp));
      }
    }
    if (found.size >= groups) return found;
    if (Date.now() > deadline) throw new Error(`only ${found.size} of ${groups} headlines were posted`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-alerts-bench-'));
  try {
    await throughput(dir);
    await headlineLatency(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
