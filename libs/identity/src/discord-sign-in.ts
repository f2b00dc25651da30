import {
  DiscordAPIError,
  PermissionFlagsBits,
  REST,
  Routes,
  type APIGuildMember,
  type APIUser,
  type RESTAPIPartialCurrentUserGuild,
} from 'discord.js';
import { allowInsecureRequests, Configuration } from 'openid-client';
import { isWorkspaceAdministrator, participant } from '@firebreak/incident';
import {
  AuthorizationCodeFlow,
  AuthorizationCodeSignIn,
  type CodeExchange,
} from './authorization-code-flow.js';
import { isLoopbackHttp } from './loopback.js';
import { type SignedInPerson } from './sign-in-provider.js';
import { SignInRefused, SignInRefusal } from './sign-in-refused.js';

export interface DiscordSignInOptions {
  /** The application's OAuth2 client id (its application id). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The bot token: reads a member's roles when `adminRoleId` is set. */
  readonly botToken: string;
  /** REST base URL, `https://discord.com/api` unless a test points it at a fake. */
  readonly apiUrl: string;
  /** DISCORD_ADMIN_ROLE_ID: holders are Firebreak administrators, as in chat. */
  readonly adminRoleId: string | null;
  /** The guilds set up in Firebreak; only their members get in. */
  allowedGuildIds(): Promise<string[]>;
}

/** `identify` for who they are, `guilds` for which servers they are in (with their permissions there). */
const SCOPE = 'identify guilds';
/** Discord pages `/users/@me/guilds` by 200. */
const GUILDS_PAGE = 200;

/**
 * Sign-in with Discord (OAuth2 authorization code + PKCE through openid-client). A person gets in when they
 * are a member of a guild set up in Firebreak, as `discord:<user id>`; they are an administrator by the rule
 * chat uses: the Administrator permission (or owning the guild), or DISCORD_ADMIN_ROLE_ID.
 */
export class DiscordSignIn extends AuthorizationCodeSignIn {
  readonly id = 'discord';
  readonly label = 'Discord';
  protected readonly flow: AuthorizationCodeFlow;
  private readonly bot: REST;
  private readonly apiUrl: string;

  constructor(private readonly options: DiscordSignInOptions) {
    super();
    this.apiUrl = withoutTrailingSlash(options.apiUrl);
    const configuration = discordConfiguration(this.apiUrl, options);
    this.flow = new AuthorizationCodeFlow(() => Promise.resolve(configuration), {
      scope: SCOPE,
      openId: false,
      // Someone who already authorised the application goes straight back, without Discord's consent screen.
      authorizationParameters: { prompt: 'none' },
    });
    this.bot = new REST(restOptions(this.apiUrl, 'Bot')).setToken(options.botToken);
  }

  protected async personFrom({ accessToken }: CodeExchange): Promise<SignedInPerson> {
    const asPerson = new REST(restOptions(this.apiUrl, 'Bearer')).setToken(accessToken);
    const [user, guilds, allowed] = await Promise.all([
      discordCall(() => asPerson.get(Routes.user()) as Promise<APIUser>),
      discordCall(() => currentUserGuilds(asPerson)),
      this.options.allowedGuildIds(),
    ]);
    const allowedIds = new Set(allowed);
    const setUp = guilds.filter((guild) => allowedIds.has(guild.id));
    if (setUp.length === 0) {
      throw new SignInRefused(
        SignInRefusal.NotAMember,
        `discord:${user.id} is in none of ${allowed.length} set-up guilds`,
      );
    }
    const person = participant(`discord:${user.id}`, user.global_name ?? user.username);
    return {
      participantIds: [person.id],
      displayName: person.displayName,
      administrator: await this.isAdministrator(user.id, setUp),
    };
  }

  /** An administrator, by chat's rule, in any set-up guild they belong to. */
  private async isAdministrator(userId: string, guilds: RESTAPIPartialCurrentUserGuild[]): Promise<boolean> {
    for (const guild of guilds) {
      const ownerOrAdministrator = guild.owner || hasAdministratorPermission(guild);
      // The role costs a call to Discord: asked only when the permission has not decided already.
      const configuredAdministrator = !ownerOrAdministrator && (await this.holdsAdminRole(guild.id, userId));
      if (isWorkspaceAdministrator({ ownerOrAdministrator, configuredAdministrator })) return true;
    }
    return false;
  }

  private async holdsAdminRole(guildId: string, userId: string): Promise<boolean> {
    const roleId = this.options.adminRoleId;
    if (!roleId) return false;
    const member = await discordCall(() => this.member(guildId, userId));
    return member?.roles.includes(roleId) ?? false;
  }

  /** Null when they left the guild between the two calls (10007 Unknown Member). */
  private async member(guildId: string, userId: string): Promise<APIGuildMember | null> {
    try {
      return (await this.bot.get(Routes.guildMember(guildId, userId))) as APIGuildMember;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.status === 404) return null;
      throw error;
    }
  }
}

/** Discord is a plain OAuth2 server (no discovery document): its two endpoints, stated. */
function discordConfiguration(apiUrl: string, options: DiscordSignInOptions): Configuration {
  const configuration = new Configuration(
    {
      issuer: new URL(apiUrl).origin,
      authorization_endpoint: `${apiUrl}/oauth2/authorize`,
      token_endpoint: `${apiUrl}/oauth2/token`,
      code_challenge_methods_supported: ['S256'],
    },
    options.clientId,
    options.clientSecret,
  );
  // A loopback fake speaks plain HTTP; anything else must be HTTPS, which openid-client insists on by default.
  if (isLoopbackHttp(apiUrl)) allowInsecureRequests(configuration);
  return configuration;
}

function hasAdministratorPermission(guild: RESTAPIPartialCurrentUserGuild): boolean {
  return (BigInt(guild.permissions) & PermissionFlagsBits.Administrator) !== 0n;
}

function withoutTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

function restOptions(apiUrl: string, authPrefix: 'Bot' | 'Bearer') {
  // No sweeper timers: a REST per sign-in must not keep the process alive.
  return { api: apiUrl, version: '10', authPrefix, handlerSweepInterval: 0, hashSweepInterval: 0 };
}

async function currentUserGuilds(rest: REST): Promise<RESTAPIPartialCurrentUserGuild[]> {
  const guilds: RESTAPIPartialCurrentUserGuild[] = [];
  for (;;) {
    const query = new URLSearchParams({ limit: String(GUILDS_PAGE) });
    const last = guilds.at(-1);
    if (last) query.set('after', last.id);
    const page = (await rest.get(Routes.userGuilds(), { query })) as RESTAPIPartialCurrentUserGuild[];
    guilds.push(...page);
    if (page.length < GUILDS_PAGE) return guilds;
  }
}

/** Discord failing after the code exchange is Discord's trouble: the person can try again. */
async function discordCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new SignInRefused(SignInRefusal.ProviderUnavailable, `Discord: ${detail}`, { cause: error });
  }
}
