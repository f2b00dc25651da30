import { createHash, randomBytes } from 'node:crypto';
import {
  PermissionFlagsBits,
  type APIUser,
  type RESTAPIPartialCurrentUserGuild,
  type UserFlags,
} from 'discord-api-types/v10';
import { DiscordApiError } from './discord-api-error.js';
import { type RestReply, type RestRequest, type RouteDefinition } from './fake-rest-api.js';
import { memberPermissions, type GuildFixture } from './guild-fixture.js';
import { nextSnowflake } from './snowflake.js';

/** A code Discord issued at `/oauth2/authorize`, waiting to be exchanged once. */
interface IssuedCode {
  userId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  expiresAt: number;
}

interface IssuedToken {
  userId: string;
  scopes: string[];
  expiresAt: number;
}

/** Someone who is not in the fake's guild: a member of another server only. */
interface Outsider {
  user: APIUser;
  guild: RESTAPIPartialCurrentUserGuild;
}

export interface DiscordOAuth2Options {
  /** The application's client secret the token endpoint accepts. Defaults to a random one. */
  clientSecret?: string;
}

/** Discord keeps an authorization code for 10 minutes; tests can make it shorter. */
const CODE_LIFETIME_MS = 10 * 60_000;
const TOKEN_LIFETIME_S = 604_800;
const SCOPES = new Set(['identify', 'guilds', 'email', 'guilds.members.read']);
const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((bits, bit) => bits | bit, 0n);
const DENIED = 'The resource owner or authorization server denied the request';

/**
 * Discord's OAuth2 for an application (the fake's application id is the client id): `/oauth2/authorize`
 * approves at once as the person set with `signInAs` (Discord skips its consent screen for an app the person
 * already authorised) and redirects back with a code; `POST /oauth2/token` checks the client, the code, the
 * redirect URI and the PKCE verifier like Discord does; `/users/@me` and `/users/@me/guilds` answer for the
 * access token's user.
 */
export class DiscordOAuth2 {
  readonly clientSecret: string;
  private approver: APIUser;
  private declineNext = false;
  private codeLifetimeMs = CODE_LIFETIME_MS;
  private readonly redirectUris = new Set<string>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly outsiders = new Map<string, Outsider>();

  constructor(
    private readonly fixture: GuildFixture,
    options: DiscordOAuth2Options = {},
  ) {
    this.clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
    this.approver = fixture.users.alice;
  }

  get clientId(): string {
    return this.fixture.applicationId;
  }

  /** Who approves the next authorizations in the browser, until told otherwise. */
  signInAs(user: APIUser): void {
    this.approver = user;
  }

  /** The next authorization is cancelled on Discord's page: back with `error=access_denied`. */
  declineNextAuthorization(): void {
    this.declineNext = true;
  }

  /** Like the application's Redirects list in the developer portal; while empty, every URI is accepted. */
  registerRedirectUri(uri: string): void {
    this.redirectUris.add(uri);
  }

  /** Codes issued from now on expire after `ms` (Discord: 10 minutes). */
  setCodeLifetime(ms: number): void {
    this.codeLifetimeMs = ms;
  }

  /** A Discord user who is a member of another server only, not of the fake's guild. */
  addOutsider(username: string, globalName: string, guildName: string): APIUser {
    const user: APIUser = {
      id: nextSnowflake(),
      username,
      discriminator: '0',
      global_name: globalName,
      avatar: null,
      public_flags: 0 as UserFlags,
    };
    const guild: RESTAPIPartialCurrentUserGuild = {
      id: nextSnowflake(),
      name: guildName,
      icon: null,
      banner: null,
      owner: true,
      features: [],
      permissions: ALL_PERMISSIONS.toString(),
    };
    this.outsiders.set(user.id, { user, guild });
    return user;
  }

  routes(): RouteDefinition[] {
    return [
      {
        method: 'GET',
        path: '/oauth2/authorize',
        auth: 'none',
        handle: (request) => this.authorize(request),
      },
      { method: 'POST', path: '/oauth2/token', auth: 'none', handle: (request) => this.token(request) },
      {
        method: 'GET',
        path: '/users/@me',
        auth: 'bearer',
        handle: (request) => ok(this.userOf(this.grant(request, 'identify'))),
      },
      {
        method: 'GET',
        path: '/users/@me/guilds',
        auth: 'bearer',
        handle: (request) => ok(this.guildsPage(this.grant(request, 'guilds').userId, request.query)),
      },
    ];
  }

  private authorize({ query }: RestRequest): RestReply {
    const redirectUri = query.get('redirect_uri') ?? '';
    // Discord shows its own error page rather than redirect to a URI it cannot vouch for.
    if (query.get('client_id') !== this.clientId) return text(400, 'Unknown application');
    if (!isUrl(redirectUri) || (this.redirectUris.size > 0 && !this.redirectUris.has(redirectUri))) {
      return text(400, 'Invalid OAuth2 redirect_uri');
    }
    const back = new URL(redirectUri);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const problem = authorizationProblem(query);
    if (problem) return redirect(withError(back, 'invalid_request', problem));
    if (this.declineNext) {
      this.declineNext = false;
      return redirect(withError(back, 'access_denied', DENIED));
    }
    const code = randomBytes(15).toString('base64url');
    this.codes.set(code, {
      userId: this.approver.id,
      redirectUri,
      scopes: scopesOf(query.get('scope')),
      codeChallenge: query.get('code_challenge') ?? '',
      expiresAt: Date.now() + this.codeLifetimeMs,
    });
    back.searchParams.set('code', code);
    return redirect(back);
  }

  private token({ body, authorization }: RestRequest): RestReply {
    const form = (body ?? {}) as Record<string, string>;
    const client = clientCredentials(form, authorization);
    if (client.id !== this.clientId || client.secret !== this.clientSecret) {
      return { status: 401, body: { error: 'invalid_client' } };
    }
    if (form.grant_type !== 'authorization_code') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const issued = this.codes.get(form.code ?? '');
    // A code is good once, whatever happens to the exchange.
    this.codes.delete(form.code ?? '');
    if (!issued || issued.expiresAt <= Date.now()) return invalidGrant('Invalid "code" in request.');
    if (form.redirect_uri !== issued.redirectUri) return invalidGrant('Invalid "redirect_uri" in request.');
    if (issued.codeChallenge && s256(form.code_verifier ?? '') !== issued.codeChallenge) {
      return invalidGrant('Invalid "code_verifier" in request.');
    }
    const accessToken = randomBytes(22).toString('base64url');
    this.tokens.set(accessToken, {
      userId: issued.userId,
      scopes: issued.scopes,
      expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000,
    });
    return ok({
      token_type: 'Bearer',
      access_token: accessToken,
      expires_in: TOKEN_LIFETIME_S,
      refresh_token: randomBytes(22).toString('base64url'),
      scope: issued.scopes.join(' '),
    });
  }

  /** The access token's grant, if it is valid and carries `scope`. */
  private grant({ authorization }: RestRequest, scope: string): IssuedToken {
    const issued = this.tokens.get(authorization?.slice('Bearer '.length) ?? '');
    if (!issued || issued.expiresAt <= Date.now()) throw new DiscordApiError(401, 0, '401: Unauthorized');
    if (!issued.scopes.includes(scope)) throw new DiscordApiError(403, 50001, 'Missing Access');
    return issued;
  }

  private userOf({ userId }: IssuedToken): APIUser {
    const user =
      Object.values(this.fixture.users).find((each) => each.id === userId) ??
      this.outsiders.get(userId)?.user;
    if (!user) throw new DiscordApiError(404, 10013, 'Unknown User');
    return user;
  }

  /** Sorted by id like Discord, paged by `limit` (≤ 200) and `after`. */
  private guildsPage(userId: string, query: URLSearchParams): RESTAPIPartialCurrentUserGuild[] {
    const limit = Math.min(Number(query.get('limit') ?? 200) || 200, 200);
    const after = BigInt(query.get('after') ?? 0);
    return this.guildsOf(userId)
      .filter((guild) => BigInt(guild.id) > after)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .slice(0, limit);
  }

  private guildsOf(userId: string): RESTAPIPartialCurrentUserGuild[] {
    const outsider = this.outsiders.get(userId);
    if (outsider) return [outsider.guild];
    const member = this.fixture.members.find((each) => each.user.id === userId);
    if (!member) return [];
    const owner = userId === this.fixture.users.alice.id;
    // Discord reports the owner's permissions as all of them.
    const permissions = owner ? ALL_PERMISSIONS : memberPermissions(this.fixture, member);
    return [
      {
        id: this.fixture.guildId,
        name: this.fixture.guildName,
        icon: null,
        banner: null,
        owner,
        features: [],
        permissions: permissions.toString(),
      },
    ];
  }
}

function authorizationProblem(query: URLSearchParams): string | null {
  if (query.get('response_type') !== 'code') return 'response_type must be code';
  const scopes = scopesOf(query.get('scope'));
  if (scopes.length === 0 || scopes.some((scope) => !SCOPES.has(scope))) return 'Invalid scope';
  const challenge = query.get('code_challenge');
  if (challenge !== null && query.get('code_challenge_method') !== 'S256') {
    return 'code_challenge_method must be S256';
  }
  return null;
}

/** `client_secret_post` or `client_secret_basic`: Discord takes either. */
function clientCredentials(
  form: Record<string, string>,
  authorization: string | undefined,
): { id?: string; secret?: string } {
  if (!authorization?.startsWith('Basic ')) return { id: form.client_id, secret: form.client_secret };
  const decoded = Buffer.from(authorization.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

function scopesOf(scope: string | null): string[] {
  return (scope ?? '').split(' ').filter(Boolean);
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function isUrl(value: string): boolean {
  return URL.canParse(value);
}

function withError(back: URL, error: string, description: string): URL {
  back.searchParams.set('error', error);
  back.searchParams.set('error_description', description);
  return back;
}

function invalidGrant(description: string): RestReply {
  return { status: 400, body: { error: 'invalid_grant', error_description: description } };
}

function redirect(location: URL): RestReply {
  return { status: 302, headers: { Location: location.href } };
}

function text(status: number, body: string): RestReply {
  return { status, body };
}

function ok(body: unknown): RestReply {
  return { status: 200, body };
}
