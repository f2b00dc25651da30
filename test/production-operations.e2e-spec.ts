import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { io } from 'socket.io-client';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppProcess } from './support/app-process.js';
import { API_TOKEN, BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { baseUrlOf, startStatusPage } from './support/status-page-app.js';

const REDIS_URL = process.env['FIREBREAK_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SECRET = API_TOKEN.slice(API_TOKEN.indexOf(':') + 1);

describe('operations endpoints of the gateway', () => {
  const database = new TempDatabase();
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(database.url, {
      REDIS_URL,
      REDIS_KEY_PREFIX: `firebreak-test-${randomBytes(4).toString('hex')}:`,
    });
  });
  afterAll(async () => {
    await app.close();
    database.remove();
  });

  it('keeps /healthz as it was and needs no token', async () => {
    const response = await request(app.getHttpServer()).get('/healthz').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready when the database and Redis answer and the outbox keeps up', async () => {
    const response = await request(app.getHttpServer()).get('/readyz').expect(200);
    expect(response.body).toMatchObject({
      status: 'ready',
      reasons: [],
      checks: { database: { ok: true }, redis: { ok: true }, outbox: { ok: true } },
    });
  });

  it('counts commands by type and outcome and times requests by route, in Prometheus text', async () => {
    const server = app.getHttpServer();
    await request(server)
      .post('/api/v1/commands')
      .set('Authorization', BEARER)
      .send({ text: 'declare Metrics are flat' })
      .expect(200);
    await request(server)
      .post('/api/v1/commands')
      .set('Authorization', BEARER)
      .send({ text: 'frobnicate everything' })
      .expect((response) => expect(response.status).toBeGreaterThanOrEqual(400));

    const response = await request(server).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(
      /firebreak_commands_total\{type="declare",outcome="applied",service="gateway"\} 1/,
    );
    expect(response.text).toMatch(/firebreak_commands_total\{[^}]*outcome="unknown_command"[^}]*\} 1/);
    expect(response.text).toMatch(
      /firebreak_http_request_duration_seconds_count\{service="gateway",method="POST",route="\/api\/v1\/commands",status="200"\} 1/,
    );
    expect(response.text).toMatch(/firebreak_outbox_lag_events\{consumer="[^"]+",service="gateway"\} \d+/);
    expect(response.text).toContain('firebreak_outbox_consumer_retries_total');
    expect(response.text).toContain('firebreak_connector_errors_total');
    expect(response.text).toContain('firebreak_websocket_clients');
  });

  it('echoes a caller-supplied request id', async () => {
    const response = await request(app.getHttpServer()).get('/healthz').set('X-Request-Id', 'probe-42');
    expect(response.headers['x-request-id']).toBe('probe-42');
  });
});

describe('readiness of a gateway whose Redis is away', () => {
  const database = new TempDatabase();
  let app: INestApplication;

  beforeAll(async () => {
    app = await startGateway(database.url, { REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await app.close();
    database.remove();
  });

  it('answers 503 naming Redis, while liveness stays ok', async () => {
    const response = await request(app.getHttpServer()).get('/readyz').expect(503);
    expect(response.body.status).toBe('not_ready');
    expect(response.body.checks.database.ok).toBe(true);
    expect(response.body.reasons).toEqual([expect.stringMatching(/^redis: /)]);
    await request(app.getHttpServer()).get('/healthz').expect(200);
  });
});

describe('the shared rate limit on the commands API', () => {
  const database = new TempDatabase();
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    const environment = {
      REDIS_URL,
      REDIS_KEY_PREFIX: `firebreak-test-${randomBytes(4).toString('hex')}:`,
      RATE_LIMIT_COMMANDS_PER_MINUTE: '3',
    };
    apps.push(await startGateway(database.url, environment));
    apps.push(await startGateway(database.url, environment));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    database.remove();
  });

  it('counts a client across replicas through Redis and answers 429 with Retry-After', async () => {
    const [first, second] = apps.map((app) => app.getHttpServer());
    const send = (server: unknown) =>
      request(server as never)
        .post('/api/v1/commands')
        .set('Authorization', BEARER)
        .send({ text: 'help' });
    // Alternating replicas, so neither alone sees more than the limit. The minute window may roll over once
    // mid-test; then three more pass and the next is refused, so seven requests always reach a refusal.
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof send>> | null = null;
    for (let sent = 0; sent < 7 && !refused; sent += 1) {
      const response = await send(sent % 2 === 0 ? first : second);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses.slice(0, 3), statuses.join(', ')).toEqual([200, 200, 200]);
    if (!refused) throw new Error(`no request was rate limited: ${statuses.join(', ')}`);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await request(first as never)
      .get('/healthz')
      .expect(200);
  });
});

describe('the gateway as a process', () => {
  const database = new TempDatabase();
  let gateway: AppProcess | null = null;

  afterEach(async () => {
    await gateway?.stop();
    gateway = null;
  });
  afterAll(() => database.remove());

  it('writes JSON logs with request and incident ids and never a token or password', async () => {
    const databaseUrl = database.url.startsWith('postgres')
      ? database.url.replace('postgres://postgres@', 'postgres://postgres:hunter2-password@')
      : database.url;
    gateway = await AppProcess.start('gateway', {
      DATABASE_URL: databaseUrl,
      FIREBREAK_API_TOKENS: API_TOKEN,
      OUTBOX_POLL_MS: '20',
    });
    const response = await fetch(`${gateway.url}/api/v1/commands?token=${SECRET}`, {
      method: 'POST',
      headers: { Authorization: BEARER, 'Content-Type': 'application/json', 'X-Request-Id': 'req-logs-1' },
      body: JSON.stringify({ text: 'declare Logs are noisy' }),
    });
    expect(response.status).toBe(200);
    const { incident } = (await response.json()) as { incident: { ref: string } };
    await fetch(`${gateway.url}/api/v1/incidents/${incident.ref}`, { headers: { Authorization: BEARER } });
    await gateway.stop();

    const access = gateway.logs().find((line) => line['requestId'] === 'req-logs-1');
    expect(access).toMatchObject({
      service: 'gateway',
      incident: incident.ref,
      req: { method: 'POST' },
      res: { statusCode: 200 },
    });
    const everything = gateway.output.join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('hunter2-password');
    expect(gateway.logs().length).toBeGreaterThan(5);
  });

  it('on SIGTERM finishes the commands in flight, applies none by halves, and exits 0', async () => {
    gateway = await AppProcess.start('gateway', {
      DATABASE_URL: database.url,
      FIREBREAK_API_TOKENS: API_TOKEN,
      OUTBOX_POLL_MS: '20',
      RATE_LIMIT_COMMANDS_PER_MINUTE: '0',
    });
    const base = gateway.url;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { Authorization: BEARER, 'Content-Type': 'application/json', ...init.headers },
      });
    const refs: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await api('/api/v1/commands', {
        method: 'POST',
        body: JSON.stringify({ text: `declare Burst target ${index}` }),
      });
      refs.push(((await response.json()) as { incident: { ref: string } }).incident.ref);
    }

    // A burst: declares (each with its own idempotency key) and three-field edits applied in one transaction.
    const declares = Array.from({ length: 30 }, (_, index) => ({
      key: `burst-declare-${index}`,
      body: { text: `declare Burst ${index}` },
    }));
    let answered = 0;
    let signalled = false;
    const outcomes = await Promise.all([
      ...declares.map(async ({ key, body }) => {
        try {
          const response = await api('/api/v1/commands', {
            method: 'POST',
            headers: { 'Idempotency-Key': key },
            body: JSON.stringify(body),
          });
          answered += 1;
          if (answered === 5 && !signalled) {
            signalled = true;
            gateway!.signal('SIGTERM');
          }
          return response.status;
        } catch {
          return 0; // refused or reset before it was read: the replica had stopped accepting
        }
      }),
      ...refs.map(async (ref, index) => {
        try {
          const response = await api(`/api/v1/incidents/${ref}`, {
            method: 'PATCH',
            headers: { 'Idempotency-Key': `burst-edit-${index}` },
            body: JSON.stringify({
              summary: `Summary ${index}`,
              impact: `Impact ${index}`,
              severity: 'critical',
            }),
          });
          return response.status;
        } catch {
          return 0;
        }
      }),
    ]);
    if (!signalled) gateway.signal('SIGTERM');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(outcomes.every((status) => [0, 200, 503].includes(status))).toBe(true);

    // A fresh replica on the same database: every edit applied fully or not at all, and retrying every
    // declare with its key yields exactly one incident each.
    const successor = await startGateway(database.url);
    try {
      const server = successor.getHttpServer();
      for (const [index, ref] of refs.entries()) {
        const { body } = await request(server).get(`/api/v1/incidents/${ref}`).set('Authorization', BEARER);
        const edited = [
          body.summary === `Summary ${index}`,
          body.impact === `Impact ${index}`,
          body.severity === 'critical',
        ];
        expect(new Set(edited).size).toBe(1);
      }
      for (const [index, { key, body }] of declares.entries()) {
        const response = await request(server)
          .post('/api/v1/commands')
          .set('Authorization', BEARER)
          .set('Idempotency-Key', key)
          .send(body)
          .expect(200);
        if (outcomes[index] === 200) expect(response.body.replayed).toBe(true);
      }
      const { body: incidents } = await request(server)
        .get('/api/v1/incidents?limit=100')
        .set('Authorization', BEARER);
      const titles = (incidents as { title: string }[])
        .map((each) => each.title)
        .filter((title) => title.startsWith('Burst ') && !title.startsWith('Burst target'));
      expect(titles.sort()).toEqual(declares.map((_, index) => `Burst ${index}`).sort());
    } finally {
      await successor.close();
    }
  });

  it('with a grace period, reports not ready but still answers new connections before it stops accepting', async () => {
    gateway = await AppProcess.start('gateway', {
      DATABASE_URL: database.url,
      FIREBREAK_API_TOKENS: API_TOKEN,
      SHUTDOWN_GRACE_MS: '2000',
    });
    const base = gateway.url;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    gateway.signal('SIGTERM');
    await vi.waitFor(async () => expect((await fetch(`${base}/readyz`)).status).toBe(503), {
      timeout: 1_500,
      interval: 50,
    });
    // A fresh connection during the grace is served, and told to close so the client goes elsewhere next.
    const during = await fetch(`${base}/api/v1/incidents`, { headers: { Authorization: BEARER } });
    expect(during.status).toBe(200);
    expect(during.headers.get('connection')).toBe('close');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
  });
});

describe('operations endpoints of the status page', () => {
  const database = new TempDatabase();
  let app: INestApplication;

  beforeAll(async () => {
    app = await startStatusPage(database.url, { REDIS_URL });
  });
  afterAll(async () => {
    await app.close();
    database.remove();
  });

  it('keeps /healthz as it was, and is ready', async () => {
    const health = await request(app.getHttpServer()).get('/healthz').expect(200);
    expect(health.body).toEqual({ status: 'ok', components: 0 });
    const ready = await request(app.getHttpServer()).get('/readyz').expect(200);
    expect(ready.body.checks).toMatchObject({ database: { ok: true }, redis: { ok: true } });
  });

  it('tracks requests the render cache answers like the ones Nest routes: request id and latency by route', async () => {
    const server = app.getHttpServer();
    for (const path of ['/', '/api/v2/summary.json']) {
      // The first request renders through Nest and fills the cache; the second is a cache hit.
      await request(server).get(path).set('X-Request-Id', 'rendered-1').expect(200);
      const hit = await request(server).get(path).set('X-Request-Id', 'cached-1').expect(200);
      expect(hit.headers['x-request-id'], path).toBe('cached-1');
      const generated = await request(server).get(path).expect(200);
      expect(generated.headers['x-request-id'], path).toMatch(/^[0-9a-f-]{36}$/);
    }
    const metrics = (await request(server).get('/metrics').expect(200)).text;
    for (const route of ['/', '/api/v2/summary.json']) {
      const escaped = route.replace(/[/.]/g, '\\$&');
      expect(metrics, route).toMatch(
        new RegExp(
          `firebreak_http_request_duration_seconds_count\\{service="status-page",method="GET",route="${escaped}",status="200"\\} 3\\b`,
        ),
      );
    }
  });

  it('reports the websocket clients connected to this replica', async () => {
    const socket = io(await baseUrlOf(app), { transports: ['websocket'], forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/firebreak_websocket_clients\{service="status-page"\} 1/);
    } finally {
      socket.disconnect();
    }
  });
});
