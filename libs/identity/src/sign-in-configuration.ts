import { z } from 'zod';
import { DiscordSignIn } from './discord-sign-in.js';
import { ENTRA_ORGANIZATIONS_ISSUER, EntraSignIn } from './entra-sign-in.js';
import { type SignInProvider } from './sign-in-provider.js';

/** An optional string where an empty value counts as unset. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/**
 * The sign-in variables, for the app's config schema (spread it in, with `requireCompleteSignInConfig`).
 * Each provider reuses its chat connector's variables where they are the same thing (application id, bot
 * token, API URL, admin role; Microsoft app id and password, admin ids).
 */
export const SIGN_IN_ENVIRONMENT = {
  DISCORD_CLIENT_ID: z
    .string()
    .regex(/^\d{15,21}$/, 'must be the Discord application (client) id (digits)')
    .optional(),
  DISCORD_CLIENT_SECRET: optionalText,
  ENTRA_ISSUER_URL: z
    .url('must be an OpenID issuer URL such as https://login.microsoftonline.com/organizations/v2.0')
    .default(ENTRA_ORGANIZATIONS_ISSUER),
  ENTRA_CLIENT_ID: optionalText,
  ENTRA_CLIENT_SECRET: optionalText,
};

/** What the factory reads: the app's validated configuration (or any object with these fields). */
export interface SignInEnvironment {
  readonly DISCORD_CLIENT_ID?: string | undefined;
  readonly DISCORD_CLIENT_SECRET?: string | undefined;
  readonly DISCORD_APPLICATION_ID?: string | undefined;
  readonly DISCORD_TOKEN?: string | undefined;
  readonly DISCORD_ADMIN_ROLE_ID?: string | undefined;
  readonly DISCORD_API_URL?: string | undefined;
  readonly ENTRA_ISSUER_URL?: string | undefined;
  readonly ENTRA_CLIENT_ID?: string | undefined;
  readonly ENTRA_CLIENT_SECRET?: string | undefined;
  readonly MICROSOFT_APP_ID?: string | undefined;
  readonly MICROSOFT_APP_PASSWORD?: string | undefined;
  readonly MICROSOFT_TEAMS_ADMIN_USER_IDS?: ReadonlySet<string> | undefined;
}

/** Where the people allowed in come from: the workspaces set up in Firebreak, read at each sign-in. */
export interface SignInMembership {
  /** Discord guilds set up (ChatWorkspaceRepository.list('discord')). */
  allowedGuildIds(): Promise<string[]>;
  /** The tenants of the Teams teams set up. */
  allowedTenantIds(): Promise<string[]>;
}

const DISCORD_API = 'https://discord.com/api';

/**
 * zod `superRefine` check: a client secret without the id it belongs to (or the reverse) is a mistake, so it
 * names what is missing rather than leaving the provider silently off.
 */
export function requireCompleteSignInConfig(environment: SignInEnvironment, context: z.RefinementCtx): void {
  const discord = discordClient(environment);
  if (environment.DISCORD_CLIENT_SECRET && !discord.id)
    context.addIssue({
      code: 'custom',
      path: ['DISCORD_CLIENT_ID'],
      message: 'is required with DISCORD_CLIENT_SECRET (or set DISCORD_APPLICATION_ID, which it defaults to)',
    });
  if (environment.DISCORD_CLIENT_SECRET && !environment.DISCORD_TOKEN)
    context.addIssue({
      code: 'custom',
      path: ['DISCORD_TOKEN'],
      message: 'is required with DISCORD_CLIENT_SECRET (sign-in reads members through the bot)',
    });
  if (environment.DISCORD_CLIENT_ID && !discord.secret)
    context.addIssue({
      code: 'custom',
      path: ['DISCORD_CLIENT_SECRET'],
      message: 'is required with DISCORD_CLIENT_ID',
    });
  const entra = entraClient(environment);
  if (environment.ENTRA_CLIENT_SECRET && !entra.id)
    context.addIssue({
      code: 'custom',
      path: ['ENTRA_CLIENT_ID'],
      message: 'is required with ENTRA_CLIENT_SECRET (or set MICROSOFT_APP_ID, which it defaults to)',
    });
  if (environment.ENTRA_CLIENT_ID && !entra.secret)
    context.addIssue({
      code: 'custom',
      path: ['ENTRA_CLIENT_SECRET'],
      message: 'is required with ENTRA_CLIENT_ID (or set MICROSOFT_APP_PASSWORD, which it defaults to)',
    });
}

/**
 * The sign-in providers the configuration turns on, in the order the sign-in page lists them: Discord when it
 * has a client id and secret (and the bot token), Microsoft when it has a client id and secret (its own or the
 * Teams bot's). None configured: an empty list.
 */
export function signInProviders(
  environment: SignInEnvironment,
  membership: SignInMembership,
): SignInProvider[] {
  const providers: SignInProvider[] = [];
  const discord = discordClient(environment);
  if (discord.id && discord.secret && environment.DISCORD_TOKEN) {
    providers.push(
      new DiscordSignIn({
        clientId: discord.id,
        clientSecret: discord.secret,
        botToken: environment.DISCORD_TOKEN,
        apiUrl: environment.DISCORD_API_URL ?? DISCORD_API,
        adminRoleId: environment.DISCORD_ADMIN_ROLE_ID ?? null,
        allowedGuildIds: () => membership.allowedGuildIds(),
      }),
    );
  }
  const entra = entraClient(environment);
  if (entra.id && entra.secret) {
    providers.push(
      new EntraSignIn({
        issuerUrl: environment.ENTRA_ISSUER_URL ?? ENTRA_ORGANIZATIONS_ISSUER,
        clientId: entra.id,
        clientSecret: entra.secret,
        administrators: environment.MICROSOFT_TEAMS_ADMIN_USER_IDS ?? new Set(),
        allowedTenantIds: () => membership.allowedTenantIds(),
      }),
    );
  }
  return providers;
}

/** DISCORD_CLIENT_ID is the application id: it defaults to the connector's DISCORD_APPLICATION_ID. */
function discordClient(environment: SignInEnvironment): { id?: string; secret?: string } {
  return {
    id: environment.DISCORD_CLIENT_ID ?? environment.DISCORD_APPLICATION_ID,
    secret: environment.DISCORD_CLIENT_SECRET,
  };
}

/** The Teams bot's app registration serves sign-in too unless ENTRA_CLIENT_* name another. */
function entraClient(environment: SignInEnvironment): { id?: string; secret?: string } {
  return {
    id: environment.ENTRA_CLIENT_ID ?? environment.MICROSOFT_APP_ID,
    secret: environment.ENTRA_CLIENT_SECRET ?? environment.MICROSOFT_APP_PASSWORD,
  };
}
