import { createHash, randomBytes } from 'node:crypto';
import { PermissionFlagsBits, REST, Routes, type APIGuildMember, type APIUser } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord.js';

const CALLBACK = 'http://127.0.0.1:9/auth/discord/callback';

interface TokenAnswer {
  status: number;
  body: {
    access_token?: string;
    token_type?: string;
    scope?: string;
    error?: string;
    error_description?: string;
  };
}

/** A PKCE pair as RFC 7636 defines it: the challenge is base64url(SHA-256(verifier)). */
function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('FakeDiscord OAuth2, spoken to as Discord documents it', () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ clientSecret: 'fake-client-secret-0123456789' });
  });

  afterAll(async () => {
    await fake?.stop();
  });

  const apiUrl = () => fake.restUrl;

  async function authorize(overrides: Record<string, string> = {}): Promise<Response> {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: fake.applicationId,
      scope: 'identify guilds',
      redirect_uri: CALLBACK,
      state: 'state-Ünïcødé-🔥',
      ...overrides,
    });
    return fetch(`${apiUrl()}/oauth2/authorize?${query}`, { redirect: 'manual' });
  }

  /** Authorizes with a fresh PKCE pair and returns the code from the redirect, with the verifier. */
  async function codeFor(user: APIUser): Promise<{ code: string; verifier: string }> {
    fake.oauth2.signInAs(user);
    const { verifier, challenge } = pkcePair();
    const answer = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code');
    if (!code) throw new Error(`no code in ${answer.headers.get('location')}`);
    return { code, verifier };
  }

  async function exchange(
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<TokenAnswer> {
    const response = await fetch(`${apiUrl()}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        redirect_uri: CALLBACK,
        client_id: fake.applicationId,
        client_secret: fake.oauth2.clientSecret,
        ...fields,
      }),
    });
    return { status: response.status, body: (await response.json()) as TokenAnswer['body'] };
  }

  async function accessTokenFor(user: APIUser): Promise<string> {
    const { code, verifier } = await codeFor(user);
    const answer = await exchange({ code, code_verifier: verifier });
    if (!answer.body.access_token) throw new Error(JSON.stringify(answer.body));
    return answer.body.access_token;
  }

  function asUser(accessToken: string): REST {
    return new REST({
      api: apiUrl(),
      authPrefix: 'Bearer',
      handlerSweepInterval: 0,
      hashSweepInterval: 0,
    }).setToken(accessToken);
  }

  it('approves at once as the configured user and redirects back with a code and the state, unchanged', async () => {
    fake.oauth2.signInAs(fake.users.bob);
    const answer = await authorize({ code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });

    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe('state-Ünïcødé-🔥');
    expect(back.searchParams.get('code')).toMatch(/^[\w-]{20}$/);
  });

  it('exchanges the code once, with the verifier, for a bearer token carrying the granted scopes', async () => {
    const { code, verifier } = await codeFor(fake.users.bob);

    const first = await exchange({ code, code_verifier: verifier });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', scope: 'identify guilds' });

    const again = await exchange({ code, code_verifier: verifier });
    expect(again).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid "code" in request.' },
    });
  });

  it('accepts the client credentials in a Basic header as well as in the form', async () => {
    const { code, verifier } = await codeFor(fake.users.bob);
    const basic = Buffer.from(`${fake.applicationId}:${fake.oauth2.clientSecret}`).toString('base64');

    const answer = await exchange(
      { code, code_verifier: verifier, client_id: '', client_secret: '' },
      { authorization: `Basic ${basic}` },
    );

    expect(answer.status).toBe(200);
  });

  it('refuses a wrong client secret, a wrong redirect URI, a wrong verifier and an expired code', async () => {
    const wrongSecret = await codeFor(fake.users.bob);
    expect(
      await exchange({ ...wrongSecret, code_verifier: wrongSecret.verifier, client_secret: 'guess' }),
    ).toEqual({
      status: 401,
      body: { error: 'invalid_client' },
    });

    const wrongRedirect = await codeFor(fake.users.bob);
    const redirected = await exchange({
      code: wrongRedirect.code,
      code_verifier: wrongRedirect.verifier,
      redirect_uri: 'http://127.0.0.1:9/elsewhere',
    });
    expect(redirected.body.error_description).toBe('Invalid "redirect_uri" in request.');

    const wrongVerifier = await codeFor(fake.users.bob);
    const verified = await exchange({ code: wrongVerifier.code, code_verifier: pkcePair().verifier });
    expect(verified).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(verified.body.error_description).toBe('Invalid "code_verifier" in request.');

    fake.oauth2.setCodeLifetime(0);
    try {
      const expired = await codeFor(fake.users.bob);
      const late = await exchange({ code: expired.code, code_verifier: expired.verifier });
      expect(late.body.error_description).toBe('Invalid "code" in request.');
    } finally {
      fake.oauth2.setCodeLifetime(600_000);
    }
  });

  it('shows an error page, not a redirect, for an unknown client or an unregistered redirect URI', async () => {
    const unknownClient = await authorize({ client_id: '123456789012345678' });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.headers.get('location')).toBeNull();

    fake.oauth2.registerRedirectUri(CALLBACK);
    const unregistered = await authorize({ redirect_uri: 'http://127.0.0.1:9/not-registered' });
    expect(unregistered.status).toBe(400);
    expect(await unregistered.text()).toBe('Invalid OAuth2 redirect_uri');
    expect((await authorize()).status).toBe(302);
  });

  it('sends the person back with access_denied and the state when they cancel', async () => {
    fake.oauth2.declineNextAuthorization();

    const back = new URL((await authorize()).headers.get('location') ?? '');

    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('state-Ünïcødé-🔥');
    expect(back.searchParams.get('code')).toBeNull();
    // Only that one authorization was declined.
    expect(
      new URL((await authorize()).headers.get('location') ?? '').searchParams.get('code'),
    ).not.toBeNull();
  });

  it("answers /users/@me and /users/@me/guilds for the token's user, with the owner's permissions as all of them", async () => {
    const alice = asUser(await accessTokenFor(fake.users.alice));
    const bob = asUser(await accessTokenFor(fake.users.bob));

    expect(await alice.get(Routes.user())).toMatchObject({ id: fake.users.alice.id, global_name: 'Alice' });
    const [aliceGuild] = (await alice.get(Routes.userGuilds())) as {
      id: string;
      owner: boolean;
      permissions: string;
    }[];
    expect(aliceGuild).toMatchObject({ id: fake.guildId, name: 'Firebreak Test Ops', owner: true });
    expect(BigInt(aliceGuild.permissions) & PermissionFlagsBits.Administrator).toBe(
      PermissionFlagsBits.Administrator,
    );

    const [bobGuild] = (await bob.get(Routes.userGuilds())) as { owner: boolean; permissions: string }[];
    expect(bobGuild.owner).toBe(false);
    expect(BigInt(bobGuild.permissions) & PermissionFlagsBits.Administrator).toBe(0n);
    expect(BigInt(bobGuild.permissions) & PermissionFlagsBits.ViewChannel).toBe(
      PermissionFlagsBits.ViewChannel,
    );
  });

  it("lists only the other server for someone who is not in the fake's guild", async () => {
    const outsider = fake.oauth2.addOutsider('zoé.martin', 'Zoé 🚒', 'Élan Gaming');
    const zoe = asUser(await accessTokenFor(outsider));

    expect(await zoe.get(Routes.user())).toMatchObject({ id: outsider.id, username: 'zoé.martin' });
    const guilds = (await zoe.get(Routes.userGuilds())) as { id: string; name: string }[];
    expect(guilds.map((guild) => guild.name)).toEqual(['Élan Gaming']);
    expect(guilds[0].id).not.toBe(fake.guildId);
  });

  it('pages /users/@me/guilds by id with limit and after', async () => {
    const alice = asUser(await accessTokenFor(fake.users.alice));

    const afterTheGuild = await alice.get(Routes.userGuilds(), {
      query: new URLSearchParams({ after: fake.guildId }),
    });

    expect(afterTheGuild).toEqual([]);
  });

  it('refuses a token without the scope (403 Missing Access) and an unknown token (401)', async () => {
    fake.oauth2.signInAs(fake.users.bob);
    const { verifier, challenge } = pkcePair();
    const answer = await authorize({
      scope: 'identify',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = (await exchange({ code, code_verifier: verifier })).body.access_token ?? '';

    await expect(asUser(token).get(Routes.userGuilds())).rejects.toMatchObject({ status: 403, code: 50001 });
    await expect(asUser('not-a-token').get(Routes.user())).rejects.toMatchObject({ status: 401 });
  });

  it('still answers /users/@me with the bot for the bot token, and reads members with it', async () => {
    const bot = new REST({ api: apiUrl(), handlerSweepInterval: 0, hashSweepInterval: 0 }).setToken(
      fake.token,
    );
    fake.grantRole(fake.users.bob.id, fake.commanderRoleId);

    expect(await bot.get(Routes.user())).toMatchObject({ id: fake.users.bot.id, bot: true });
    const bob = (await bot.get(Routes.guildMember(fake.guildId, fake.users.bob.id))) as APIGuildMember;
    expect(bob.roles).toEqual([fake.commanderRoleId]);
    await expect(bot.get(Routes.guildMember(fake.guildId, '123456789012345678'))).rejects.toMatchObject({
      status: 404,
      code: 10007,
    });
  });
});
