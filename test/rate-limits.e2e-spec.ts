import type { INestApplication } from '@nestjs/common';
import { isMutating, RateLimitPolicy } from '@firebreak/operations';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordGatewayHarness, startDiscordGateway } from './support/discord-gateway.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

type Answer = Awaited<ReturnType<ReturnType<typeof request>['get']>>;

/**
 * Sends until one is refused with 429. A fixed window can roll over once mid-test (the allowance then starts
 * again), so `2 × limit + 1` calls always reach a refusal; the first `limit` must all get through.
 */
async function untilRefused(limit: number, send: (n: number) => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let n = 0; n < 2 * limit + 1; n += 1) {
    const answer = await send(n);
    answers.push(answer);
    if (answer.status === 429) break;
  }
  const statuses = answers.map((answer) => answer.status).join(', ');
  expect(
    answers.slice(0, limit).every((answer) => answer.status !== 429),
    statuses,
  ).toBe(true);
  expect(answers.at(-1)!.status, `never refused: ${statuses}`).toBe(429);
  return answers;
}

/** `METHOD /pattern` for every route the app's router knows. */
function routesOf(app: INestApplication): string[] {
  const router = (
    app.getHttpAdapter().getInstance() as {
      router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    }
  ).router;
  return router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`)
      : [],
  );
}

describe('rate limits keyed on the caller and the client behind the proxy', () => {
  const apps: INestApplication[] = [];
  let database: TempDatabase;
  const boot = async (environment: NodeJS.ProcessEnv) => {
    const app = await startGateway(database.url, environment);
    apps.push(app);
    return request(app.getHttpServer());
  };
  const command = { text: 'help' };

  beforeAll(() => {
    database = new TempDatabase();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });
  afterAll(() => database.remove());

  it('never lets calls without a valid token spend a token’s allowance, even from the same address', async () => {
    const api = await boot({ RATE_LIMIT_COMMANDS_PER_MINUTE: '5', RATE_LIMIT_PUBLIC_PER_MINUTE: '3' });
    const anonymous = await untilRefused(3, (n) =>
      api
        .post('/api/v1/commands')
        .set('Authorization', n % 2 ? 'Bearer wrong-token-0123456789' : '')
        .send(command),
    );
    expect(anonymous.slice(0, 3).map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(anonymous.at(-1)!.body.detail).toContain('"unauthenticated"');

    await api.post('/api/v1/commands').set('Authorization', BEARER).send(command).expect(200);
  });

  it('counts an API token by name, whichever client address it calls from', async () => {
    const api = await boot({ TRUSTED_PROXIES: '127.0.0.1', RATE_LIMIT_COMMANDS_PER_MINUTE: '3' });
    const refused = await untilRefused(3, (n) =>
      api
        .post('/api/v1/commands')
        .set('Authorization', BEARER)
        .set('X-Forwarded-For', `203.0.113.${n + 1}`)
        .send(command),
    );
    expect(refused.at(-1)!.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.at(-1)!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('tells clients behind a trusted proxy apart by the address the proxy saw', async () => {
    const api = await boot({ TRUSTED_PROXIES: '127.0.0.1/32', SUBSCRIBE_RATE_LIMIT: '2' });
    const subscribe = (forwardedFor: string, n: number) =>
      api
        .post('/api/v1/subscriptions')
        .set('X-Forwarded-For', forwardedFor)
        .send({ webhook: `https://hooks.example.com/${n}` });
    // What a client writes in X-Forwarded-For itself is not believed: the proxy's entry (the last) counts.
    await untilRefused(2, (n) => subscribe(`10.9.9.${n}, 198.51.100.7`, n));
    await subscribe('198.51.100.8', 100).expect(202);
  });

  it('believes X-Forwarded-For from nobody when no proxy is trusted', async () => {
    const api = await boot({ SUBSCRIBE_RATE_LIMIT: '2' });
    await untilRefused(2, (n) =>
      api
        .post('/api/v1/subscriptions')
        .set('X-Forwarded-For', `198.51.100.${n}`)
        .send({ webhook: `https://hooks.example.com/${n}` }),
    );
  });

  it('limits a route whatever the case or trailing slash of the path it was called by', async () => {
    const api = await boot({ RATE_LIMIT_COMMANDS_PER_MINUTE: '3' });
    const spellings = ['/API/V1/COMMANDS', '/Api/V1/Commands/', '/api/v1/COMMANDS/', '/aPi/v1/commandS'];
    const answers = await untilRefused(3, (n) =>
      api
        .post(spellings[n % spellings.length]!)
        .set('Authorization', BEARER)
        .send(command),
    );
    expect(answers[0]!.status).toBe(200);
  });

  it('limits the routes that change something beyond the commands API, per token', async () => {
    const api = await boot({ RATE_LIMIT_WRITES_PER_MINUTE: '2' });
    await untilRefused(2, (n) =>
      api
        .post('/api/v1/components')
        .set('Authorization', BEARER)
        .send({ name: `Zürich API ${n} 🚦` }),
    );
    await api.get('/api/v1/components').set('Authorization', BEARER).expect(200);
  });
});

describe('every route that can change something is limited', () => {
  let harness: DiscordGatewayHarness;

  beforeAll(async () => {
    harness = await startDiscordGateway({ RATE_LIMIT_CHAT_PER_MINUTE: '2' });
  });
  afterAll(() => harness.stop());

  it('gives each mutating route of the gateway a limit, for token holders and for everyone else', () => {
    const policy = harness.app.get(RateLimitPolicy);
    const mutating = routesOf(harness.app).filter((route) => isMutating(route.split(' ')[0]));
    expect(mutating).toEqual(
      expect.arrayContaining([
        'POST /api/v1/commands',
        'POST /api/v1/incidents',
        'PATCH /api/v1/incidents/:ref',
        'PUT /api/v1/incidents/:ref/roles/:role',
        'DELETE /api/v1/incidents/:ref/roles/:role',
        'POST /api/v1/incidents/:ref/actions',
        'PUT /api/v1/components/:id/status',
        'PUT /api/v1/incidents/:ref/review',
        'POST /api/v1/incidents/:ref/scheduled-updates',
        'DELETE /api/v1/maintenances/:id',
        'POST /api/v1/incidents/:ref/write-up/publish',
        'POST /api/v1/subscriptions',
        'POST /api/v1/subscriptions/unsubscribe/:token',
        'POST /discord/interactions',
        'POST /api/messages',
      ]),
    );
    for (const route of mutating) {
      const [method, pattern] = route.split(' ') as [string, string];
      for (const caller of ['ops', null]) {
        const buckets = policy.bucketsFor({ method, route: pattern, caller, address: '203.0.113.9' });
        expect(buckets.length, `${route} for ${caller ?? 'anonymous'}`).toBeGreaterThan(0);
      }
    }
  });

  it('limits Discord interactions and Teams activities together, per client address', async () => {
    const api = request(harness.app.getHttpServer());
    const paths = ['/discord/interactions', '/api/messages'];
    await untilRefused(2, (n) => api.post(paths[n % 2]!).send({ type: 1 }));
  });
});
