/**
 * Bot Framework authentication on POST /api/messages, through botbuilder's real validation path (OpenID
 * metadata + JWKS from the loopback FakeTokenIssuer).
 */
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from 'vitest';
import { type INestApplication, Logger } from '@nestjs/common';
import request from 'supertest';
import { type Incident, WORKSPACE_SETUP_REFUSAL } from '@firebreak/incident';
import { OutboxRelay } from '@firebreak/persistence';
import { TEAMS_CONNECTOR_OFF, TeamsWorkspaces } from '@firebreak/teams';
import { FakeBotConnector } from './fakes/bot-connector/fake-bot-connector.js';
import type { InboundActivity } from './fakes/bot-connector/teams-activities.js';
import { BOB, MEGAN, TeamsActivities } from './fakes/bot-connector/teams-activities.js';
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

/** A public update of ordinary length, with the accents and emoji people type. */
const ANONYMOUS_UPDATE =
  'update INC-1 Résolu ✅ — les paiements fonctionnent de nouveau pour tous les clients; we rolled back the ' +
  'faulty release of the checkout service and are watching error rates closely. Next update within the hour.';

async function incidentsOf(app: INestApplication): Promise<Incident[]> {
  return (
    await request(app.getHttpServer()).get('/api/v1/incidents').set('Authorization', BEARER).expect(200)
  ).body as Incident[];
}

/** The production gateway without MICROSOFT_APP_ID (nothing injected), and a Bot Connector to watch. */
class UnauthenticatedGateway {
  readonly database = new TempDatabase();
  connector!: FakeBotConnector;
  app!: INestApplication;

  static async start(environment: NodeJS.ProcessEnv = {}): Promise<UnauthenticatedGateway> {
    const gateway = new UnauthenticatedGateway();
    gateway.connector = await FakeBotConnector.start();
    gateway.app = await startGateway(gateway.database.url, environment);
    return gateway;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.connector.close();
    this.database.remove();
  }
}

describe('without MICROSOFT_APP_ID or TEAMS_DEVELOPMENT_MODE (connector off)', () => {
  let gateway: UnauthenticatedGateway;
  let connector: FakeBotConnector;
  let app: INestApplication;
  let log: MockInstance<Logger['log']>;

  beforeAll(async () => {
    log = vi.spyOn(Logger.prototype, 'log');
    // Nothing configured for Teams.
    gateway = await UnauthenticatedGateway.start();
    ({ connector, app } = gateway);
  });

  afterAll(async () => {
    log.mockRestore();
    await gateway.close();
  });

  it('says once, at start, that the Teams connector is off', () => {
    const lines = log.mock.calls.map((call) => String(call[0]));
    expect(lines.filter((line) => line.includes('Teams connector off'))).toHaveLength(1);
  });

  it('refuses anonymous activities with 403 problem+json: nobody takes the lead, nothing is published, nothing is sent', async () => {
    await request(app.getHttpServer())
      .post('/api/v1/incidents')
      .set('Authorization', BEARER)
      .send({ title: 'Checkout payments failing' })
      .expect(201);
    const teams = new TeamsActivities({ serviceUrl: connector.serviceUrl, appId: '' });
    for (const text of ['lead INC-1', ANONYMOUS_UPDATE, 'declare Anonymous incident']) {
      const response = await request(app.getHttpServer())
        .post('/api/messages')
        .send(teams.personalMessage(text));
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 403, detail: TEAMS_CONNECTOR_OFF });
    }
    const [only, ...others] = await incidentsOf(app);
    expect(others).toEqual([]);
    expect(only?.roles.lead).toBeUndefined();
    const updates = await request(app.getHttpServer())
      .get('/api/v1/incidents/INC-1/updates')
      .set('Authorization', BEARER)
      .expect(200);
    expect(updates.body).toEqual([]);
    await app.get(OutboxRelay).drain();
    expect(connector.calls).toEqual([]);
  });
});

describe('with TEAMS_DEVELOPMENT_MODE on a loopback gateway (Bot Framework Emulator)', () => {
  let gateway: UnauthenticatedGateway;
  let connector: FakeBotConnector;
  let app: INestApplication;
  let warn: MockInstance<Logger['warn']>;
  let teams: TeamsActivities;

  beforeAll(async () => {
    warn = vi.spyOn(Logger.prototype, 'warn');
    gateway = await UnauthenticatedGateway.start({
      TEAMS_DEVELOPMENT_MODE: 'true',
      GATEWAY_HOST: '127.0.0.1',
      // No app credentials, so no Graph: the configured list is the only source of administrators.
      MICROSOFT_TEAMS_ADMIN_USER_IDS: MEGAN.aadObjectId,
    });
    ({ connector, app } = gateway);
    teams = new TeamsActivities({ serviceUrl: connector.serviceUrl, appId: '' });
  });

  afterAll(async () => {
    warn.mockRestore();
    await gateway.close();
  });

  beforeEach(async () => {
    // Posts still due from an earlier test (e.g. the headline of its incident) go out before the slate is wiped.
    await app.get(OutboxRelay).drain();
    connector.reset();
  });

  it('warns at start that activities are accepted without authentication', () => {
    expect(warn.mock.calls.map((call) => String(call[0]))).toContainEqual(
      expect.stringContaining('Teams development mode'),
    );
  });

  it('accepts activities without a token from this machine, as the Bot Framework Emulator sends them', async () => {
    const activity = teams.personalMessage('declare Emulator incident');
    const response = await request(app.getHttpServer()).post('/api/messages').send(activity);
    expect(response.status).toBe(200);
    expect((await incidentsOf(app)).map((each) => each.title)).toContain('Emulator incident');
    expect(connector.activitiesIn(activity.conversation.id)).toHaveLength(1);
  });

  it('opens incident threads proactively too (no token either way)', async () => {
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

  it.each([
    // 0.0.0.0 reaches this machine's loopback listeners on Linux: the fake would record a reply sent there.
    ['0.0.0.0, which reaches loopback listeners', () => connector.serviceUrl.replace('127.0.0.1', '0.0.0.0')],
    ['a public host', () => 'https://smba.trafficmanager.net/amer/'],
  ])(
    'refuses an activity naming %s as serviceUrl before any state change, and sends nothing',
    async (_name, serviceUrl) => {
      const before = await incidentsOf(app);
      const elsewhere = new TeamsActivities({ serviceUrl: serviceUrl(), appId: '' });
      const response = await request(app.getHttpServer())
        .post('/api/messages')
        .send(elsewhere.personalMessage('declare Incident from a foreign service URL'));
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.detail).toContain('loopback service URLs');
      expect(await incidentsOf(app)).toEqual(before);
      await app.get(OutboxRelay).drain();
      expect(connector.calls).toEqual([]);
    },
  );

  it.each(['X-Forwarded-For', 'Forwarded', 'X-Real-IP'])(
    'refuses an activity that came through a proxy or tunnel (%s), which would make loopback public',
    async (header) => {
      const before = await incidentsOf(app);
      const response = await request(app.getHttpServer())
        .post('/api/messages')
        .set(header, header === 'Forwarded' ? 'for=203.0.113.7' : '203.0.113.7')
        .send(teams.personalMessage('declare Incident through a tunnel'));
      expect(response.status).toBe(403);
      expect(response.body.detail).toContain('proxy or tunnel');
      expect(await incidentsOf(app)).toEqual(before);
      expect(connector.calls).toEqual([]);
    },
  );

  it('refuses setup from someone who is not a configured administrator, with the one refusal text', async () => {
    const activity = teams.channelMention('setup', { from: BOB });
    await request(app.getHttpServer()).post('/api/messages').send(activity).expect(200);
    const [reply] = connector.activitiesIn(activity.conversation.id);
    expect(JSON.stringify(reply)).toContain(WORKSPACE_SETUP_REFUSAL);
    expect(JSON.stringify(reply)).toContain('Not permitted');
  });
});

describe('with TEAMS_DEVELOPMENT_MODE and a team stored with a non-loopback service URL', () => {
  let gateway: UnauthenticatedGateway;
  let connector: FakeBotConnector;
  let app: INestApplication;

  beforeAll(async () => {
    gateway = await UnauthenticatedGateway.start({ TEAMS_DEVELOPMENT_MODE: 'true' });
    ({ connector, app } = gateway);
  });

  afterAll(async () => {
    await gateway.close();
  });

  it('posts nothing there, and the refused post does not hold up the outbox', async () => {
    // As an earlier run with other settings could have stored it; 0.0.0.0 would reach the fake.
    const serviceUrl = connector.serviceUrl.replace('127.0.0.1', '0.0.0.0');
    const teams = new TeamsActivities({ serviceUrl, appId: '' });
    await app.get(TeamsWorkspaces).setup(teams.teamId, teams.channelId, {
      teamName: teams.teamName,
      tenantId: teams.tenantId,
      serviceUrl,
      channelReference: {
        serviceUrl,
        channelId: 'msteams',
        bot: teams.bot,
        conversation: { id: teams.channelId, isGroup: true, conversationType: 'channel', name: 'General' },
      },
    });
    await request(app.getHttpServer())
      .post('/api/v1/incidents')
      .set('Authorization', BEARER)
      .send({ title: 'Declared while a foreign service URL is stored' })
      .expect(201);
    await app.get(OutboxRelay).drain();
    expect(connector.calls).toEqual([]);
    expect((await app.get(OutboxRelay).lag()).every((each) => each.lag === 0)).toBe(true);
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

  it('needs nothing when Teams is not configured (the connector is then off)', () => {
    expect(loadGatewayConfig({}).MICROSOFT_APP_ID).toBeUndefined();
    expect(loadGatewayConfig({}).TEAMS_DEVELOPMENT_MODE).toBe(false);
  });
});
