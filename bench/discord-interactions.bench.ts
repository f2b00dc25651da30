import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { DiscordConnector } from '@firebreak/discord';
import { IncidentService, type CommandContext } from '@firebreak/incident';
import { OutboxRelay } from '@firebreak/persistence';
import { MessageFlags, type APIInteraction } from 'discord.js';
import { loadGatewayConfig } from '../apps/gateway/src/config/gateway-config.js';
import { configureGateway } from '../apps/gateway/src/configure-gateway.js';
import { GatewayModule } from '../apps/gateway/src/gateway.module.js';
import { FakeDiscord } from '../test/fakes/discord/fake-discord.js';
import { signatureHeaders } from '../test/fakes/discord/interaction-signer.js';
import { discordEnvironment, setUpIncidentsChannel } from '../test/support/discord-gateway.js';
import { ms, percentile, report } from './bench-report.js';

/**
 * On loopback with the real gateway, the real discord.js client and SQLite on disk:
 * - interaction received -> initial response sent, p50/p99 over 1,000 interactions, over the gateway
 *   (FakeDiscord dispatches INTERACTION_CREATE, the clock stops when the callback reaches it) and over the
 *   HTTP endpoint (signed POST -> response);
 * - outbox delivery throughput to the fake Discord: incidents opened (channel + headline + announcement)
 *   and headline edits per second.
 */
const INTERACTIONS = 1_000;
const WARM_UP = 50;
const INCIDENTS = 200;
const EDITS = 500;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-discord-bench-'));
  const fake = await FakeDiscord.start({ interactionAckDeadlineMs: 60_000 });
  const config = loadGatewayConfig({
    DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
    OUTBOX_POLL_MS: '200',
    LOG_LEVEL: 'silent',
    ...discordEnvironment(fake),
  });
  const app = await NestFactory.create(GatewayModule.forRoot(config), { rawBody: true, logger: false });
  configureGateway(app);
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/discord/interactions`.replace('[::1]', '127.0.0.1');
  await app.get(DiscordConnector).ready();
  const incidents = app.get(IncidentService);
  const relay = app.get(OutboxRelay);
  await setUpIncidentsChannel(app, fake);
  const api: CommandContext = {
    actor: { id: 'api:bench', displayName: 'bench' },
    location: null,
    privileged: true,
  };

  try {
    await incidents.execute({ kind: 'declare', title: 'Bench incident' }, api);
    await waitUntil(async () => (await incidents.getIncident('INC-1')).spaces.length === 1);
    const channelId = (await incidents.getIncident('INC-1')).spaces[0]!.channelId;

    const interaction = (n: number) => {
      const kinds = [
        () => ({ name: 'incident', subcommand: 'show', channelId }),
        () => ({ name: 'incident', subcommand: 'action', options: { text: `Step ${n}` }, channelId }),
        () => ({ name: 'incident', subcommand: 'list' }),
        () => ({ name: 'incident', subcommand: 'help' }),
      ];
      return kinds[n % kinds.length]!();
    };

    // Gateway transport: dispatch -> callback received by the fake; then wait for the follow-up too.
    const gatewayRound = async (n: number): Promise<{ initial: number; answered: number }> => {
      const before = fake.interactionResponses().length;
      const started = performance.now();
      const payload = fake.dispatchSlashCommand(interaction(n));
      while (fake.interactionResponses().length === before) await tick();
      const initial = performance.now() - started;
      await waitUntil(() => answered(fake, payload), 1);
      return { initial, answered: performance.now() - started };
    };
    for (let n = 0; n < WARM_UP; n += 1) await gatewayRound(n);
    const initial: number[] = [];
    const full: number[] = [];
    for (let n = 0; n < INTERACTIONS; n += 1) {
      const round = await gatewayRound(n);
      initial.push(round.initial);
      full.push(round.answered);
    }
    report('gateway: interaction -> response sent, p50', ms(percentile(initial, 50)));
    report(
      'gateway: interaction -> response sent, p99',
      ms(percentile(initial, 99)),
      '< 100 ms',
      percentile(initial, 99) < 100,
    );
    report('gateway: interaction -> answer posted, p50', ms(percentile(full, 50)));
    report('gateway: interaction -> answer posted, p99', ms(percentile(full, 99)));

    // HTTP transport: signed POST -> response (the deferral, or the autocomplete result).
    const httpRound = async (n: number): Promise<number> => {
      const payload = fake.httpSlashCommand(interaction(n));
      const body = JSON.stringify(payload);
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signatureHeaders(body) },
        body,
      });
      const answer = (await response.json()) as Parameters<FakeDiscord['acceptHttpResponse']>[1];
      const elapsed = performance.now() - started;
      if (response.status !== 200) throw new Error(`POST /discord/interactions answered ${response.status}`);
      fake.acceptHttpResponse(payload, answer);
      return elapsed;
    };
    for (let n = 0; n < WARM_UP; n += 1) await httpRound(n);
    const http: number[] = [];
    for (let n = 0; n < INTERACTIONS; n += 1) http.push(await httpRound(n));
    report('HTTP: signed POST -> response, p50', ms(percentile(http, 50)));
    report(
      'HTTP: signed POST -> response, p99',
      ms(percentile(http, 99)),
      '< 100 ms',
      percentile(http, 99) < 100,
    );
    await drained(relay);

    // Outbox delivery: declare many incidents at once, time until each has its channel, headline and announcement.
    const restBefore = fake.requests.length;
    let started = performance.now();
    for (let n = 0; n < INCIDENTS; n += 1)
      await incidents.execute({ kind: 'declare', title: `Load ${n}` }, api);
    await drained(relay);
    let seconds = (performance.now() - started) / 1000;
    const opened = fake
      .channels()
      .filter((each) => each.name?.startsWith('inc-') && each.name.includes('-load-')).length;
    if (opened !== INCIDENTS) throw new Error(`expected ${INCIDENTS} incident channels, found ${opened}`);
    report('delivery: incidents opened (channel+2 posts)/s', (INCIDENTS / seconds).toFixed(1));
    report('delivery: Discord REST calls/s', ((fake.requests.length - restBefore) / seconds).toFixed(1));
    console.log(
      "  (bot-authenticated calls are capped by Discord's global 50 requests/s, which discord.js enforces)",
    );

    const patchesBefore = fake.requests.filter((each) => each.method === 'PATCH').length;
    started = performance.now();
    for (let n = 0; n < EDITS; n += 1) {
      await incidents.execute({ kind: 'summary', ref: 'INC-1', text: `Summary ${n}` }, api);
    }
    await drained(relay);
    seconds = (performance.now() - started) / 1000;
    const edits = fake.requests.filter((each) => each.method === 'PATCH').length - patchesBefore;
    report('delivery: headline edits/s', (edits / seconds).toFixed(1));
  } finally {
    await app.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function answered(fake: FakeDiscord, payload: APIInteraction): boolean {
  return fake
    .messagesIn(payload.channel_id!)
    .some(
      (each) =>
        each.interaction_metadata?.id === payload.id &&
        ((each.flags ?? 0) & MessageFlags.Loading) === 0 &&
        (each.embeds?.length ?? 0) > 0,
    );
}

async function waitUntil(condition: () => boolean | Promise<boolean>, pauseMs = 10): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

async function drained(relay: OutboxRelay): Promise<void> {
  await waitUntil(async () => (await relay.lag()).every((each) => each.lag === 0), 5);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
