import { z } from 'zod';

const snowflake = (what: string) => z.string().regex(/^\d{15,21}$/, `must be a Discord ${what} id (digits)`);

/**
 * The Discord connector's environment variables. All optional: the connector is enabled only when
 * DISCORD_TOKEN and DISCORD_APPLICATION_ID are both set (see `requireCompleteDiscordConfig`).
 */
export const DISCORD_ENVIRONMENT = {
  DISCORD_TOKEN: z.string().min(20, 'must be a bot token').optional(),
  DISCORD_APPLICATION_ID: snowflake('application').optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[\da-f]{64}$/i, 'must be the application public key (64 hex characters)')
    .optional(),
  DISCORD_GUILD_ID: snowflake('guild').optional(),
  DISCORD_ADMIN_ROLE_ID: snowflake('role').optional(),
  DISCORD_API_URL: z.url('must be a URL such as https://discord.com/api').optional(),
};

type DiscordEnvironment = {
  [K in keyof typeof DISCORD_ENVIRONMENT]?: string | undefined;
};

/** zod `superRefine` check: half a Discord configuration is a mistake, so it names what is missing. */
export function requireCompleteDiscordConfig(
  environment: DiscordEnvironment,
  context: z.RefinementCtx,
): void {
  const { DISCORD_TOKEN, DISCORD_APPLICATION_ID } = environment;
  const anyDiscord = Object.entries(environment).some(
    ([name, value]) => name.startsWith('DISCORD_') && value !== undefined,
  );
  if (!anyDiscord) return;
  for (const [name, value] of [
    ['DISCORD_TOKEN', DISCORD_TOKEN],
    ['DISCORD_APPLICATION_ID', DISCORD_APPLICATION_ID],
  ] as const) {
    if (value === undefined) {
      context.addIssue({
        code: 'custom',
        path: [name],
        message:
          'is required when any DISCORD_* variable is set (the Discord connector needs both DISCORD_TOKEN and DISCORD_APPLICATION_ID)',
      });
    }
  }
}

/** What the Discord connector needs at run time, already validated. */
export interface DiscordSettings {
  readonly token: string;
  readonly applicationId: string;
  /** Enables `POST /discord/interactions` when set. */
  readonly publicKey: string | null;
  /** Default guild: where incidents declared outside Discord go; also where commands register. */
  readonly guildId: string | null;
  /** Members holding this role are administrators: they may do everything the permission policy reserves. */
  readonly adminRoleId: string | null;
  /** REST base URL (discord.js `rest.api`), e.g. a loopback fake in tests. */
  readonly apiUrl: string | null;
  /** The public status page (STATUS_PAGE_URL): echoed public updates link to the incident there. */
  readonly statusPageUrl: string | null;
}

/** Null when the connector is off (no token or no application id). */
export function discordSettingsFrom(
  environment: DiscordEnvironment & { readonly STATUS_PAGE_URL?: string },
): DiscordSettings | null {
  if (!environment.DISCORD_TOKEN || !environment.DISCORD_APPLICATION_ID) return null;
  return {
    token: environment.DISCORD_TOKEN,
    applicationId: environment.DISCORD_APPLICATION_ID,
    publicKey: environment.DISCORD_PUBLIC_KEY ?? null,
    guildId: environment.DISCORD_GUILD_ID ?? null,
    adminRoleId: environment.DISCORD_ADMIN_ROLE_ID ?? null,
    apiUrl: environment.DISCORD_API_URL ?? null,
    statusPageUrl: environment.STATUS_PAGE_URL ?? null,
  };
}
