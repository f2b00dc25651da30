import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import request from 'supertest';
import type { Incident } from '@firebreak/incident';
import { TEAMS_BOT_AUTHENTICATION } from '@firebreak/teams';
import { OutboxRelay } from '@firebreak/persistence';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway-config.js';
import { configureGateway } from '../../apps/gateway/src/configure-gateway.js';
import { GatewayModule } from '../../apps/gateway/src/gateway.module.js';
import { FakeBotConnector } from '../fakes/bot-connector/fake-bot-connector.js';
import {
  createLoopbackBotFrameworkAuthentication,
  FakeTokenIssuer,
  type MintTokenOptions,
} from '../fakes/bot-connector/fake-token-issuer.js';
import { graphMember } from '../fakes/bot-connector/fake-graph-team-members.js';
import {
  ALICE,
  BOB,
  type InboundActivity,
  TeamsActivities,
} from '../fakes/bot-connector/teams-activities.js';
import { API_TOKEN, BEARER, TempDatabase } from './gateway-app.js';

/**
 * The real gateway (GatewayModule + configureGateway, as main.ts boots it) with the Teams connector's
 * BotFrameworkAuthentication pointed at the loopback FakeTokenIssuer (inbound) and FakeBotConnector
 * (outbound MSAL + Connector REST). That provider is the only thing replaced: MSAL cannot reach loopback
 * through configuration alone. Microsoft Graph is the fake's too, where the team's owner is the default
 * sender (`teams.user`, who may therefore run `setup`) and ALICE and BOB are plain members.
 */
export class TeamsRig {
  readonly appId = randomUUID();
  readonly password = `secret-${randomUUID()}`;
  teams!: TeamsActivities;
  app!: INestApplication;

  private constructor(
    readonly connector: FakeBotConnector,
    readonly issuer: FakeTokenIssuer,
    readonly database: TempDatabase,
  ) {}

  /** `environment` may be a function of the fake connector, for variables naming its loopback URLs. */
  static async start(
    environment: NodeJS.ProcessEnv | ((connector: FakeBotConnector) => NodeJS.ProcessEnv) = {},
  ): Promise<TeamsRig> {
    const [connector, issuer] = await Promise.all([FakeBotConnector.start(), FakeTokenIssuer.start()]);
    const rig = new TeamsRig(connector, issuer, new TempDatabase());
    rig.teams = new TeamsActivities({ serviceUrl: connector.serviceUrl, appId: rig.appId });
    connector.graphMembers.setMembers(
      rig.teams.teamAadGroupId,
      [graphMember(rig.teams.user, ['owner']), graphMember(ALICE), graphMember(BOB)],
      rig.teams.tenantId,
    );
    await rig.boot(typeof environment === 'function' ? environment(connector) : environment);
    return rig;
  }

  /** Starts (or restarts, on the same database) the gateway. */
  async boot(environment: NodeJS.ProcessEnv = {}): Promise<void> {
    const config = loadGatewayConfig({
      DATABASE_URL: this.database.url,
      FIREBREAK_API_TOKENS: API_TOKEN,
      OUTBOX_POLL_MS: '20',
      MICROSOFT_APP_ID: this.appId,
      MICROSOFT_APP_PASSWORD: this.password,
      MICROSOFT_GRAPH_URL: this.connector.graphUrl,
      MICROSOFT_GRAPH_LOGIN_URL: this.connector.graphLoginUrl,
      ...environment,
    });
    const authentication: BotFrameworkAuthentication = createLoopbackBotFrameworkAuthentication(
      this.issuer,
      this.connector,
      this.appId,
      this.password,
    );
    const moduleRef = await Test.createTestingModule({ imports: [GatewayModule.forRoot(config)] })
      .overrideProvider(TEAMS_BOT_AUTHENTICATION)
      .useValue(authentication)
      .compile();
    this.app = moduleRef.createNestApplication({ rawBody: true, logger: false });
    configureGateway(this.app);
    await this.app.listen(0, '127.0.0.1');
  }

  async stop(): Promise<void> {
    await this.app.close();
  }

  async close(): Promise<void> {
    await this.app.close();
    await Promise.all([this.connector.close(), this.issuer.close()]);
    this.database.remove();
  }

  token(activity: InboundActivity, overrides: Partial<MintTokenOptions> = {}): Promise<string> {
    return this.issuer.authorization({ audience: this.appId, serviceUrl: activity.serviceUrl, ...overrides });
  }

  /** POSTs an activity to /api/messages with a valid Bot Framework token (or the given header; null: none). */
  async send(activity: InboundActivity, authorization?: string | null): Promise<request.Response> {
    const header = authorization === undefined ? await this.token(activity) : authorization;
    const post = request(this.app.getHttpServer()).post('/api/messages').send(activity);
    return header === null ? post : post.set('Authorization', header);
  }

  /** The HTTP API (bearer token of the e2e API user). */
  api(): ReturnType<typeof request.agent> {
    return request.agent(this.app.getHttpServer()).set('Authorization', BEARER);
  }

  drain(): Promise<number> {
    return this.app.get(OutboxRelay).drain();
  }

  /** Waits until `check` returns a value (not undefined/false), draining the outbox between tries. */
  async eventually<T>(
    check: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs = 20_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.drain().catch(() => 0);
      const value = await check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error('TeamsRig.eventually: condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Declares `title` from the team's channel; the reference, once the incident has its space on Teams. */
  async declareInChannel(title: string): Promise<string> {
    const response = await this.send(this.teams.channelMention(`incident declare ${title}`));
    if (response.status !== 200) throw new Error(`declare answered ${response.status}`);
    const ref = await this.eventually(async () => {
      const incidents = (await this.api().get('/api/v1/incidents').expect(200)).body as Incident[];
      return incidents.find((each) => each.title === title)?.ref;
    });
    await this.eventually(async () => {
      const incident = (await this.api().get(`/api/v1/incidents/${ref}`).expect(200)).body as Incident;
      return incident.spaces.length > 0;
    });
    return ref;
  }

  /** Runs `setup` in the team's channel, making it the incidents channel. */
  async setup(): Promise<void> {
    const response = await this.send(this.teams.channelMention('setup'));
    if (response.status !== 200) throw new Error(`setup answered ${response.status}`);
  }
}
