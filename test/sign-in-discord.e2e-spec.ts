import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signInProviders,
  SignInRefusal,
  SignInRefused,
  type SignInEnvironment,
  type SignInProvider,
} from '@firebreak/identity';
import { FakeDiscord } from './fakes/discord/fake-discord.js';
import { signInWithoutBrowser } from './support/browserless-sign-in.js';

const CALLBACK = 'http://127.0.0.1:9/auth/discord/callback';

async function refusalOf(action: Promise<unknown>): Promise<SignInRefused> {
  const outcome = await action.then(
    (value) => new Error(`expected a refusal, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  if (outcome instanceof SignInRefused) return outcome;
  throw outcome;
}

describe('Signing in with Discord, against the fake Discord', () => {
  let fake: FakeDiscord;
  let setUpGuilds: string[];

  function discordFrom(overrides: Partial<SignInEnvironment> = {}): SignInProvider {
    const environment: SignInEnvironment = {
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_CLIENT_SECRET: fake.oauth2.clientSecret,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      ...overrides,
    };
    const providers = signInProviders(environment, {
      allowedGuildIds: () => Promise.resolve([...setUpGuilds]),
      allowedTenantIds: () => Promise.resolve([]),
    });
    const found = providers.find((provider) => provider.id === 'discord');
    if (!found) throw new Error(`no discord provider among ${providers.map((each) => each.id).join(', ')}`);
    return found;
  }

  /** Begins, lets the fake approve as whoever it signs in as, and completes. */
  async function signIn(discord: SignInProvider) {
    const { redirectUrl, keep } = await discord.begin(CALLBACK);
    const { query } = await signInWithoutBrowser(redirectUrl, { callbackUrl: CALLBACK });
    return discord.complete(CALLBACK, query, keep);
  }

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    fake.oauth2.registerRedirectUri(CALLBACK);
    setUpGuilds = [fake.guildId];
  });

  afterAll(async () => {
    await fake?.stop();
  });

  it('sends the browser to Discord for identify and guilds, with PKCE (S256) and a state it keeps', async () => {
    const { redirectUrl, keep } = await discordFrom().begin(CALLBACK);

    const request = new URL(redirectUrl);
    expect(`${request.origin}${request.pathname}`).toBe(`${fake.restUrl}/oauth2/authorize`);
    expect(Object.fromEntries(request.searchParams)).toMatchObject({
      client_id: fake.applicationId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'identify guilds',
      code_challenge_method: 'S256',
      state: keep.state,
      prompt: 'none',
    });
    expect(request.searchParams.has('nonce')).toBe(false);
    expect(Object.keys(keep).sort()).toEqual(['codeVerifier', 'state']);
  });

  it('lets a member of a set-up guild in as discord:<user id>, with their global name', async () => {
    fake.oauth2.signInAs(fake.users.bob);

    const person = await signIn(discordFrom());

    expect(person).toEqual({
      participantIds: [`discord:${fake.users.bob.id}`],
      displayName: 'Bob',
      administrator: false,
    });
  });

  it("makes an administrator of the guild's owner (Discord reports the Administrator permission)", async () => {
    fake.oauth2.signInAs(fake.users.alice);

    const person = await signIn(discordFrom());

    expect(person).toMatchObject({ participantIds: [`discord:${fake.users.alice.id}`], administrator: true });
  });

  it('refuses someone who is a member of another server only', async () => {
    const outsider = fake.oauth2.addOutsider('élodie.chen', 'Élodie 陈 🛰️', 'Nébuleuse Ops');
    fake.oauth2.signInAs(outsider);

    const refusal = await refusalOf(signIn(discordFrom()));

    expect(refusal.reason).toBe(SignInRefusal.NotAMember);
    expect(refusal.message).toMatch(/not a member of any Discord server/);
  });

  it('refuses a member of the guild while that guild is not set up in Firebreak', async () => {
    fake.oauth2.signInAs(fake.users.bob);
    setUpGuilds = ['112233445566778899'];
    try {
      expect((await refusalOf(signIn(discordFrom()))).reason).toBe(SignInRefusal.NotAMember);
    } finally {
      setUpGuilds = [fake.guildId];
    }
  });

  it('makes an administrator of a member holding DISCORD_ADMIN_ROLE_ID, read through the bot', async () => {
    fake.oauth2.signInAs(fake.users.bob);
    const discord = discordFrom({ DISCORD_ADMIN_ROLE_ID: fake.commanderRoleId });
    expect((await signIn(discord)).administrator).toBe(false);

    fake.grantRole(fake.users.bob.id, fake.commanderRoleId);

    expect((await signIn(discord)).administrator).toBe(true);
    const botReads = fake.requests.filter(
      (request) => request.path === `/guilds/${fake.guildId}/members/${fake.users.bob.id}`,
    );
    expect(botReads.map((request) => request.status)).toEqual([200, 200]);
  });

  it('makes an administrator of a member whose role grants the Administrator permission', async () => {
    fake.oauth2.signInAs(fake.users.bob);
    const noRoleConfigured = discordFrom({ DISCORD_ADMIN_ROLE_ID: undefined });
    const botReadsBefore = fake.requests.filter((request) => request.path.includes('/members/')).length;
    expect((await signIn(noRoleConfigured)).administrator).toBe(false);

    fake.grantRole(fake.users.bob.id, fake.createRole('Ops Admins', PermissionFlagsBits.Administrator).id);

    expect((await signIn(noRoleConfigured)).administrator).toBe(true);
    // Discord's permissions decided: the bot was not asked.
    expect(fake.requests.filter((request) => request.path.includes('/members/')).length).toBe(botReadsBefore);
  });

  it('refuses an answer whose state is not the one this browser kept, without spending the code', async () => {
    fake.oauth2.signInAs(fake.users.bob);
    const discord = discordFrom();
    const { redirectUrl, keep } = await discord.begin(CALLBACK);
    const { query } = await signInWithoutBrowser(redirectUrl, { callbackUrl: CALLBACK });
    const tokenCalls = () => fake.requests.filter((request) => request.path === '/oauth2/token').length;
    const before = tokenCalls();

    const wrongKept = await refusalOf(discord.complete(CALLBACK, query, { ...keep, state: 'another-state' }));
    const wrongQuery = await refusalOf(discord.complete(CALLBACK, { ...query, state: 'forged' }, keep));

    expect([wrongKept.reason, wrongQuery.reason]).toEqual([
      SignInRefusal.NotThisSignIn,
      SignInRefusal.NotThisSignIn,
    ]);
    expect(tokenCalls()).toBe(before);
  });

  it('refuses a code exchanged with another PKCE verifier, and a code used twice', async () => {
    fake.oauth2.signInAs(fake.users.bob);
    const discord = discordFrom();
    const { redirectUrl, keep } = await discord.begin(CALLBACK);
    const { query } = await signInWithoutBrowser(redirectUrl, { callbackUrl: CALLBACK });
    const { keep: otherBrowser } = await discord.begin(CALLBACK);

    const stolen = await refusalOf(
      discord.complete(CALLBACK, query, { ...keep, codeVerifier: otherBrowser.codeVerifier }),
    );
    const reused = await refusalOf(discord.complete(CALLBACK, query, keep));

    expect([stolen.reason, reused.reason]).toEqual([SignInRefusal.CodeRejected, SignInRefusal.CodeRejected]);
  });

  it('says the sign-in was cancelled when the person declines on Discord', async () => {
    fake.oauth2.declineNextAuthorization();

    expect((await refusalOf(signIn(discordFrom()))).reason).toBe(SignInRefusal.Declined);
  });

  it('refuses when the client secret is wrong, as Discord answers invalid_client', async () => {
    fake.oauth2.signInAs(fake.users.bob);

    const refusal = await refusalOf(signIn(discordFrom({ DISCORD_CLIENT_SECRET: 'rotated-and-forgotten' })));

    expect(refusal.reason).toBe(SignInRefusal.ProviderUnavailable);
    expect(refusal.detail).toMatch(/invalid_client/);
  });

  it('says Discord is unavailable when its API fails after the code exchange', async () => {
    fake.oauth2.signInAs(fake.users.bob);
    fake.failNext(5, { status: 500 }, { path: /^\/users\/@me$/ });

    const refusal = await refusalOf(signIn(discordFrom()));

    expect(refusal.reason).toBe(SignInRefusal.ProviderUnavailable);
  });
});
