/**
 * Bot Framework authentication on POST /api/messages, through botbuilder's real validation path (OpenID
 * metadata + JWKS from the loopback FakeTokenIssuer).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { type INestApplication, Logger } from '@nestjs/common';
import request from 'supertest';
import type { Incident } from '@firebreak/incident';
import { FakeBotConnector } from './fakes/bot-connector/fake-bot-connector.js';
import type { InboundActivity } from './fakes/bot-connector/teams-activities.js';
import { TeamsActivities } from './fakes/bot-connector/teams-activities.js';
import { loadGatewayConfig } from '../apps/gateway/src/config/gateway-config.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { TeamsRig } from './support/teams-rig.js';

describe('with MICROSOFT_APP_ID set', () => {
  let rig: TeamsRig;

  beforeAll(async () => {
    rig = await TeamsRig.start();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await rig.close();
  });

  async function incidentTitles(): Promise<string[]> {
    const list = (await rig.api().get('/api/v1/incidents').expect(200)).body as Incident[];
    return list.map((each) => each.title);
  }

  it('accepts a valid Bot Framework token and runs the command', async () => {
    const activity = rig.teams.personalMessage('declare Valid token incident');
    expect((await rig.send(activity)).status).toBe(200);
    expect(await incidentTitles()).toContain('Valid token incident');
    expect(rig.connector.activitiesIn(activity.conversation.id)).toHaveLength(1);
  });

  const rejected: Array<[string, (activity: InboundActivity) => Promise<string | null>]> = [
    ['a missing Authorization header', async () => null],
    ['a forged signature (known key id, foreign key)', (a) => rig.token(a, { signWithForeignKey: true })],
    ['an unknown signing key id', (a) => rig.token(a, { kid: 'not-published' })],
    [
      'an expired token (beyond the 5-minute clock tolerance)',
      (a) => rig.token(a, { expiresInSeconds: -900 }),
    ],
    ['a token for another bot (wrong audience)', (a) => rig.token(a, { audience: 'some-other-app-id' })],
    ['a token from another issuer', (a) => rig.token(a, { issuer: 'https://evil.example.com' })],
    ['a token for another service URL', (a) => rig.token(a, { serviceUrl: 'https://smba.example.com/' })],
    ['a malformed header', async () => 'Bearer not-a-jwt'],
  ];

  it.each(rejected)('answers 401 to %s, and nothing changes', async (_name, authorization) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const title = `Forged ${Math.random().toString(36).slice(2)}`;
    const activity = rig.teams.channelMention(`incident declare ${title}`);
    rig.connector.reset();

    const response = await rig.send(activity, await authorization(activity));

    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="botframework"');
    expect(await incidentTitles()).not.toContain(title);
    await rig.drain();
    expect(rig.connector.calls).toEqual([]);
  });

  it('does not ask for the API bearer token (the route is public, the Bot Framework token is the check)', async () => {
    const activity = rig.teams.personalMessage('help');
    const response = await request(rig.app.getHttpServer())
      .post('/api/messages')
      .set('Authorization', await rig.token(activity))
      .send(activity);
    expect(response.status).toBe(200);
  });

  it('keeps the HTTP API behind its own bearer token', async () => {
    const activity = rig.teams.personalMessage('help');
    await request(rig.app.getHttpServer())
      .get('/api/v1/incidents')
      .set('Authorization', await rig.token(activity))
      .expect(401);
  });
});

describe('without MICROSOFT_APP_ID (local development mode)', () => {
  let database: TempDatabase;
  let connector: FakeBotConnector;
  let app: INestApplication;
  let warn: MockInstance<Logger['warn']>;

  beforeAll(async () => {
    database = new TempDatabase();
    connector = await FakeBotConnector.start();
    warn = vi.spyOn(Logger.prototype, 'warn');
    // The production wiring, unchanged: no injected authentication.
    app = await startGateway(database.url);
  });

  afterAll(async () => {
    await app.close();
    await connector.close();
    database.remove();
  });

  it('logs a warning at start', () => {
    expect(warn.mock.calls.map((call) => String(call[0]))).toContainEqual(
      expect.stringContaining('MICROSOFT_APP_ID is not set'),
    );
  });

  it('accepts activities without a token, as the Bot Framework Emulator sends them', async () => {
    const teams = new TeamsActivities({ serviceUrl: connector.serviceUrl, appId: '' });
    const activity = teams.personalMessage('declare Emulator incident');
    const response = await request(app.getHttpServer()).post('/api/messages').send(activity);
    expect(response.status).toBe(200);
    const list = (await request(app.getHttpServer()).get('/api/v1/incidents').set('Authorization', BEARER))
      .body as Incident[];
    expect(list.map((each) => each.title)).toContain('Emulator incident');
    expect(connector.activitiesIn(activity.conversation.id)).toHaveLength(1);
  });
  it('opens incident threads proactively too (no token either way)', async () => {
    const teams = new TeamsActivities({ serviceUrl: connector.serviceUrl, appId: '' });
    const server = app.getHttpServer();
    await request(server).post('/api/messages').send(teams.channelMention('setup')).expect(200);
    await request(server)
      .post('/api/messages')
      .send(teams.channelMention('incident declare Emulator thread'))
      .expect(200);
    const deadline = Date.now() + 10_000;
    while (
      !connector
        .createdConversations()
        .some((each) => JSON.stringify(each.request).includes('Emulator thread'))
    ) {
      if (Date.now() > deadline) throw new Error('no thread created');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
});

describe('Teams configuration', () => {
  it('requires MICROSOFT_APP_PASSWORD with MICROSOFT_APP_ID, naming the variable', () => {
    expect(() => loadGatewayConfig({ MICROSOFT_APP_ID: 'app' })).toThrow(/MICROSOFT_APP_PASSWORD/);
  });

  it('requires the tenant for a single-tenant bot', () => {
    expect(() =>
      loadGatewayConfig({
        MICROSOFT_APP_ID: 'app',
        MICROSOFT_APP_PASSWORD: 'pw',
        MICROSOFT_APP_TYPE: 'SingleTenant',
      }),
    ).toThrow(/MICROSOFT_APP_TENANT_ID/);
  });

  it('needs nothing when Teams is not configured', () => {
    expect(loadGatewayConfig({}).MICROSOFT_APP_ID).toBeUndefined();
  });
});
