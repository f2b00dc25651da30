import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENTRA_ORGANIZATIONS_ISSUER,
  EntraSignIn,
  signInProviders,
  SignInRefusal,
  SignInRefused,
  type SignedInPerson,
  type SignInEnvironment,
  type SignInProvider,
} from '@firebreak/identity';
import { signInWithoutBrowser } from './support/browserless-sign-in.js';
import { LocalEntraCloud } from './support/local-entra-cloud.js';
import {
  closed,
  listeningOnLoopback,
  LocalOpenIdProvider,
  type EntraAccount,
} from './support/local-openid-provider.js';

const CALLBACK = 'http://127.0.0.1:9/auth/entra/callback';
const CONTOSO = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const FABRIKAM = 'b9c5e3a1-0d4e-4f7a-9c1b-5a2e8f3d6c70';

const RENEE: EntraAccount = {
  login: 'renee@contoso.example',
  tid: CONTOSO,
  oid: '0f3c2b9e-6a1d-4e58-9b7c-1d2e3f4a5b6c',
  name: 'Renée Dubois-Łukasik 🚒',
};
const AMARA: EntraAccount = {
  login: 'amara@contoso.example',
  tid: CONTOSO,
  oid: '8d7e6f5a-4b3c-4d2e-8f1a-0b9c8d7e6f5a',
  name: 'Amara Nwosu',
};
const KOFI: EntraAccount = {
  login: 'kofi@fabrikam.example',
  tid: FABRIKAM,
  oid: '3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d',
  name: 'Kofi Mensah',
};

/** Why `action` was refused, or a failure naming what happened instead. */
async function refusalOf(action: Promise<unknown>): Promise<SignInRefusal> {
  const outcome = await action.then(
    (value) => new Error(`expected a refusal, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  if (outcome instanceof SignInRefused) return outcome.reason;
  throw outcome;
}

describe('Signing in with Microsoft Entra ID, against oidc-provider on loopback', () => {
  let idp: LocalOpenIdProvider;
  let entra: SignInProvider;
  const setUpTenants = [CONTOSO];

  function environment(overrides: Partial<SignInEnvironment> = {}): SignInEnvironment {
    return {
      ENTRA_ISSUER_URL: idp.issuer,
      ENTRA_CLIENT_ID: idp.clientId,
      ENTRA_CLIENT_SECRET: idp.clientSecret,
      MICROSOFT_TEAMS_ADMIN_USER_IDS: new Set([AMARA.oid]),
      ...overrides,
    };
  }

  function entraFrom(overrides: Partial<SignInEnvironment> = {}): SignInProvider {
    const providers = signInProviders(environment(overrides), {
      allowedGuildIds: () => Promise.resolve([]),
      allowedTenantIds: () => Promise.resolve([...setUpTenants]),
    });
    const found = providers.find((provider) => provider.id === 'entra');
    if (!found) throw new Error(`no entra provider among ${providers.map((each) => each.id).join(', ')}`);
    return found;
  }

  /** Begins, walks the provider's pages as `account`, and returns what the callback received and kept. */
  async function walk(
    account: EntraAccount,
  ): Promise<{ query: Record<string, string>; kept: Record<string, string> }> {
    const { redirectUrl, keep } = await entra.begin(CALLBACK);
    const { query } = await signInWithoutBrowser(redirectUrl, {
      callbackUrl: CALLBACK,
      login: account.login,
    });
    return { query, kept: keep };
  }

  beforeAll(async () => {
    idp = await LocalOpenIdProvider.start({ redirectUris: [CALLBACK], accounts: [RENEE, AMARA, KOFI] });
    entra = entraFrom();
  });

  afterAll(async () => {
    await idp?.stop();
  });

  it('asks for openid and profile with PKCE (S256), a state and a nonce, and keeps all three', async () => {
    const { redirectUrl, keep } = await entra.begin(CALLBACK);

    const request = new URL(redirectUrl);
    expect(`${request.origin}${request.pathname}`).toBe(`${idp.issuer}/auth`);
    expect(Object.fromEntries(request.searchParams)).toMatchObject({
      client_id: idp.clientId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge_method: 'S256',
      state: keep.state,
      nonce: keep.nonce,
    });
    expect(request.searchParams.get('code_challenge')).not.toBe(keep.codeVerifier);
    expect(Object.keys(keep).sort()).toEqual(['codeVerifier', 'nonce', 'state']);
  });

  it('lets a person of a set-up tenant in as teams:<oid>, with their name', async () => {
    const { query, kept } = await walk(RENEE);

    const person = await entra.complete(CALLBACK, query, kept);

    expect(person).toEqual({
      participantIds: [`teams:${RENEE.oid}`],
      displayName: 'Renée Dubois-Łukasik 🚒',
      administrator: false,
    });
  });

  it('makes an administrator of someone listed in MICROSOFT_TEAMS_ADMIN_USER_IDS', async () => {
    const { query, kept } = await walk(AMARA);

    const person = await entra.complete(CALLBACK, query, kept);

    expect(person).toMatchObject({ participantIds: [`teams:${AMARA.oid}`], administrator: true });
  });

  it('refuses a person of a tenant that is not set up, after they signed in at the provider', async () => {
    const { query, kept } = await walk(KOFI);

    expect(query.code).toBeTruthy();
    expect(await refusalOf(entra.complete(CALLBACK, query, kept))).toBe(SignInRefusal.NotAMember);
  });

  it('lets the same person in once their tenant is set up, read at each sign-in', async () => {
    setUpTenants.push(FABRIKAM);
    try {
      const { query, kept } = await walk(KOFI);
      expect((await entra.complete(CALLBACK, query, kept)).participantIds).toEqual([`teams:${KOFI.oid}`]);
    } finally {
      setUpTenants.pop();
    }
  });

  it('refuses an answer whose state is not the one this browser kept', async () => {
    const { query, kept } = await walk(RENEE);

    const otherState = refusalOf(entra.complete(CALLBACK, query, { ...kept, state: `${kept.state}x` }));
    expect(await otherState).toBe(SignInRefusal.NotThisSignIn);
  });

  it('refuses a state changed on the way back, before the code is spent', async () => {
    const { query, kept } = await walk(RENEE);

    const tampered = refusalOf(entra.complete(CALLBACK, { ...query, state: 'attacker-chosen' }, kept));
    expect(await tampered).toBe(SignInRefusal.NotThisSignIn);
    // The code was never sent: the genuine answer still works.
    expect((await entra.complete(CALLBACK, query, kept)).participantIds).toEqual([`teams:${RENEE.oid}`]);
  });

  it('refuses an ID token whose nonce is not the one kept', async () => {
    const { query, kept } = await walk(RENEE);

    expect(await refusalOf(entra.complete(CALLBACK, query, { ...kept, nonce: 'another-nonce' }))).toBe(
      SignInRefusal.NotThisSignIn,
    );
  });

  it('refuses a code exchanged with another PKCE verifier (the provider rejects the grant)', async () => {
    const { query, kept } = await walk(RENEE);
    const { keep: otherBrowser } = await entra.begin(CALLBACK);

    const outcome = refusalOf(
      entra.complete(CALLBACK, query, { ...kept, codeVerifier: otherBrowser.codeVerifier }),
    );
    expect(await outcome).toBe(SignInRefusal.CodeRejected);
  });

  it('refuses a made-up code and a code used twice', async () => {
    const { query, kept } = await walk(RENEE);

    expect(await refusalOf(entra.complete(CALLBACK, { ...query, code: 'made-up-code' }, kept))).toBe(
      SignInRefusal.CodeRejected,
    );
    await entra.complete(CALLBACK, query, kept);
    expect(await refusalOf(entra.complete(CALLBACK, query, kept))).toBe(SignInRefusal.CodeRejected);
  });

  it('refuses an expired code', async () => {
    idp.setCodeLifetime(1);
    try {
      const { query, kept } = await walk(RENEE);
      await sleep(2_100);
      expect(await refusalOf(entra.complete(CALLBACK, query, kept))).toBe(SignInRefusal.CodeRejected);
    } finally {
      idp.setCodeLifetime(60);
    }
  });

  it('refuses to complete a sign-in whose pending session kept nothing', async () => {
    const { query } = await walk(RENEE);

    expect(await refusalOf(entra.complete(CALLBACK, query, {}))).toBe(SignInRefusal.NotThisSignIn);
  });

  it("walks a site's whole sign-in without a browser: its link, the provider's pages, its callback, its page", async () => {
    const site = await listeningOnLoopback();
    const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const siteCallback = `${siteUrl}/auth/entra/callback`;
    const siteIdp = await LocalOpenIdProvider.start({ redirectUris: [siteCallback], accounts: [RENEE] });
    const signIn = new EntraSignIn({
      issuerUrl: siteIdp.issuer,
      clientId: siteIdp.clientId,
      clientSecret: siteIdp.clientSecret,
      administrators: new Set(),
      allowedTenantIds: () => Promise.resolve([CONTOSO]),
    });
    const pending = new Map<string, Record<string, string>>();
    const sessions = new Map<string, SignedInPerson>();
    // The smallest site: a pending session kept by cookie, the answer completed at its callback, a session.
    const serve = async (request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url ?? '/', siteUrl);
      const cookies = new URLSearchParams((request.headers.cookie ?? '').replaceAll('; ', '&'));
      if (url.pathname === '/sign-in') {
        const { redirectUrl, keep } = await signIn.begin(siteCallback);
        const id = randomUUID();
        pending.set(id, keep);
        response
          .writeHead(303, { location: redirectUrl, 'set-cookie': `pending=${id}; Path=/; HttpOnly` })
          .end();
      } else if (url.pathname === '/auth/entra/callback') {
        const kept = pending.get(cookies.get('pending') ?? '') ?? {};
        const person = await signIn.complete(siteCallback, Object.fromEntries(url.searchParams), kept);
        const id = randomUUID();
        sessions.set(id, person);
        response.writeHead(303, { location: '/', 'set-cookie': `session=${id}; Path=/; HttpOnly` }).end();
      } else {
        const person = sessions.get(cookies.get('session') ?? '');
        response
          .writeHead(person ? 200 : 401)
          .end(person ? `Signed in as ${person.displayName}` : 'Who are you?');
      }
    };
    site.on('request', (request, response) => {
      serve(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
    try {
      const walk = await signInWithoutBrowser(`${siteUrl}/sign-in`, { login: RENEE.login });

      expect(walk.url.href).toBe(`${siteUrl}/`);
      expect(walk.response?.status).toBe(200);
      expect(await walk.response?.text()).toBe('Signed in as Renée Dubois-Łukasik 🚒');
      expect(walk.jar.headerFor(new URL(`${siteUrl}/`))).toMatch(/session=[\da-f-]{36}/);
    } finally {
      await closed(site);
      await siteIdp.stop();
    }
  });

  it('says the provider is unavailable when discovery cannot reach it, and retries discovery next time', async () => {
    const unreachable = entraFrom({ ENTRA_ISSUER_URL: 'http://127.0.0.1:9/organizations/v2.0' });

    expect(await refusalOf(unreachable.begin(CALLBACK))).toBe(SignInRefusal.ProviderUnavailable);
    expect(await refusalOf(unreachable.begin(CALLBACK))).toBe(SignInRefusal.ProviderUnavailable);
  });
});

describe("Signing in through Entra's multi-tenant endpoint (organizations), issuer template and all", () => {
  const callback = 'https://firebreak.contoso.example/auth/entra/callback';
  /** In Contoso's directory, but its ID token claims Fabrikam's tenant: `iss` and `tid` disagree. */
  const MALLORY: EntraAccount = {
    login: 'mallory@contoso.example',
    tid: FABRIKAM,
    oid: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
    name: 'Mallory',
  };
  let cloud: LocalEntraCloud;
  let setUpTenants: string[];

  function entraAtOrganizations(): EntraSignIn {
    return new EntraSignIn({
      issuerUrl: ENTRA_ORGANIZATIONS_ISSUER,
      clientId: cloud.clientId,
      clientSecret: cloud.clientSecret,
      administrators: new Set(),
      allowedTenantIds: () => Promise.resolve([...setUpTenants]),
      fetch: cloud.fetch,
    });
  }

  /** A whole sign-in as `account`, whose home tenant `organizations` leads to. */
  async function signInAs(account: EntraAccount, homeTenant: string) {
    cloud.signInAt(homeTenant);
    const entra = entraAtOrganizations();
    const { redirectUrl, keep } = await entra.begin(callback);
    const { query } = await signInWithoutBrowser(redirectUrl, {
      callbackUrl: callback,
      login: account.login,
      fetch: cloud.fetch,
    });
    return entra.complete(callback, query, keep);
  }

  beforeAll(async () => {
    cloud = await LocalEntraCloud.start({
      redirectUris: [callback],
      tenants: { [CONTOSO]: [RENEE, MALLORY], [FABRIKAM]: [KOFI] },
    });
    setUpTenants = [CONTOSO];
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  it("starts at Microsoft's organizations endpoint and lets in a person of a set-up tenant", async () => {
    const person = await signInAs(RENEE, CONTOSO);

    expect(person.participantIds).toEqual([`teams:${RENEE.oid}`]);
  });

  it('refuses a person whose own tenant signed them in but is not set up', async () => {
    expect(await refusalOf(signInAs(KOFI, FABRIKAM))).toBe(SignInRefusal.NotAMember);
  });

  it('refuses an ID token whose tid is not the tenant its issuer names, even for a set-up tid', async () => {
    setUpTenants = [CONTOSO, FABRIKAM];
    try {
      const forged = await signInAs(MALLORY, CONTOSO).catch((error: unknown) => error);
      expect(forged).toBeInstanceOf(SignInRefused);
      expect(forged).toMatchObject({ reason: SignInRefusal.NotThisSignIn });
      // openid-client compared `iss` with the template filled in with the token's own `tid`.
      expect((forged as SignInRefused).detail).toMatch(/^OAUTH_JWT_CLAIM_COMPARISON_FAILED/);
      const cause = (forged as SignInRefused).cause as Error;
      expect(String((cause.cause as Error).message)).toMatch(/"iss"/);
      expect((await signInAs(KOFI, FABRIKAM)).participantIds).toEqual([`teams:${KOFI.oid}`]);
    } finally {
      setUpTenants = [CONTOSO];
    }
  });
});
