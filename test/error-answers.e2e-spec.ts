import type { Server } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { IncidentService } from '@firebreak/incident';
import { ShutdownState } from '@firebreak/operations';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StatusSite } from '../apps/status-page/src/site/status-site.js';
import { signatureHeaders } from './fakes/discord/interaction-signer.js';
import { startDiscordGateway, type DiscordGatewayHarness } from './support/discord-gateway.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { startStatusPage } from './support/status-page-app.js';

/** What a browser sends when following a link. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const UPDATE =
  'Die Zahlungs-API antwortet wieder normal 🎉: nach dem Zurückrollen der Konfiguration von 14:02 sind ' +
  'die Fehlerraten auf das übliche Niveau gefallen; wir beobachten die Warteschlangen noch eine Stunde lang ' +
  'und melden uns, sobald alle zurückgestauten Überweisungen von Zoë und Łukasz verbucht sind.';

/** An RFC 9457 answer: the media type, the four members, and no internal detail. */
function expectProblem(response: request.Response, status: number): Record<string, unknown> {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(response.text) as Record<string, unknown>;
  expect(body).toMatchObject({ type: 'about:blank', status });
  expect(typeof body['title']).toBe('string');
  expect((body['title'] as string).length).toBeGreaterThan(0);
  expect(typeof body['detail']).toBe('string');
  expect((body['detail'] as string).length).toBeGreaterThan(0);
  expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(response.headers['cache-control']).toBe('no-store');
  return body;
}

describe('error answers of the gateway', () => {
  let h: DiscordGatewayHarness;
  const server = () => h.app.getHttpServer();

  beforeAll(async () => {
    h = await startDiscordGateway({
      MICROSOFT_APP_ID: '5b8e5f5c-7f0e-4c57-9d3e-6f1f5a0d2b11',
      MICROSOFT_APP_PASSWORD: 'not-used-by-these-requests',
      RATE_LIMIT_COMMANDS_PER_MINUTE: '2',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
      SUBSCRIBE_RATE_LIMIT: '1',
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('answers an unknown route with 404 problem+json', async () => {
    expectProblem(await request(server()).get('/api/v1/nothing-here').set('Authorization', BEARER), 404);
  });

  it('answers a method the route does not have with 404 problem+json (the router does not tell them apart)', async () => {
    expectProblem(await request(server()).delete('/api/v1/commands').set('Authorization', BEARER), 404);
  });

  it('answers an invalid body with 400 problem+json naming the field', async () => {
    const response = await request(server())
      .post('/api/v1/incidents')
      .set('Authorization', BEARER)
      .send({ title: `Zahlungen für Zoë & Łukasz hängen 🐢 ${'x'.repeat(200)}` });
    expect(expectProblem(response, 400)).toMatchObject({ field: 'title' });
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await request(server())
      .post('/api/v1/incidents')
      .set('Authorization', BEARER)
      .set('Content-Type', 'application/json')
      .send('{"title": "Zahlungen hängen');
    expectProblem(response, 400);
  });

  it('answers a missing or unknown API token with 401, a Bearer challenge and problem+json', async () => {
    const missing = await request(server()).get('/api/v1/incidents');
    expectProblem(missing, 401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="firebreak-api"');
    const unknown = await request(server())
      .get('/api/v1/incidents')
      .set('Authorization', 'Bearer not-a-token-anyone-was-given');
    expectProblem(unknown, 401);
    expect(unknown.headers['www-authenticate']).toBe('Bearer realm="firebreak-api", error="invalid_token"');
  });

  it('answers an unsigned or forged Discord interaction with 401 problem+json and a Signature challenge', async () => {
    const body = JSON.stringify(
      h.fake.httpSlashCommand({
        name: 'incident',
        subcommand: 'declare',
        options: { title: UPDATE.slice(0, 90) },
      }),
    );
    const unsigned = await request(server())
      .post('/discord/interactions')
      .set('Content-Type', 'application/json')
      .send(body);
    expectProblem(unsigned, 401);
    expect(unsigned.headers['www-authenticate']).toMatch(/^Signature realm="discord-interactions"/);
    const forged = await request(server())
      .post('/discord/interactions')
      .set('Content-Type', 'application/json')
      .set({ ...signatureHeaders(body), 'X-Signature-Ed25519': 'ab'.repeat(64) })
      .send(body);
    expectProblem(forged, 401);
    expect(forged.headers['www-authenticate']).toMatch(/^Signature /);
    const stale = await request(server())
      .post('/discord/interactions')
      .set('Content-Type', 'application/json')
      .set(signatureHeaders(body, String(Math.floor(Date.now() / 1000) - 3600)))
      .send(body);
    expectProblem(stale, 401);
  });

  it('answers a Teams activity without a Bot Framework token with 401 problem+json and a Bearer challenge', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await request(server())
      .post('/api/messages')
      .send({
        type: 'message',
        id: '1',
        text: `incident declare ${UPDATE.slice(0, 80)}`,
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        from: { id: '29:zoë', name: 'Zoë Łukasiewicz' },
        conversation: { id: '19:general@thread.tacv2' },
        recipient: { id: '28:bot', name: 'Firebreak' },
      });
    expectProblem(response, 401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="botframework"');
  });

  it('answers a Teams request that is not an activity with 400 problem+json, not 500', async () => {
    const response = await request(server()).post('/api/messages').send({ text: UPDATE });
    expectProblem(response, 400);
  });

  it('answers a body over the size limit with 413 problem+json', async () => {
    const response = await request(server())
      .post('/api/v1/incidents')
      .set('Authorization', BEARER)
      .send({ title: 'Zahlungen hängen', summary: UPDATE.repeat(1200) });
    expectProblem(response, 413);
  });

  it('answers a body it cannot read with 415 problem+json, before any handler sees it', async () => {
    const response = await request(server())
      .post('/api/v1/incidents')
      .set('Authorization', BEARER)
      .set('Content-Type', 'text/plain')
      .send(`declare ${UPDATE}`);
    expect(expectProblem(response, 415)['detail']).toContain('text/plain');
    const listed = await request(server()).get('/api/v1/incidents').set('Authorization', BEARER).expect(200);
    expect(listed.body).toEqual([]);
  });

  it('answers a caller over the commands rate limit with 429 problem+json and Retry-After', async () => {
    const send = () =>
      request(server()).post('/api/v1/commands').set('Authorization', BEARER).send({ text: 'status' });
    const answers = [await send(), await send(), await send()];
    expect(answers.slice(0, 2).map((each) => each.status)).not.toContain(429);
    expectProblem(answers[2]!, 429);
    expect(Number(answers[2]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('answers a client over the subscription limit with 429 problem+json and Retry-After', async () => {
    const subscribe = (email: string) =>
      request(server()).post('/api/v1/subscriptions').send({ email, components: [] });
    await subscribe('zoë@example.test');
    const limited = await subscribe('łukasz@example.test');
    expectProblem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(60);
  });

  it('answers an unexpected failure with 500 problem+json carrying an error id and nothing internal', async () => {
    vi.spyOn(h.app.get(IncidentService), 'listIncidents').mockRejectedValueOnce(
      new Error('SQLITE_CORRUPT: database disk image is malformed at /var/lib/firebreak/data.sqlite'),
    );
    const response = await request(server()).get('/api/v1/incidents').set('Authorization', BEARER);
    const body = expectProblem(response, 500);
    expect(body['errorId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.text).not.toContain('SQLITE_CORRUPT');
  });
});

describe('error answers of the status page', () => {
  let statusPage: INestApplication;
  const page = () => request(statusPage.getHttpServer());

  beforeAll(async () => {
    const db = new TempDatabase();
    statusPage = await startStatusPage(db.url);
    return async () => {
      await statusPage.close();
      db.remove();
    };
  });

  it('answers an unknown path with 404 problem+json to clients that do not ask for a page', async () => {
    expectProblem(await page().get('/no/such/page'), 404);
    expectProblem(await page().get('/no/such/page').set('Accept', 'application/json'), 404);
    expectProblem(await page().get('/history.rss2').set('Accept', 'application/rss+xml, */*'), 404);
    expectProblem(await page().get('/history?page=0').set('Accept', '*/*'), 404);
  });

  it('answers an unknown API document with 404 problem+json, even to a browser', async () => {
    const response = await page().get('/api/v2/incidents/INC-1.json').set('Accept', BROWSER_ACCEPT);
    expectProblem(response, 404);
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  it('shows a browser its 404 page', async () => {
    const response = await page().get('/no/such/page').set('Accept', BROWSER_ACCEPT).expect(404);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('Page not found');
  });

  it('answers a write to the read-only site with 404 problem+json', async () => {
    expectProblem(await page().post('/').send({ title: UPDATE }), 404);
  });

  it('answers an unexpected failure with 500 problem+json carrying an error id and nothing internal', async () => {
    vi.spyOn(statusPage.get(StatusSite), 'resource').mockRejectedValueOnce(
      new Error('SQLITE_BUSY: database is locked'),
    );
    const response = await page().get('/history?page=7');
    const body = expectProblem(response, 500);
    expect(body['errorId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.text).not.toContain('SQLITE_BUSY');
  });
});

describe('error answers while the gateway shuts down', () => {
  it('refuses a request that finishes arriving once the app is closing with 503 problem+json', async () => {
    const db = new TempDatabase();
    const app = await startGateway(db.url);
    const { port } = new URL(await app.getUrl());
    const body = JSON.stringify({ title: 'Zahlungen hängen für Zoë 🐢', summary: UPDATE });
    const arrived = new Promise((resolve) => (app.getHttpServer() as Server).once('request', resolve));
    const socket = connect(Number(port), '127.0.0.1');
    socket.setTimeout(10_000, () => socket.destroy());
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    socket.write(
      `POST /api/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${BEARER}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
        body.slice(0, 10),
    );
    await arrived;
    const closed = app.close();
    await vi.waitFor(() => expect(app.get(ShutdownState).closing).toBe(true));
    socket.end(body.slice(10));
    const [head = '', text = ''] = (await answer).split('\r\n\r\n');
    socket.destroy();
    // Before the fix the request ran against stopping modules and close() never finished: fail, not hang.
    const outcome = await Promise.race([closed.then(() => 'closed'), delay(10_000, 'still closing')]);
    expect(outcome).toBe('closed');
    db.remove();
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head).toMatch(/^content-type: application\/problem\+json/im);
    expect(head).toMatch(/^retry-after: 1$/im);
    expect(head).toMatch(/^connection: close$/im);
    expect(JSON.parse(text)).toMatchObject({
      type: 'about:blank',
      status: 503,
      title: 'Service Unavailable',
    });
  });
});
