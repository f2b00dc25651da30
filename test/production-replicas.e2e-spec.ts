import { randomBytes } from 'node:crypto';
import type { OutboxConsumer, OutboxEvent } from '@firebreak/incident';
import {
  dataSourceOptionsFromUrl,
  OutboxConsumerRow,
  OutboxEventRow,
  OutboxPoller,
} from '@firebreak/persistence';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/app-process.js';
import { API_TOKEN, BEARER } from './support/gateway-app.js';
import { createPostgresSchema, dropPostgresSchema } from '@firebreak/persistence/testing';

/**
 * Production mode end to end: two gateway and two status-page processes on loopback ports, one PostgreSQL
 * schema and one Redis. Needs both services; under CI=true their absence fails the suite (psql/Redis errors).
 */
const REDIS_URL = process.env['FIREBREAK_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const DECLARES = 40;

interface LiveMessage {
  readonly type: string;
  readonly position: number;
}

function connectLive(baseUrl: string): Promise<{ socket: Socket; messages: LiveMessage[] }> {
  const socket = io(baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  const messages: LiveMessage[] = [];
  socket.on('status', (message: LiveMessage) => messages.push(message));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, messages }));
    socket.once('connect_error', reject);
  });
}

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function digestDueSinceAMinuteAgo(): { FOLLOWUP_DIGEST_DAY: string; FOLLOWUP_DIGEST_TIME: string } {
  const slot = new Date(Date.now() - 60_000);
  const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  return {
    FOLLOWUP_DIGEST_DAY: days[slot.getUTCDay()]!,
    FOLLOWUP_DIGEST_TIME: slot.toISOString().slice(11, 16),
  };
}

describe('two gateways and two status pages on one PostgreSQL and one Redis', () => {
  const databaseUrl = createPostgresSchema('firebreak_replicas');
  const prefix = `firebreak-replicas-${randomBytes(4).toString('hex')}:`;
  const shared = { DATABASE_URL: databaseUrl, REDIS_URL, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'warn' };
  const gatewayEnvironment = {
    ...shared,
    FIREBREAK_API_TOKENS: API_TOKEN,
    OUTBOX_POLL_MS: '50',
    RATE_LIMIT_COMMANDS_PER_MINUTE: '0',
    COMMS_TICK_MS: '200',
    // The weekly follow-up digest is due from the moment the replicas start, and reminders are checked often.
    ...digestDueSinceAMinuteAgo(),
    FOLLOWUP_REMINDER_TICK_MS: '200',
  };
  const statusPageEnvironment = { ...shared, STATUS_PAGE_OUTBOX_POLL_MS: '50' };
  const apps: AppProcess[] = [];
  let gatewayA: AppProcess;
  let gatewayB: AppProcess;
  let pageA: AppProcess;
  let pageB: AppProcess;
  let probe: DataSource;

  beforeAll(async () => {
    // All four start at once: the migrations take turns under an advisory lock.
    const started = await Promise.allSettled([
      AppProcess.start('gateway', gatewayEnvironment),
      AppProcess.start('gateway', gatewayEnvironment),
      AppProcess.start('status-page', statusPageEnvironment),
      AppProcess.start('status-page', statusPageEnvironment),
    ]);
    // The ones that did start are stopped in afterAll even if another failed, so the schema can be dropped.
    for (const result of started) if (result.status === 'fulfilled') apps.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    [gatewayA, gatewayB, pageA, pageB] = apps;
    probe = await new DataSource(dataSourceOptionsFromUrl(databaseUrl)).initialize();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    if (probe?.isInitialized) await probe.destroy();
    dropPostgresSchema(databaseUrl);
  }, 60_000);

  const send = (app: AppProcess, path: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, {
      ...init,
      headers: { Authorization: BEARER, 'Content-Type': 'application/json', ...init.headers },
    });

  it('loses and doubles no command when one gateway is killed mid-stream, and every replica is ready', async () => {
    for (const app of apps) expect((await fetch(`${app.url}/readyz`)).status).toBe(200);

    // Two independent "replicas" of a probe consumer share one position: each event is handled once in all.
    const handled: { replica: string; position: number }[] = [];
    const probeConsumer = (replica: string): OutboxConsumer => ({
      name: 'replica-probe',
      handle: async (event: OutboxEvent) => {
        handled.push({ replica, position: event.position });
      },
    });
    const pollers = [
      new OutboxPoller(probe, [probeConsumer('one')], { idleDelayMs: 20, batchSize: 5 }),
      new OutboxPoller(
        await new DataSource(dataSourceOptionsFromUrl(databaseUrl)).initialize(),
        [probeConsumer('two')],
        { idleDelayMs: 20, batchSize: 5 },
      ),
    ];
    pollers.forEach((poller) => poller.start());

    const declare = async (index: number, target: AppProcess): Promise<number> => {
      try {
        const response = await send(target, '/api/v1/commands', {
          method: 'POST',
          headers: { 'Idempotency-Key': `replica-declare-${index}` },
          body: JSON.stringify({ text: `declare Replica ${index}` }),
        });
        return response.status;
      } catch {
        return 0;
      }
    };

    // Both gateways at once; gateway B is killed (no graceful shutdown) once a quarter has been answered.
    let answered = 0;
    const first = await Promise.all(
      Array.from({ length: DECLARES }, async (_, index) => {
        const status = await declare(index, index % 2 === 0 ? gatewayA : gatewayB);
        answered += 1;
        if (answered === DECLARES / 4) gatewayB.signal('SIGKILL');
        return status;
      }),
    );
    await gatewayB.exited;
    expect(first.filter((status) => status === 200).length).toBeGreaterThanOrEqual(DECLARES / 4);

    // The client retries whatever did not get an answer on the surviving gateway, with the same key.
    for (const [index, status] of first.entries()) {
      if (status !== 200) expect(await declare(index, gatewayA)).toBe(200);
    }
    // And a second retry of everything is answered from memory.
    for (let index = 0; index < DECLARES; index += 1) {
      const response = await send(gatewayA, '/api/v1/commands', {
        method: 'POST',
        headers: { 'Idempotency-Key': `replica-declare-${index}` },
        body: JSON.stringify({ text: `declare Replica ${index}` }),
      });
      expect(((await response.json()) as { replayed: boolean }).replayed).toBe(true);
    }

    const incidents = (await (await send(gatewayA, '/api/v1/incidents?limit=200')).json()) as {
      ref: string;
      title: string;
    }[];
    const titles = incidents.map((incident) => incident.title).sort();
    expect(titles).toEqual(Array.from({ length: DECLARES }, (_, index) => `Replica ${index}`).sort());
    expect(new Set(incidents.map((incident) => incident.ref)).size).toBe(DECLARES);

    // Outbox: every consumer of the surviving replicas catches up, and the probe saw each event exactly once.
    const head = Number(
      (
        await probe.manager
          .createQueryBuilder(OutboxEventRow, 'event')
          .select('MAX(event.position)', 'head')
          .getRawOne<{ head: string }>()
      )?.head,
    );
    await eventually(async () => {
      const rows = await probe.manager.find(OutboxConsumerRow);
      return rows.length > 0 && rows.every((row) => Number(row.position) === head) ? rows : undefined;
    }, 'every outbox consumer to reach the head');
    await Promise.all(pollers.map((poller) => poller.stop()));
    const positions = handled.map((each) => each.position).sort((a, b) => a - b);
    // Positions come from a sequence: the transaction killed with gateway B may have left a gap.
    const written = (await probe.manager.find(OutboxEventRow, { order: { position: 'ASC' } })).map((event) =>
      Number(event.position),
    );
    expect(written.at(-1)).toBe(head);
    expect(positions).toEqual(written);
  }, 120_000);

  it('pushes an update published through one gateway to live clients on both status-page replicas', async () => {
    const [onA, onB] = await Promise.all([connectLive(pageA.url), connectLive(pageB.url)]);
    try {
      const response = await send(gatewayA, '/api/v1/commands', {
        method: 'POST',
        body: JSON.stringify({ text: 'declare Live fan-out check' }),
      });
      const { incident } = (await response.json()) as { incident: { ref: string } };
      const changed = await send(gatewayA, `/api/v1/incidents/${incident.ref}`, {
        method: 'PATCH',
        body: JSON.stringify({ severity: 'critical', publicTitle: 'Live fan-out check' }),
      });
      expect(changed.status).toBe(200);

      const seen = (messages: LiveMessage[]) => async () =>
        messages.find((message) => message.type === 'incident.changed');
      const [messageOnA, messageOnB] = await Promise.all([
        eventually(seen(onA.messages), 'the update on status page A'),
        eventually(seen(onB.messages), 'the update on status page B'),
      ]);
      expect(messageOnA.position).toBe(messageOnB.position);
      // One replica's consumer handles the event; Redis fans it out: each client gets it once.
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const { messages } of [onA, onB]) {
        expect(messages.filter((message) => message.position === messageOnA.position)).toHaveLength(1);
      }

      // Each replica drops its own render cache: a page cached before the update shows it on both replicas.
      const unresolved = (page: AppProcess) =>
        fetch(`${page.url}/api/v2/incidents/unresolved.json`).then((answer) => answer.text());
      await Promise.all([unresolved(pageA), unresolved(pageB)]);
      const published = await send(gatewayA, '/api/v1/commands', {
        method: 'POST',
        body: JSON.stringify({ text: `update ${incident.ref} Both replicas show this.` }),
      });
      expect(published.status).toBe(200);
      for (const page of [pageA, pageB]) {
        await eventually(
          async () => ((await unresolved(page)).includes('Both replicas show this.') ? true : undefined),
          `the update in the cached JSON of ${page.url}`,
          10_000,
        );
      }
    } finally {
      onA.socket.disconnect();
      onB.socket.disconnect();
    }
  }, 60_000);

  it('fires each reminder once although every gateway replica checks for due reminders', async () => {
    const gatewayC = await AppProcess.start('gateway', gatewayEnvironment);
    apps.push(gatewayC);
    const noticeKeys = async (prefix: string): Promise<string[]> => {
      const rows = (await probe.query("SELECT payload FROM outbox_event WHERE type = 'chat.notice'")) as {
        payload: string;
      }[];
      return rows
        .map((row) => (JSON.parse(row.payload) as { key?: string }).key ?? '')
        .filter((key) => key.startsWith(prefix));
    };
    const declared = await send(gatewayA, '/api/v1/commands', {
      method: 'POST',
      body: JSON.stringify({ text: 'declare Reminder check' }),
    });
    const { incident } = (await declared.json()) as { incident: { ref: string } };
    const followup = await send(gatewayC, `/api/v1/incidents/${incident.ref}/actions`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'followup', text: 'Long overdue', owner: 'discord:9', due: '2020-01-01' }),
    });
    expect(followup.status).toBe(201);
    const { id } = (await followup.json()) as { id: number };

    await eventually(
      async () => ((await noticeKeys(`followup-overdue:${id}:`)).length ? true : undefined),
      'the overdue reminder',
    );
    // Both gateways keep ticking every 200 ms; a second reminder would show up well within this pause.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await noticeKeys(`followup-overdue:${id}:`)).toHaveLength(1);
    expect(await noticeKeys('followup-digest:')).toHaveLength(1);
  }, 60_000);
});
