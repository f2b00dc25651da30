import { z } from 'zod';
import { DEFAULT_STATUS_PAGE_URL, readPermissionSettings } from '@firebreak/incident';
import { OPERATIONS_ENVIRONMENT } from '@firebreak/operations';
import { DISCORD_ENVIRONMENT, requireCompleteDiscordConfig } from '@firebreak/discord';
import { isLoopbackHost } from '@firebreak/teams';
import { requireCompleteSignInConfig, SIGN_IN_ENVIRONMENT } from '@firebreak/identity';
import { ALERTS_ENVIRONMENT, requireOneAlertRoutesSource } from '../alerts/alert-routes-config.js';
import { COMMUNICATIONS_ENVIRONMENT } from '../communications/communications-config.js';
import { SITE_ENVIRONMENT } from '../site/site-config.js';
import { ENGAGEMENT_ENVIRONMENT, requireCompleteEngagementConfig } from '../engagement/engagement-config.js';

const port = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(0, 'must be a port number')
    .max(65535, 'must be a port number')
    .default(fallback);

/** What an API token is: the user it acts as, and whether it is kept from private incidents. */
export interface ApiToken {
  readonly user: string;
  /** Written `name:secret:limited`: sees and changes only incidents that are not private. */
  readonly limited: boolean;
}

const LIMITED_SUFFIX = ':limited';

/**
 * `name:secret` pairs (or bare secrets, which act as user `api:api`), comma-separated; a trailing `:limited`
 * keeps a token from private incidents, otherwise a token is an administrator.
 */
const apiTokens = z
  .string()
  .optional()
  .transform((value, context) => {
    const tokens = new Map<string, ApiToken>();
    for (const raw of (value ?? '')
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean)) {
      const limited = raw.endsWith(LIMITED_SUFFIX);
      const entry = limited ? raw.slice(0, -LIMITED_SUFFIX.length) : raw;
      const colon = entry.indexOf(':');
      const [user, secret] = colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : ['api', entry];
      if (secret.length < 16) {
        context.addIssue({
          code: 'custom',
          message: 'each token must be at least 16 characters (name:secret)',
        });
        return z.NEVER;
      }
      if (!/^[\w.-]+$/.test(user)) {
        context.addIssue({
          code: 'custom',
          message: `token user "${user}" may use letters, digits, ".", "-" and "_"`,
        });
        return z.NEVER;
      }
      tokens.set(secret, { user, limited });
    }
    return tokens;
  });

/** `action:who[+who],…` loosening the standard permission policy (e.g. `severity:anyone`); every bad entry is named. */
const permissions = z
  .string()
  .optional()
  .transform((value, context) => {
    const { policy, problems } = readPermissionSettings(value ?? '');
    for (const problem of problems) context.addIssue({ code: 'custom', message: problem });
    return problems.length ? z.NEVER : policy;
  });

/** Comma-separated ids (AAD object ids, user ids), as a set; empty entries are ignored. */
const idList = z
  .string()
  .optional()
  .transform(
    (value) =>
      new Set(
        (value ?? '')
          .split(',')
          .map((each) => each.trim())
          .filter(Boolean),
      ),
  );

/** An optional string where an empty value counts as unset. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

const gatewayEnvironment = z
  .object({
    GATEWAY_PORT: port(3978),
    // Loopback unless told otherwise: nothing is reachable from other machines by accident.
    GATEWAY_HOST: z.string().trim().min(1).default('127.0.0.1'),
    DATABASE_URL: z.string().optional(),
    FIREBREAK_API_TOKENS: apiTokens,
    FIREBREAK_PERMISSIONS: permissions,
    // Replaced by MICROSOFT_TEAMS_ADMIN_USER_IDS; refused below rather than silently ignored.
    FIREBREAK_ADMIN_USERS: optionalText,
    STATUS_PAGE_URL: z
      .url('must be a URL such as https://status.example.com')
      .default(DEFAULT_STATUS_PAGE_URL),
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
    // Post-incident follow-ups: weekly digest slot (UTC), reminder tick, optional export to an issue tracker.
    FOLLOWUP_DIGEST_DAY: z
      .enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'])
      .default('monday'),
    FOLLOWUP_DIGEST_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a UTC time as HH:MM')
      .default('09:00'),
    FOLLOWUP_REMINDER_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    FOLLOWUP_TRACKER_URL: z
      .url('must be the API URL of a repository, e.g. https://api.github.com/repos/acme/ops')
      .optional(),
    FOLLOWUP_TRACKER_TOKEN: z.string().min(1).optional(),
    // Microsoft Teams (Bot Framework). With MICROSOFT_APP_ID every activity needs a Bot Framework token;
    // without it /api/messages refuses every request, unless TEAMS_DEVELOPMENT_MODE (Emulator, loopback only).
    MICROSOFT_APP_ID: optionalText,
    TEAMS_DEVELOPMENT_MODE: z.stringbool({ error: 'must be true or false' }).default(false),
    // AAD object ids of Firebreak administrators on Teams (besides the team's owners).
    MICROSOFT_TEAMS_ADMIN_USER_IDS: idList,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TENANT_ID: optionalText,
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
    MICROSOFT_TEAMS_DEFAULT_TEAM_ID: optionalText,
    // `channel`: a team channel per incident through Microsoft Graph (app permission Channel.Create).
    MICROSOFT_TEAMS_INCIDENT_SPACE: z.enum(['thread', 'channel']).default('thread'),
    MICROSOFT_GRAPH_URL: z.url().default('https://graph.microsoft.com'),
    MICROSOFT_GRAPH_LOGIN_URL: z.url().default('https://login.microsoftonline.com'),
    // Only for sovereign clouds or loopback tests; unset means Microsoft's public cloud.
    MICROSOFT_BOT_OPENID_METADATA_URL: z.url().optional(),
    MICROSOFT_BOT_TOKEN_ISSUER: optionalText,
    MICROSOFT_BOT_LOGIN_URL: z.url().optional(),
    // Discord: enabled when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set (see @firebreak/discord).
    ...DISCORD_ENVIRONMENT,
    // Scheduled updates, reminders, templates and subscriber notifications.
    ...COMMUNICATIONS_ENVIRONMENT,
    // Alerts in: routing rules for Alertmanager and Grafana notifications.
    ...ALERTS_ENVIRONMENT,
    // Paging the on-call lead (PagerDuty, a signed webhook) and opening calls.
    ...ENGAGEMENT_ENVIRONMENT,
    // Production mode: Redis, logs, readiness, shutdown and rate limits (see @firebreak/operations).
    ...OPERATIONS_ENVIRONMENT,
    // The responders' site: its public URL, sessions, and sign-in with Discord and Microsoft Entra ID.
    ...SITE_ENVIRONMENT,
    ...SIGN_IN_ENVIRONMENT,
  })
  .superRefine(requireCompleteDiscordConfig)
  .superRefine(requireCompleteSignInConfig)
  .superRefine(requireSafeTeamsEndpoint)
  .superRefine(requireOneAlertRoutesSource)
  .superRefine(requireCompleteEngagementConfig)
  .superRefine((env, context) => {
    if (
      env.MICROSOFT_TEAMS_INCIDENT_SPACE === 'channel' &&
      (!env.MICROSOFT_APP_ID || !env.MICROSOFT_APP_PASSWORD)
    )
      context.addIssue({
        code: 'custom',
        path: ['MICROSOFT_TEAMS_INCIDENT_SPACE'],
        message: 'channel needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (Graph is called as the app)',
      });
    if (!env.MICROSOFT_APP_ID) return;
    if (!env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI')
      context.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message: 'required with MICROSOFT_APP_ID',
      });
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && !env.MICROSOFT_APP_TENANT_ID)
      context.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_TENANT_ID'],
        message: 'required when MICROSOFT_APP_TYPE is SingleTenant',
      });
  });

export type GatewayConfig = z.output<typeof gatewayEnvironment>;

/**
 * Development mode accepts activities nobody vouches for, so it is asked for by name, never implied by a
 * missing app id, and only on a gateway other machines cannot reach.
 */
function requireSafeTeamsEndpoint(
  env: {
    GATEWAY_HOST: string;
    MICROSOFT_APP_ID?: string | undefined;
    TEAMS_DEVELOPMENT_MODE: boolean;
    FIREBREAK_ADMIN_USERS?: string | undefined;
  },
  context: z.RefinementCtx,
): void {
  if (env.FIREBREAK_ADMIN_USERS)
    context.addIssue({
      code: 'custom',
      path: ['FIREBREAK_ADMIN_USERS'],
      message: 'was replaced by MICROSOFT_TEAMS_ADMIN_USER_IDS (AAD object ids, without the "teams:" prefix)',
    });
  if (!env.TEAMS_DEVELOPMENT_MODE) return;
  if (env.MICROSOFT_APP_ID)
    context.addIssue({
      code: 'custom',
      path: ['TEAMS_DEVELOPMENT_MODE'],
      message:
        'cannot be combined with MICROSOFT_APP_ID (with an app id every activity needs a Bot Framework token)',
    });
  if (!isLoopbackHost(env.GATEWAY_HOST))
    context.addIssue({
      code: 'custom',
      path: ['TEAMS_DEVELOPMENT_MODE'],
      message:
        `accepts unauthenticated Teams activities, so it needs GATEWAY_HOST on loopback ` +
        `(127.0.0.1, ::1 or localhost), not "${env.GATEWAY_HOST}"`,
    });
}

/** Reads and checks the gateway's environment once, naming every variable that is wrong. */
export function loadGatewayConfig(environment: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseEnvironment(gatewayEnvironment, environment);
}

function parseEnvironment<T extends z.ZodType>(schema: T, environment: NodeJS.ProcessEnv): z.output<T> {
  const parsed = schema.safeParse(environment);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    .join('\n');
  throw new ConfigurationError(`Invalid configuration:\n${problems}`);
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Nest injection token for the validated config. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
