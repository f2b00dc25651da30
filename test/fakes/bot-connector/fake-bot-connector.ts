/**
 * Loopback fake of the Bot Framework Connector service (REST API v3) plus the Azure AD v2 token endpoint the bot
 * uses for its OUTBOUND calls, so the real botbuilder `CloudAdapter` can be driven end to end without ever
 * touching login.microsoftonline.com / api.botframework.com / smba.trafficmanager.net.
 *
 * Outbound auth (bot -> connector) and MSAL: `@azure/msal-node` refuses `http:` authorities
 * (`authority_uri_insecure`), and for any authority host it does not know it first calls the HARD-CODED
 * `https://login.microsoftonline.com/common/discovery/instance` (instance discovery). botbuilder's
 * `MsalAppCredentials` builds its `ConfidentialClientApplication` from `{ authority, clientId, clientSecret }`
 * only, so NO `ConfigurationBotFrameworkAuthentication` key can point MSAL at loopback. The supported way around
 * it is botframework-connector's `MsalServiceClientCredentialsFactory` fed with our own
 * `ConfidentialClientApplication` that carries `knownAuthorities` (skips instance discovery) and
 * `authorityMetadata` (skips the openid-configuration fetch, and its `token_endpoint` may be plain http):
 * see {@link FakeBotConnector.credentialsFactory}. MSAL then performs a real client-credentials request against
 * this fake's `/{tenant}/oauth2/v2.0/token`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo } from 'node:net';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { FakeGraphChannels } from './fake-graph-channels.js';
import { FakeGraphTeamMembers } from './fake-graph-team-members.js';
import { pingsOf, type TeamsPing } from './teams-mentions.js';

// botframework-connector is CommonJS and require()s msal-node's CJS build; load that same build (an ESM `import`
// would give the separately typed dist/index.mjs copy: the dual-package hazard).
type MsalNode = typeof import('@azure/msal-node', { with: { 'resolution-mode': 'require' } });
type ConfidentialClientApplication = InstanceType<MsalNode['ConfidentialClientApplication']>;
const msalNode = createRequire(import.meta.url)('@azure/msal-node') as MsalNode;

/** Audience/scope of tokens the bot uses towards the Bot Framework channels (public cloud value). */
export const BOT_FRAMEWORK_OAUTH_SCOPE = 'https://api.botframework.com';
/** Tenant botbuilder uses for multi-tenant bots (`AuthenticationConstants.DefaultChannelAuthTenant`). */
export const BOT_FRAMEWORK_TENANT = 'botframework.com';

export interface RecordedCall {
  method: string;
  /** SDK operation name (`replyToActivity`, `sendToConversation`, `updateActivity`, ...); `unknown` if unrouted. */
  operation: string;
  /** Decoded path, relative to the service root, e.g. `/v3/conversations/19:a@thread.tacv2;messageid=1/activities`. */
  path: string;
  /** Decoded `conversationId` path parameter. */
  conversationId?: string;
  /** Decoded `activityId` path parameter. */
  activityId?: string;
  /** Decoded `memberId` path parameter (`/members/:memberId`). */
  memberId?: string;
  /** Decoded `teamId` path parameter (`/v3/teams/:teamId`). */
  teamId?: string;
  body: unknown;
  authorization?: string;
  /** Status the fake answered with. */
  status: number;
  at: Date;
}

export interface TokenRequest {
  tenant: string;
  clientId?: string;
  scope?: string;
  grantType?: string;
  status: number;
}

export interface IssuedToken {
  token: string;
  clientId: string;
  scope: string;
  tenant: string;
}

/** A created conversation as the bot asked for it, with what the fake answered. */
export interface CreatedConversation {
  request: ConversationParametersBody;
  response: { id: string; activityId?: string; serviceUrl: string };
  authorization?: string;
}

export interface ConversationParametersBody {
  isGroup?: boolean;
  bot?: { id: string; name?: string };
  members?: Array<{ id: string; name?: string }>;
  topicName?: string;
  tenantId?: string;
  activity?: Record<string, unknown>;
  channelData?: { channel?: { id?: string }; tenant?: { id?: string }; [key: string]: unknown };
}

/** Teams-shaped roster entry (`TeamsChannelAccount`). */
export interface FakeMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: string;
}

export interface FaultFilter {
  method?: string;
  /** Matched against the decoded path. */
  path?: string | RegExp;
  conversationId?: string;
  /** Adds a `Retry-After` header: botbuilder's pipeline then retries after exactly that delay. */
  retryAfterSeconds?: number;
}

export interface FakeBotConnectorOptions {
  /** Service path prefix like Teams' `amer` in `https://smba.trafficmanager.net/amer/`. */
  pathPrefix?: string;
  /** Reject `/v3`/`/v1` calls whose bearer token was not issued by a FakeBotConnector (401, like the real service). */
  requireAuth?: boolean;
}

interface FaultRule extends FaultFilter {
  remaining: number;
  status: number;
}

interface Route {
  operation: string;
  conversationId?: string;
  activityId?: string;
  memberId?: string;
  teamId?: string;
  handle: (body: unknown, call: RecordedCall) => { status: number; body?: unknown };
}

/** HMAC key shared by every fake in this process, so tokens cached by botbuilder across fakes still verify. */
const tokenSecret = randomBytes(32);
const tokenIssuer = 'https://fake-aad.loopback/botframework.com/v2.0';

let sequence = 0;
/** Teams-like numeric message id (epoch millis + a counter, unique per process). */
export function nextMessageId(): string {
  sequence += 1;
  return String(Date.now() * 1000 + (sequence % 1000));
}

export class FakeBotConnector {
  readonly calls: RecordedCall[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  readonly issuedTokens: IssuedToken[] = [];
  /** Microsoft Graph's team channels, served under {@link graphUrl}. */
  readonly graph = new FakeGraphChannels(() => this.graphUrl);
  /** Microsoft Graph's team members (who owns a team), served under {@link graphUrl}. */
  readonly graphMembers = new FakeGraphTeamMembers(() => this.graphUrl);

  private readonly server: http.Server;
  private readonly faults: FaultRule[] = [];
  private outageState: { on: boolean; status: number; retryAfterSeconds?: number } = {
    on: false,
    status: 503,
  };
  private readonly rosters = new Map<string, FakeMember[]>();
  private defaultRoster: FakeMember[] = [];
  private readonly teams = new Map<string, { id: string; name: string; aadGroupId?: string }>();
  private readonly apps = new Map<string, string>();
  private readonly created: CreatedConversation[] = [];
  private port = 0;

  private constructor(private readonly options: FakeBotConnectorOptions) {
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  static async start(options: FakeBotConnectorOptions = {}): Promise<FakeBotConnector> {
    const fake = new FakeBotConnector(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** `host:port` of the fake. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The `serviceUrl` to put on inbound activities, e.g. `http://127.0.0.1:41234/`. */
  get serviceUrl(): string {
    const prefix = this.options.pathPrefix ? `${this.options.pathPrefix.replace(/^\/|\/$/g, '')}/` : '';
    return `http://${this.host}/${prefix}`;
  }

  /**
   * The authority for `ToChannelFromBotLoginUrl`. `https` because MSAL rejects anything else; nothing ever dials it
   * over TLS (see {@link credentialsFactory}).
   */
  loginUrl(tenant = BOT_FRAMEWORK_TENANT): string {
    return `https://${this.host}/${tenant}`;
  }

  /** MICROSOFT_GRAPH_URL pointing here; tokens for it are asked with the scope `<graphUrl>/.default`. */
  get graphUrl(): string {
    return `http://${this.host}/graph`;
  }

  /** MICROSOFT_GRAPH_LOGIN_URL pointing here: `/{tenant}/oauth2/v2.0/token` is this fake's token endpoint. */
  get graphLoginUrl(): string {
    return `http://${this.host}`;
  }

  /** Plain-http base of the token service, e.g. for `OAuthUrl` (user-token API is not implemented). */
  get oauthApiUrl(): string {
    return `http://${this.host}/`;
  }

  /** OpenID configuration the fake serves at `/{tenant}/v2.0/.well-known/openid-configuration` (http endpoints). */
  openIdConfiguration(tenant = BOT_FRAMEWORK_TENANT): Record<string, unknown> {
    const base = `http://${this.host}/${tenant}`;
    return {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      tenant_region_scope: null,
      cloud_instance_name: 'microsoftonline.com',
    };
  }

  /** Instance-discovery answer the fake serves at `/common/discovery/instance`. */
  instanceDiscovery(tenant = BOT_FRAMEWORK_TENANT): Record<string, unknown> {
    return {
      tenant_discovery_endpoint: `http://${this.host}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: this.host, preferred_cache: this.host, aliases: [this.host] }],
    };
  }

  /**
   * An `@azure/msal-node` client whose real client-credentials flow runs against this fake:
   * `knownAuthorities` stops instance discovery (login.microsoftonline.com), `authorityMetadata` stops the
   * openid-configuration fetch (which MSAL would do over https) and points `token_endpoint` at plain http, which
   * MSAL's own node HttpClient then calls with `http.request`.
   */
  msalClient(appId: string, password: string, tenant = BOT_FRAMEWORK_TENANT): ConfidentialClientApplication {
    this.registerApp(appId, password);
    return new msalNode.ConfidentialClientApplication({
      auth: {
        clientId: appId,
        clientSecret: password,
        authority: this.loginUrl(tenant),
        knownAuthorities: [this.host],
        authorityMetadata: JSON.stringify(this.openIdConfiguration(tenant)),
      },
    });
  }

  /**
   * Pass as 2nd argument of `new ConfigurationBotFrameworkAuthentication(config, credentialsFactory)`: the bot's
   * outbound calls then carry a bearer token MSAL obtained from this fake.
   */
  credentialsFactory(
    appId: string,
    password: string,
    tenant = BOT_FRAMEWORK_TENANT,
  ): MsalServiceClientCredentialsFactory {
    return new MsalServiceClientCredentialsFactory(appId, this.msalClient(appId, password, tenant));
  }

  /** Only registered app ids/secrets get tokens (if none is registered, any client gets one). */
  registerApp(appId: string, password: string): void {
    this.apps.set(appId, password);
  }

  /** Verifies an `Authorization` header issued by any FakeBotConnector of this process; returns its claims. */
  async verifyAuthorization(authorization: string | undefined): Promise<JWTPayload | undefined> {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, tokenSecret, { issuer: tokenIssuer });
      return payload;
    } catch {
      return undefined;
    }
  }

  /** Roster for `GET /v3/conversations/:id/members[/:userId]`; key is a conversation id or a team id. */
  setMembers(members: FakeMember[], conversationOrTeamId?: string): void {
    if (conversationOrTeamId) this.rosters.set(conversationOrTeamId, members);
    else this.defaultRoster = members;
  }

  /** Details for `GET /v3/teams/:teamId`. */
  setTeam(teamId: string, name: string, aadGroupId?: string): void {
    this.teams.set(teamId, { id: teamId, name, aadGroupId });
  }

  /** The next `count` matching `/v3`/`/v1` requests fail with `status` (each HTTP attempt, retries included). */
  failNext(count: number, status = 503, filter: FaultFilter = {}): void {
    this.faults.push({ ...filter, remaining: count, status });
  }

  /** While on, every `/v3`/`/v1` request answers `status` (default 503). */
  outage(on: boolean, options: { status?: number; retryAfterSeconds?: number } = {}): void {
    this.outageState = { on, status: options.status ?? 503, retryAfterSeconds: options.retryAfterSeconds };
  }

  /** Activities the bot sent (send + reply) into a conversation, in order. */
  activitiesIn(conversationId: string): Array<Record<string, unknown>> {
    return this.calls
      .filter(
        (c) =>
          (c.operation === 'sendToConversation' || c.operation === 'replyToActivity') &&
          c.conversationId === conversationId &&
          c.status < 300,
      )
      .map((c) => c.body as Record<string, unknown>);
  }

  /**
   * Who the bot's new messages notified through mention entities, in order: sends, replies and the first
   * activity of each new conversation (a thread's root). Updates never notify.
   */
  pings(): TeamsPing[] {
    return this.calls
      .filter((c) => c.status < 300)
      .flatMap((c) => {
        if (c.operation === 'sendToConversation' || c.operation === 'replyToActivity')
          return pingsOf(c.conversationId ?? '', (c.body ?? {}) as Record<string, unknown>);
        if (c.operation !== 'createConversation') return [];
        const request = (c.body ?? {}) as ConversationParametersBody;
        return request.activity ? pingsOf(c.conversationId ?? '', request.activity) : [];
      });
  }

  /** Every successful `POST /v3/conversations`. */
  createdConversations(): CreatedConversation[] {
    return [...this.created];
  }

  /** Every successful `PUT .../activities/:activityId`. */
  updates(): RecordedCall[] {
    return this.calls.filter((c) => c.operation === 'updateActivity' && c.status < 300);
  }

  /** Every successful `DELETE .../activities/:activityId`. */
  deletes(): RecordedCall[] {
    return this.calls.filter((c) => c.operation === 'deleteActivity' && c.status < 300);
  }

  /** Resolves with the first recorded call matching `predicate` (polls; rejects after `timeoutMs`). */
  async waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 2_000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.calls.find(predicate);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`FakeBotConnector: no matching call within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Forget recorded calls, faults, outage (rosters, teams and apps stay). */
  reset(): void {
    this.calls.length = 0;
    this.tokenRequests.length = 0;
    this.issuedTokens.length = 0;
    this.created.length = 0;
    this.faults.length = 0;
    this.outageState = { on: false, status: 503 };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  // ---------------------------------------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', `http://${this.host}`);
      const method = (req.method ?? 'GET').toUpperCase();
      const segments = url.pathname.split('/').filter((s) => s.length > 0);

      // ---- Azure AD v2 endpoints used by MSAL ----
      if (method === 'GET' && segments.join('/') === 'common/discovery/instance') {
        return send(res, 200, this.instanceDiscovery());
      }
      if (
        method === 'GET' &&
        segments.length === 4 &&
        segments.slice(1).join('/') === 'v2.0/.well-known/openid-configuration'
      ) {
        return send(res, 200, this.openIdConfiguration(decodeURIComponent(segments[0]!)));
      }
      if (method === 'POST' && segments.length === 4 && segments.slice(1).join('/') === 'oauth2/v2.0/token') {
        return send(res, ...(await this.issueToken(decodeURIComponent(segments[0]!), raw)));
      }

      // ---- Microsoft Graph (team channels and members) ----
      if (segments[0] === 'graph') {
        const claims = await this.verifyAuthorization(req.headers.authorization);
        const graphSegments = segments.slice(1).map(decodeURIComponent);
        const graph = graphSegments[3] === 'members' ? this.graphMembers : this.graph;
        const answer = graph.handle({
          method,
          segments: graphSegments,
          query: url.searchParams,
          body: parseJson(raw),
          claims,
        });
        return send(res, answer.status, answer.body, answer.headers);
      }

      // ---- Bot Connector REST API ----
      const apiIndex = segments.findIndex((s) => s === 'v3' || s === 'v1');
      if (apiIndex < 0)
        return send(res, 404, errorBody('NotFound', `No route for ${method} ${url.pathname}`));
      const apiSegments = segments.slice(apiIndex).map((s) => decodeURIComponent(s));
      const body = parseJson(raw);
      const authorization = req.headers.authorization;
      const route = this.route(method, apiSegments);
      const call: RecordedCall = {
        method,
        operation: route?.operation ?? 'unknown',
        path: `/${apiSegments.join('/')}`,
        body,
        authorization,
        status: 0,
        at: new Date(),
      };
      if (route) {
        for (const key of ['conversationId', 'activityId', 'memberId', 'teamId'] as const) {
          if (route[key] !== undefined) call[key] = route[key];
        }
      }
      this.calls.push(call);

      if (this.options.requireAuth && !(await this.verifyAuthorization(authorization))) {
        call.status = 401;
        return send(res, 401, { message: 'Authorization has been denied for this request.' });
      }
      if (this.outageState.on) {
        call.status = this.outageState.status;
        return send(
          res,
          call.status,
          errorBody('ServiceUnavailable', 'Fake outage'),
          retryAfter(this.outageState.retryAfterSeconds),
        );
      }
      const fault = this.faults.find((f) => f.remaining > 0 && matchesFault(f, call));
      if (fault) {
        fault.remaining -= 1;
        call.status = fault.status;
        return send(
          res,
          fault.status,
          errorBody(
            fault.status === 429 ? 'TooManyRequests' : 'ServiceError',
            `Injected fault ${fault.status}`,
          ),
          retryAfter(fault.retryAfterSeconds),
        );
      }
      if (!route) {
        call.status = 404;
        return send(res, 404, errorBody('NotFound', `No route for ${method} ${call.path}`));
      }
      const result = route.handle(body, call);
      call.status = result.status;
      return send(res, result.status, result.body);
    } catch (err) {
      send(res, 500, errorBody('FakeError', err instanceof Error ? err.message : String(err)));
    }
  }

  private route(method: string, segments: string[]): Route | undefined {
    for (const [verb, pattern, operation, handle] of this.routes()) {
      if (verb !== method || pattern.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matched = pattern.every((part, i) => {
        const segment = segments[i]!;
        if (part.startsWith(':')) params[part.slice(1)] = segment;
        return part.startsWith(':') || part === segment;
      });
      if (matched) {
        return {
          operation,
          conversationId: params['conversationId'],
          activityId: params['activityId'],
          memberId: params['memberId'],
          teamId: params['teamId'],
          handle: (body, call) => handle(params, body, call),
        };
      }
    }
    return undefined;
  }

  /** The ConnectorClient / TeamsConnectorClient operations the fake implements (names as in the SDK). */
  private routes(): Array<
    [
      string,
      string[],
      string,
      (p: Record<string, string>, body: unknown, call: RecordedCall) => { status: number; body?: unknown },
    ]
  > {
    const ok = (body?: unknown): { status: number; body?: unknown } => ({ status: 200, body });
    const conversation = ['v3', 'conversations', ':conversationId'];
    return [
      ['POST', ['v3', 'conversations'], 'createConversation', (_p, b, c) => this.createConversation(b, c)],
      [
        'GET',
        ['v3', 'conversations'],
        'getConversations',
        () => ok({ conversations: this.conversationList() }),
      ],
      ['POST', [...conversation, 'activities'], 'sendToConversation', () => ok({ id: nextMessageId() })],
      [
        'POST',
        [...conversation, 'activities', 'history'],
        'sendConversationHistory',
        () => ok({ id: randomUUID() }),
      ],
      [
        'POST',
        [...conversation, 'activities', ':activityId'],
        'replyToActivity',
        () => ok({ id: nextMessageId() }),
      ],
      [
        'PUT',
        [...conversation, 'activities', ':activityId'],
        'updateActivity',
        (p) => ok({ id: p['activityId'] }),
      ],
      ['DELETE', [...conversation, 'activities', ':activityId'], 'deleteActivity', () => ok()],
      [
        'GET',
        [...conversation, 'activities', ':activityId', 'members'],
        'getActivityMembers',
        (p) => ok(this.roster(p['conversationId']!)),
      ],
      [
        'GET',
        [...conversation, 'members'],
        'getConversationMembers',
        (p) => ok(this.roster(p['conversationId']!)),
      ],
      [
        'GET',
        [...conversation, 'members', ':memberId'],
        'getConversationMember',
        (p) => this.member(p['conversationId']!, p['memberId']!),
      ],
      ['DELETE', [...conversation, 'members', ':memberId'], 'deleteConversationMember', () => ok()],
      [
        'GET',
        [...conversation, 'pagedmembers'],
        'getConversationPagedMembers',
        (p) => ok({ members: this.roster(p['conversationId']!) }),
      ],
      ['POST', [...conversation, 'attachments'], 'uploadAttachment', () => ok({ id: randomUUID() })],
      [
        'GET',
        ['v3', 'teams', ':teamId'],
        'fetchTeamDetails',
        (p) => ok(this.teams.get(p['teamId']!) ?? { id: p['teamId'], name: 'Team' }),
      ],
      [
        'GET',
        ['v3', 'teams', ':teamId', 'conversations'],
        'fetchChannelList',
        (p) => ok({ conversations: [{ id: p['teamId'], name: null }] }),
      ],
    ];
  }

  private createConversation(body: unknown, call: RecordedCall): { status: number; body: unknown } {
    const request = (body ?? {}) as ConversationParametersBody;
    const activityId = request.activity ? nextMessageId() : undefined;
    const channelId = request.channelData?.channel?.id;
    const id =
      channelId !== undefined
        ? // Teams: a new thread in a channel is `<channel id>;messageid=<root message id>`.
          `${channelId};messageid=${activityId ?? nextMessageId()}`
        : `a:1${randomBytes(24).toString('base64url')}`;
    const response = { id, ...(activityId ? { activityId } : {}), serviceUrl: this.serviceUrl };
    this.created.push({ request, response, authorization: call.authorization });
    call.conversationId = id;
    return { status: 201, body: response };
  }

  private conversationList(): Array<{ id: string; members: FakeMember[] }> {
    return this.created.map((c) => ({ id: c.response.id, members: c.request.members ?? [] }));
  }

  private roster(conversationId: string): FakeMember[] {
    return (
      this.rosters.get(conversationId) ??
      this.rosters.get(conversationId.split(';')[0] ?? '') ??
      this.defaultRoster
    );
  }

  private member(conversationId: string, memberId: string): { status: number; body: unknown } {
    const member = this.roster(conversationId).find((m) => m.id === memberId || m.aadObjectId === memberId);
    return member
      ? { status: 200, body: member }
      : {
          status: 404,
          body: errorBody('MemberNotFoundInConversation', 'The member is not part of the conversation.'),
        };
  }

  private async issueToken(tenant: string, raw: string): Promise<[number, unknown]> {
    const form = new URLSearchParams(raw);
    const clientId = form.get('client_id') ?? undefined;
    const scope = form.get('scope') ?? undefined;
    const grantType = form.get('grant_type') ?? undefined;
    const record: TokenRequest = { tenant, clientId, scope, grantType, status: 200 };
    this.tokenRequests.push(record);
    const fail = (status: number, error: string, description: string): [number, unknown] => {
      record.status = status;
      return [
        status,
        {
          error,
          error_description: description,
          error_codes: [7000215],
          timestamp: new Date().toISOString(),
        },
      ];
    };
    if (grantType !== 'client_credentials')
      return fail(400, 'unsupported_grant_type', `grant_type ${grantType}`);
    if (!clientId || !scope) return fail(400, 'invalid_request', 'client_id and scope are required');
    if (this.apps.size > 0 && this.apps.get(clientId) !== form.get('client_secret')) {
      return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    }
    const audience = scope.replace(/\/\.default$/, '');
    const token = await new SignJWT({ appid: clientId, azp: clientId, ver: '1.0', tid: tenant })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(tokenIssuer)
      .setAudience(audience)
      .setSubject(clientId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('1h')
      .sign(tokenSecret);
    this.issuedTokens.push({ token, clientId, scope, tenant });
    return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token }];
  }
}

function matchesFault(f: FaultFilter, call: RecordedCall): boolean {
  if (f.method && f.method.toUpperCase() !== call.method) return false;
  if (f.conversationId !== undefined && f.conversationId !== call.conversationId) return false;
  if (typeof f.path === 'string' && !call.path.includes(f.path)) return false;
  if (f.path instanceof RegExp && !f.path.test(call.path)) return false;
  return true;
}

function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function retryAfter(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { 'Retry-After': String(seconds) };
}

function parseJson(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: http.ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const json = JSON.stringify(body);
  res
    .writeHead(status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
    })
    .end(json);
}
