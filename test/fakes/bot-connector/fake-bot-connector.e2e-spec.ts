/**
 * Proof that the loopback fakes drive the REAL botbuilder CloudAdapter + ConfigurationBotFrameworkAuthentication
 * (inbound JWT validation, outbound MSAL client-credentials token, Connector REST calls) with no SDK stubbing.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { type AddressInfo } from 'node:net';
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type TaskModuleRequest,
  type TaskModuleResponse,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BOT_FRAMEWORK_OAUTH_SCOPE, FakeBotConnector } from './fake-bot-connector.js';
import {
  botFrameworkAuthConfig,
  createLoopbackBotFrameworkAuthentication,
  FakeTokenIssuer,
  type MintTokenOptions,
} from './fake-token-issuer.js';
import { ALICE, type InboundActivity, TeamsActivities, toConversationReference } from './teams-activities.js';

const appId = randomUUID();
const password = 'loopback-secret';

/** Records what reached the bot's handlers. */
const seen: Array<{ kind: string; activity: unknown; payload?: unknown }> = [];

class PingBot extends TeamsActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      seen.push({ kind: 'message', activity: context.activity });
      if (context.activity.text?.includes('whois')) {
        const member = await TeamsInfo.getMember(context, ALICE.id);
        await context.sendActivity(`member ${member.name}`);
      } else {
        await context.sendActivity('pong');
      }
      await next();
    });
    this.onReactionsAdded(async (context, next) => {
      seen.push({ kind: 'reaction', activity: context.activity });
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    seen.push({ kind: 'adaptiveCard/action', activity: context.activity, payload: value });
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: {
        type: 'AdaptiveCard',
        version: '1.4',
        body: [{ type: 'TextBlock', text: `did ${value.action.verb}` }],
      },
    };
  }

  protected override async handleTeamsTaskModuleFetch(
    context: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    seen.push({ kind: 'task/fetch', activity: context.activity, payload: request });
    return { task: { type: 'message', value: 'fetched' } };
  }

  protected override async handleTeamsTaskModuleSubmit(
    context: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    seen.push({ kind: 'task/submit', activity: context.activity, payload: request });
    return { task: { type: 'message', value: 'submitted' } };
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    seen.push({ kind: 'submitAction', activity: context.activity, payload: action });
    return { task: { type: 'message', value: 'added' } };
  }
}

let connector: FakeBotConnector;
let issuer: FakeTokenIssuer;
let adapter: CloudAdapter;
let server: http.Server;
let botUrl: string;
let teams: TeamsActivities;

/**
 * Network guard for everything node's http/https modules send in this process (node-fetch in the JWT validation,
 * MSAL, @azure/core-rest-pipeline): plain http only to 127.0.0.1, https never (it would leave the machine).
 */
const realHttpRequest = http.request.bind(http) as (...args: unknown[]) => http.ClientRequest;
const httpRequest = vi.spyOn(http, 'request').mockImplementation(((...args: unknown[]) => {
  if (hostOf(args[0]) !== '127.0.0.1') throw new Error(`blocked non-loopback request to ${hostOf(args[0])}`);
  return realHttpRequest(...args);
}) as typeof http.request);
const httpsRequest = vi.spyOn(https, 'request').mockImplementation((target: unknown) => {
  throw new Error(`blocked https request to ${hostOf(target)}`);
});
const consoleSpies: Array<{ mockRestore(): void }> = [];

function silenceConsole(): void {
  for (const level of ['error', 'warn'] as const) {
    consoleSpies.push(vi.spyOn(console, level).mockImplementation(() => undefined));
  }
}

function urlOf(target: unknown): string {
  if (typeof target === 'string' || target instanceof URL) return String(target);
  const options = target as { protocol?: string; hostname?: string; port?: string | number; path?: string };
  const port = options.port ? `:${options.port}` : '';
  return `${options.protocol ?? 'http:'}//${options.hostname ?? ''}${port}${options.path ?? '/'}`;
}

function hostOf(target: unknown): string | undefined {
  if (typeof target === 'string') return new URL(target).hostname;
  if (target instanceof URL) return target.hostname;
  const options = target as { hostname?: string; host?: string } | undefined;
  return options?.hostname ?? options?.host?.split(':')[0];
}

beforeAll(async () => {
  [connector, issuer] = await Promise.all([FakeBotConnector.start(), FakeTokenIssuer.start()]);
  adapter = new CloudAdapter(createLoopbackBotFrameworkAuthentication(issuer, connector, appId, password));
  const bot = new PingBot();
  const app = express();
  app.use(express.json());
  app.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  teams = new TeamsActivities({ serviceUrl: connector.serviceUrl, appId });
  connector.setMembers([{ ...ALICE, email: 'alice@contoso.com', userPrincipalName: 'alice@contoso.com' }]);
});

afterEach(() => {
  seen.length = 0;
  connector.reset();
  for (const spy of consoleSpies.splice(0)) spy.mockRestore();
});

afterAll(async () => {
  // Nothing but loopback was ever dialled, and never over TLS (MSAL would have gone to login.microsoftonline.com).
  expect(httpsRequest).not.toHaveBeenCalled();
  expect(new Set(httpRequest.mock.calls.map(([target]) => hostOf(target)))).toEqual(new Set(['127.0.0.1']));
  httpRequest.mockRestore();
  httpsRequest.mockRestore();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await Promise.all([connector.close(), issuer.close()]);
});

async function post(
  activity: InboundActivity,
  authorization?: string,
): Promise<{ status: number; body: string }> {
  const res = await fetch(botUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
  return { status: res.status, body: await res.text() };
}

function validToken(activity: InboundActivity, overrides: Partial<MintTokenOptions> = {}): Promise<string> {
  return issuer.authorization({ audience: appId, serviceUrl: activity.serviceUrl, ...overrides });
}

describe('inbound channel message -> reply through the fake connector', () => {
  it('accepts a token minted by the fake issuer and replies with an MSAL token obtained from the fake', async () => {
    const activity = teams.channelMention('incident declare DB is down');

    const res = await post(activity, await validToken(activity));

    expect(res.status).toBe(200);
    expect(seen.map((s) => s.kind)).toEqual(['message']);
    const [reply] = connector.activitiesIn(activity.conversation.id);
    expect(reply).toMatchObject({ type: 'message', text: 'pong', replyToId: activity.id });
    const call = connector.calls.find((c) => c.method === 'POST')!;
    // Reply-to-activity route, conversation id with ';messageid=' decoded back.
    expect(call.operation).toBe('replyToActivity');
    expect(call.path).toBe(`/v3/conversations/${activity.conversation.id}/activities/${activity.id}`);
    expect(call.conversationId).toBe(activity.conversation.id);
    expect(call.activityId).toBe(activity.id);
    // Outbound auth: real MSAL client-credentials flow against the fake's token endpoint.
    expect(connector.issuedTokens.map((t) => `Bearer ${t.token}`)).toContain(call.authorization);
    expect(connector.tokenRequests[0]).toMatchObject({
      tenant: 'botframework.com',
      clientId: appId,
      scope: `${BOT_FRAMEWORK_OAUTH_SCOPE}/.default`,
      grantType: 'client_credentials',
      status: 200,
    });
    expect(await connector.verifyAuthorization(call.authorization)).toMatchObject({
      aud: BOT_FRAMEWORK_OAUTH_SCOPE,
      appid: appId,
    });
  });

  it('looks a Teams member up through GET /v3/conversations/:teamId/members/:userId', async () => {
    const activity = teams.channelMention('whois');

    expect((await post(activity, await validToken(activity))).status).toBe(200);

    expect(connector.activitiesIn(activity.conversation.id)[0]).toMatchObject({ text: 'member Alice Smith' });
    const lookup = connector.calls.find((c) => c.method === 'GET')!;
    expect(lookup).toMatchObject({ conversationId: teams.teamId, memberId: ALICE.id, status: 200 });
  });

  it('a send failing inside the turn becomes HTTP 500 for the channel (no onTurnError set)', async () => {
    silenceConsole();
    connector.failNext(1, 403);
    const activity = teams.personalMessage('ping');

    const res = await post(activity, await validToken(activity));

    expect(res.status).toBe(500);
    expect(connector.calls.map((c) => c.status)).toEqual([403]);
  });
});

describe('inbound authentication failures', () => {
  const cases: Array<{
    name: string;
    authorization: (a: InboundActivity) => Promise<string | undefined>;
    status: number;
  }> = [
    { name: 'missing Authorization header', authorization: async () => undefined, status: 401 },
    {
      name: 'expired token (beyond the 300 s clock tolerance)',
      authorization: (a) => validToken(a, { expiresInSeconds: -600 }),
      status: 401,
    },
    { name: 'wrong audience', authorization: (a) => validToken(a, { audience: randomUUID() }), status: 401 },
    {
      name: 'wrong issuer',
      authorization: (a) => validToken(a, { issuer: 'https://evil.example' }),
      status: 401,
    },
    {
      name: 'serviceurl claim not matching the activity',
      authorization: (a) => validToken(a, { serviceUrl: 'http://127.0.0.1:1/' }),
      status: 401,
    },
    {
      name: 'foreign key with an unknown kid',
      authorization: (a) => validToken(a, { signWithForeignKey: true, kid: 'unknown' }),
      status: 401,
    },
    // jsonwebtoken's JsonWebTokenError('invalid signature') is not an AuthenticationError: CloudAdapter -> 500.
    {
      name: 'forged signature under the published kid',
      authorization: (a) => validToken(a, { signWithForeignKey: true }),
      status: 500,
    },
  ];

  it.each(cases)('$name -> $status, handler not invoked', async ({ authorization, status }) => {
    silenceConsole();
    const activity = teams.channelMention('incident declare DB is down');

    const res = await post(activity, await authorization(activity));

    expect(res.status).toBe(status);
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it('rejects a channel the signing key is not endorsed for', async () => {
    silenceConsole();
    const activity = { ...teams.channelMention('hi'), channelId: 'slack' } as unknown as InboundActivity;

    const res = await post(activity, await validToken(activity));

    expect(res.status).toBe(401);
    expect(res.body).toContain('Could not validate endorsement');
    expect(seen).toEqual([]);
  });
});

describe('Teams invokes and reactions through the real TeamsActivityHandler', () => {
  it('adaptiveCard/action (Action.Execute) returns the invoke response body', async () => {
    const activity = teams.adaptiveCardAction('acknowledge', { incidentId: 'INC-1' });

    const res = await post(activity, await validToken(activity));

    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      statusCode: 200,
      value: { body: [{ text: 'did acknowledge' }] },
    });
    expect(seen[0]).toMatchObject({
      kind: 'adaptiveCard/action',
      payload: { action: { data: { incidentId: 'INC-1' } } },
    });
  });

  it('task/fetch, task/submit and composeExtension/submitAction reach their handlers', async () => {
    const fetchTask = teams.taskFetch({ incidentId: 'INC-1' });
    const submitTask = teams.taskSubmit({ severity: 'SEV1' });
    const messageAction = teams.messageAction('addToTimeline', { html: '<p>DB latency 900 ms</p>' });

    for (const activity of [fetchTask, submitTask, messageAction]) {
      expect((await post(activity, await validToken(activity))).status).toBe(200);
    }

    expect(seen.map((s) => s.kind)).toEqual(['task/fetch', 'task/submit', 'submitAction']);
    expect(seen[2]?.payload).toMatchObject({
      commandId: 'addToTimeline',
      commandContext: 'message',
      messagePayload: {
        body: { content: '<p>DB latency 900 ms</p>' },
        from: { user: { displayName: 'Megan Bowen' } },
      },
    });
  });

  it('messageReaction reaches onReactionsAdded', async () => {
    const activity = teams.reaction('1712345678901', 'like');

    expect((await post(activity, await validToken(activity))).status).toBe(200);

    expect(seen[0]).toMatchObject({ kind: 'reaction', activity: { reactionsAdded: [{ type: 'like' }] } });
  });
});

describe('proactive calls', () => {
  it('continueConversationAsync posts into the conversation', async () => {
    const activity = teams.channelMention('incident declare DB is down');

    await adapter.continueConversationAsync(appId, toConversationReference(activity), async (context) => {
      await context.sendActivity('status: investigating');
    });

    expect(connector.activitiesIn(activity.conversation.id)).toEqual([
      expect.objectContaining({ text: 'status: investigating' }),
    ]);
    // The continuation activity gets a random id and the SDK sends a *reply* to it (replyToActivity route).
    const call = connector.calls[0]!;
    expect(call).toMatchObject({ method: 'POST', conversationId: activity.conversation.id });
    expect(call.path).toBe(`/v3/conversations/${activity.conversation.id}/activities/${call.activityId}`);
    expect(call.activityId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await connector.verifyAuthorization(call.authorization)).toBeDefined();
  });

  it('counts a mention as a ping only when its text is in the message or card it belongs to, never on an update', async () => {
    const activity = teams.channelMention('incident declare DB is down');
    const mention = (id: string, name: string) => ({
      type: 'mention',
      text: `<at>${name}</at>`,
      mentioned: { id, name },
    });

    await adapter.continueConversationAsync(appId, toConversationReference(activity), async (context) => {
      const sent = await context.sendActivity({
        type: 'message',
        text: '<at>Zoë 🚒</at> is now Incident Lead.',
        entities: [mention('aaaa0001', 'Zoë 🚒'), mention('bbbb0002', 'Not in the text')],
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              type: 'AdaptiveCard',
              version: '1.5',
              body: [{ type: 'TextBlock', text: 'Ask <at>Omar</at>' }],
              msteams: { entities: [mention('cccc0003', 'Omar')] },
            },
          },
        ],
      });
      await context.updateActivity({
        id: sent!.id,
        type: 'message',
        text: '<at>Eli</at>',
        entities: [mention('dddd0004', 'Eli')],
      });
    });

    expect(connector.pings()).toEqual([
      { conversationId: activity.conversation.id, userId: 'aaaa0001', name: 'Zoë 🚒', in: 'text' },
      { conversationId: activity.conversation.id, userId: 'cccc0003', name: 'Omar', in: 'card' },
    ]);
  });

  it('createConversationAsync starts a new thread in a Teams channel via POST /v3/conversations', async () => {
    let created: ConversationReference | undefined;

    await adapter.createConversationAsync(
      appId,
      'msteams',
      connector.serviceUrl,
      '',
      {
        isGroup: true,
        channelData: { channel: { id: teams.channelId } },
        activity: { type: 'message', text: 'Incident INC-1 declared' } as never,
        bot: teams.bot,
        tenantId: teams.tenantId,
      } as never,
      async (context) => {
        created = TurnContext.getConversationReference(context.activity) as ConversationReference;
        await context.sendActivity('first update in the thread');
      },
    );

    const [conversation] = connector.createdConversations();
    expect(conversation?.request).toMatchObject({
      isGroup: true,
      channelData: { channel: { id: teams.channelId } },
      activity: { text: 'Incident INC-1 declared' },
      bot: { id: `28:${appId}` },
      tenantId: teams.tenantId,
    });
    expect(conversation?.response.id).toBe(
      `${teams.channelId};messageid=${conversation?.response.activityId}`,
    );
    expect(created?.conversation.id).toBe(conversation?.response.id);
    expect(connector.activitiesIn(conversation!.response.id)).toEqual([
      expect.objectContaining({ text: 'first update in the thread' }),
    ]);
  });

  it('TeamsInfo.sendMessageToTeamsChannel uses the same endpoint (and returns the conversation id as "activity id")', async () => {
    const activity = teams.channelMention('x');
    let result: [Partial<ConversationReference>, string] | undefined;

    await adapter.continueConversationAsync(appId, toConversationReference(activity), async (context) => {
      result = await TeamsInfo.sendMessageToTeamsChannel(
        context,
        { type: 'message', text: 'new thread' } as never,
        teams.channelId,
        appId,
      );
    });

    const [conversation] = connector.createdConversations();
    expect(conversation?.request).toEqual({
      isGroup: true,
      channelData: { channel: { id: teams.channelId } },
      activity: { type: 'message', text: 'new thread' },
    });
    expect(result?.[0].conversation?.id).toBe(conversation?.response.id);
    // botbuilder 4.23 quirk with CloudAdapter: the 2nd tuple item is the create-activity id == conversation id.
    expect(result?.[1]).toBe(conversation?.response.id);
  });

  it('updateActivity hits PUT and deleteActivity hits DELETE', async () => {
    const activity = teams.channelMention('x');
    let sentId: string | undefined;

    await adapter.continueConversationAsync(appId, toConversationReference(activity), async (context) => {
      sentId = (await context.sendActivity('status: investigating'))?.id;
      await context.updateActivity({ id: sentId, type: 'message', text: 'status: mitigated' });
      await context.deleteActivity(sentId!);
    });

    expect(connector.updates()).toEqual([
      expect.objectContaining({
        method: 'PUT',
        conversationId: activity.conversation.id,
        activityId: sentId,
        body: expect.objectContaining({ id: sentId, text: 'status: mitigated' }),
      }),
    ]);
    expect(connector.deletes()).toEqual([
      expect.objectContaining({ conversationId: activity.conversation.id, activityId: sentId }),
    ]);
  });
});

describe('fault injection: how botbuilder surfaces connector errors', () => {
  it('failNext(2, 503) is absorbed by the SDK pipeline retries (exponential backoff, up to 3 retries)', async () => {
    connector.failNext(2, 503);
    const activity = teams.channelMention('x');
    const started = Date.now();

    await adapter.continueConversationAsync(appId, toConversationReference(activity), async (context) => {
      await context.sendActivity('eventually delivered');
    });

    expect(connector.calls.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(connector.activitiesIn(activity.conversation.id)).toHaveLength(1);
  });

  it('a persistent 503 fails after 4 attempts with a RestError carrying statusCode (Retry-After: 0 keeps it fast)', async () => {
    connector.failNext(4, 503, { retryAfterSeconds: 0 });
    const activity = teams.channelMention('x');

    const error = await adapter
      .continueConversationAsync(appId, toConversationReference(activity), async (context) => {
        await context.sendActivity('lost');
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );

    expect(connector.calls.map((c) => c.status)).toEqual([503, 503, 503, 503]);
    expect(error).toMatchObject({ name: 'RestError', statusCode: 503, code: 'ServiceError' });
    expect((error as Error).message).toBe('Injected fault 503');
  });

  it('outage(true) fails every call until switched off; 4xx are not retried', async () => {
    const activity = teams.channelMention('x');
    const send = (text: string): Promise<unknown> =>
      adapter
        .continueConversationAsync(appId, toConversationReference(activity), async (context) => {
          await context.sendActivity(text);
        })
        .then(
          () => undefined,
          (err: unknown) => err,
        );

    connector.failNext(1, 404, { path: '/activities' });
    expect(await send('a')).toMatchObject({ statusCode: 404 });
    expect(connector.calls).toHaveLength(1);

    connector.outage(true, { retryAfterSeconds: 0 });
    expect(await send('b')).toMatchObject({ statusCode: 503 });
    connector.outage(false);
    expect(await send('c')).toBeUndefined();
    expect(connector.activitiesIn(activity.conversation.id).map((a) => a['text'])).toEqual(['c']);
  });
});

describe('why the MSAL client must be injected', () => {
  it('config keys alone: MSAL calls login.microsoftonline.com for instance discovery and fails', async () => {
    // Another app id: botbuilder caches outbound tokens process-wide per appId + scope (AppCredentials.cache).
    const otherAppId = randomUUID();
    const configOnly = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication(
        botFrameworkAuthConfig(issuer, connector, otherAppId, password),
      ),
    );
    const activity = teams.channelMention('x');

    const error = await configOnly
      .continueConversationAsync(otherAppId, toConversationReference(activity), async (context) => {
        await context.sendActivity('never sent');
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );

    expect(error).toMatchObject({ errorCode: 'endpoints_resolution_error' });
    expect(httpsRequest.mock.calls.map(([target]) => urlOf(target))).toEqual([
      `https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=${connector.loginUrl()}/oauth2/v2.0/authorize`,
    ]);
    expect(connector.calls).toEqual([]);
    httpsRequest.mockClear();
  });
});

describe('connector options', () => {
  it('requireAuth rejects unauthenticated calls; pathPrefix mimics https://smba.trafficmanager.net/amer/', async () => {
    const strict = await FakeBotConnector.start({ requireAuth: true, pathPrefix: 'amer' });
    try {
      const activity = new TeamsActivities({ serviceUrl: strict.serviceUrl, appId }).personalMessage('hi');

      await adapter.continueConversationAsync(appId, toConversationReference(activity), async (context) => {
        await context.sendActivity('authenticated');
      });
      const anonymous = await fetch(
        `${strict.serviceUrl}v3/conversations/${encodeURIComponent('a:1x')}/activities`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text: 'anonymous' }),
        },
      );

      expect(strict.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/amer\/$/);
      expect(strict.activitiesIn(activity.conversation.id)).toEqual([
        expect.objectContaining({ text: 'authenticated' }),
      ]);
      expect(anonymous.status).toBe(401);
      expect(strict.calls.map((c) => [c.conversationId, c.status])).toEqual([
        [activity.conversation.id, 200],
        ['a:1x', 401],
      ]);
    } finally {
      await strict.close();
    }
  });
});

describe('fake AAD endpoints', () => {
  it('serves instance discovery and openid-configuration on loopback', async () => {
    const discovery = (await (await fetch(`${connector.oauthApiUrl}common/discovery/instance`)).json()) as {
      metadata: Array<{ preferred_network: string }>;
    };
    const openId = (await (
      await fetch(`${connector.oauthApiUrl}botframework.com/v2.0/.well-known/openid-configuration`)
    ).json()) as { token_endpoint: string };

    expect(discovery.metadata[0]?.preferred_network).toBe(connector.host);
    expect(openId.token_endpoint).toBe(`http://${connector.host}/botframework.com/oauth2/v2.0/token`);
  });

  it('the issuer publishes endorsements on its key', async () => {
    const config = (await (await fetch(issuer.openIdMetadataUrl)).json()) as { jwks_uri: string };
    const jwks = (await (await fetch(config.jwks_uri)).json()) as {
      keys: Array<{ kid: string; endorsements: string[] }>;
    };

    expect(jwks.keys[0]).toMatchObject({
      kid: issuer.kid,
      endorsements: expect.arrayContaining(['msteams']),
    });
  });
});
