import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

const OTHER_SECRET = 'bot-token-fedcba9876543210';

describe('Idempotency-Key: the caller’s own, on one route, for one request', () => {
  const database = new TempDatabase();
  let app: INestApplication;
  const api = () => request(app.getHttpServer());
  const as = (bearer: string, key: string) => ({ Authorization: bearer, 'Idempotency-Key': key });
  const incidentCount = async () =>
    (await api().get('/api/v1/incidents?limit=100').set('Authorization', BEARER).expect(200)).body.length;

  beforeAll(async () => {
    app = await startGateway(database.url, {
      FIREBREAK_API_TOKENS: `${API_TOKEN},bot:${OTHER_SECRET}`,
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_COMMANDS_PER_MINUTE: '0',
    });
  });
  afterAll(async () => {
    await app.close();
    database.remove();
  });

  it('answers a retry of the same request from the first run, however its fields are ordered, applying it once', async () => {
    const before = await incidentCount();
    const body = { title: 'Checkout fails for cards issued in Québec 💳', severity: 'major' };
    const first = await api().post('/api/v1/incidents').set(as(BEARER, 'retry-1')).send(body).expect(201);
    const retries = await Promise.all([
      api().post('/api/v1/incidents').set(as(BEARER, 'retry-1')).send(body),
      api()
        .post('/api/v1/incidents')
        .set(as(BEARER, 'retry-1'))
        .send({ severity: 'major', title: body.title }),
    ]);
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body.ref).toBe(first.body.ref);
    }
    expect(await incidentCount()).toBe(before + 1);
  });

  it('applies one of several concurrent first deliveries of a request, answering all alike', async () => {
    const before = await incidentCount();
    const body = { title: 'Invoices render without totals for Zoë’s team' };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => api().post('/api/v1/incidents').set(as(BEARER, 'race-1')).send(body)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.ref)).size).toBe(1);
    expect(await incidentCount()).toBe(before + 1);
  });

  it('refuses the key with a different body: 422 problem+json, and nothing is applied', async () => {
    const first = await api()
      .post('/api/v1/commands')
      .set(as(BEARER, 'declare-2'))
      .send({ text: 'declare Search results are empty' })
      .expect(200);
    const before = await incidentCount();
    const reused = await api()
      .post('/api/v1/commands')
      .set(as(BEARER, 'declare-2'))
      .send({ text: 'declare Logins time out' })
      .expect(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.body).toMatchObject({
      status: 422,
      code: 'idempotency_key_reused',
      field: 'Idempotency-Key',
      detail: expect.stringContaining('used with a different request'),
    });
    expect(await incidentCount()).toBe(before);
    expect(first.body.replayed).toBe(false);
  });

  it('treats route parameters as part of the request: the same body for another incident is refused', async () => {
    const one = (
      await api()
        .post('/api/v1/incidents')
        .set('Authorization', BEARER)
        .send({ title: 'Queue backlog in Lyon' })
        .expect(201)
    ).body.ref;
    const two = (
      await api()
        .post('/api/v1/incidents')
        .set('Authorization', BEARER)
        .send({ title: 'Queue backlog in Łódź' })
        .expect(201)
    ).body.ref;
    const identified = { status: 'identified' };
    await api()
      .post(`/api/v1/incidents/${one}/status`)
      .set(as(BEARER, 'status-3'))
      .send(identified)
      .expect(200);
    await api()
      .post(`/api/v1/incidents/${two}/status`)
      .set(as(BEARER, 'status-3'))
      .send(identified)
      .expect(422);
    const second = await api().get(`/api/v1/incidents/${two}`).set('Authorization', BEARER).expect(200);
    expect(second.body.status).toBe('investigating');
  });

  it('scopes the key to the route: on another route it is a new request with its own answer', async () => {
    const declared = await api()
      .post('/api/v1/incidents')
      .set(as(BEARER, 'shared-4'))
      .send({ title: 'Webhooks are delayed' })
      .expect(201);
    const listed = await api()
      .post('/api/v1/commands')
      .set(as(BEARER, 'shared-4'))
      .send({ text: 'list' })
      .expect(200);
    expect(listed.body.replayed).toBe(false);
    expect(listed.body.incident).toBeNull();
    expect(declared.body.ref).toMatch(/^INC-\d+$/);
  });

  it('scopes the key to the caller: another token’s identical request is its own', async () => {
    const before = await incidentCount();
    const body = { title: 'Status emails bounce' };
    const ops = await api().post('/api/v1/incidents').set(as(BEARER, 'same-5')).send(body).expect(201);
    const bot = await api()
      .post('/api/v1/incidents')
      .set(as(`Bearer ${OTHER_SECRET}`, 'same-5'))
      .send(body)
      .expect(201);
    expect(bot.body.ref).not.toBe(ops.body.ref);
    expect(await incidentCount()).toBe(before + 2);
  });
});
