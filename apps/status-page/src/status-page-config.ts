import { hostname } from 'node:os';
import { z } from 'zod';
import { withoutTrailingSlashes } from '@firebreak/incident';
import { OPERATIONS_ENVIRONMENT } from '@firebreak/operations';
import { parseImageHosts } from './site/image-sources.js';

const colour = (fallback: string) =>
  z
    .string()
    .regex(/^#[\da-f]{6}$/i, 'must be a colour such as #2563eb')
    .default(fallback);
const optionalUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .optional()
  .or(z.literal('').transform(() => undefined));

const statusPageEnvironment = z.object({
  STATUS_PAGE_PORT: z.coerce
    .number()
    .int()
    .min(0, 'must be a port number')
    .max(65535, 'must be a port number')
    .default(3000),
  // Loopback unless told otherwise (docker-compose.yml sets 0.0.0.0 for its containers).
  STATUS_PAGE_HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  /** Branding: the page's name, public base URL, logo, colours and support link. */
  STATUS_PAGE_NAME: z.string().trim().min(1).max(100).default('Firebreak Status'),
  STATUS_PAGE_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .default('http://localhost:3000')
    .transform(withoutTrailingSlashes),
  STATUS_PAGE_ID: z
    .string()
    .regex(/^[\w-]{1,40}$/, 'must be 1-40 letters, digits, - or _')
    .default('firebreak'),
  STATUS_PAGE_TIME_ZONE: z.string().default('Etc/UTC'),
  STATUS_PAGE_LOGO_URL: optionalUrl,
  STATUS_PAGE_SUPPORT_URL: optionalUrl,
  /** The gateway's public subscription endpoint (`…/api/v1/subscriptions`); set, the home page shows a subscribe form. */
  STATUS_PAGE_SUBSCRIBE_URL: optionalUrl,
  /**
   * Hosts write-up images may load from besides the page itself (comma-separated, https): the Markdown
   * sanitizer drops other images and the Content-Security-Policy's img-src lists the same hosts.
   */
  STATUS_PAGE_IMAGE_HOSTS: z
    .string()
    .default('')
    .transform((text, context) => {
      const parsed = parseImageHosts(text);
      if ('hosts' in parsed) return parsed.hosts;
      context.addIssue({
        code: 'custom',
        message: `"${parsed.invalid}" is not a host name (give names like images.example.com, comma-separated)`,
      });
      return z.NEVER;
    }),
  STATUS_PAGE_ACCENT_COLOUR: colour('#1d4ed8'),
  STATUS_PAGE_ACCENT_COLOUR_DARK: colour('#93c5fd'),
  /** Idle pause of the outbox relay that invalidates caches and feeds live pages (ms). */
  STATUS_PAGE_OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(100),
  /**
   * Names this replica's render-cache consumer, so every replica drops its own cache when something is
   * published (live pushes already reach every replica through Redis). Default: host name and process id.
   */
  STATUS_PAGE_REPLICA_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'may use letters, digits, ".", "-" and "_" (64 at most)')
    .default(`${hostname().slice(0, 40)}-${process.pid}`),
  STATUS_PAGE_HISTORY_MONTHS_PER_PAGE: z.coerce.number().int().min(1).max(24).default(3),
  // Production mode: Redis, logs, readiness, shutdown (see @firebreak/operations).
  ...OPERATIONS_ENVIRONMENT,
});

export type StatusPageConfig = z.output<typeof statusPageEnvironment>;

export const STATUS_PAGE_CONFIG = Symbol('STATUS_PAGE_CONFIG');

export class StatusPageConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function loadStatusPageConfig(environment: NodeJS.ProcessEnv = process.env): StatusPageConfig {
  const parsed = statusPageEnvironment.safeParse(environment);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    .join('\n');
  throw new StatusPageConfigurationError(`Invalid configuration:\n${problems}`);
}
