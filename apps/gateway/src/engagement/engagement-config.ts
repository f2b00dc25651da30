import { z } from 'zod';
import { MAX_SERVICE_NAME_LENGTH, type EngagementSettings, type Platform } from '@firebreak/incident';

/*
 * Paging the on-call lead and opening calls. Routing keys and secrets stay here and in the adapters; the domain
 * learns only which pagers and services exist.
 */

/** PagerDuty's Events API v2 endpoint; tests point PAGERDUTY_EVENTS_URL at a loopback fake. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** An integration key: PagerDuty's are 32 characters; anything without spaces or commas is passed on as is. */
const routingKey = z
  .string()
  .trim()
  .regex(/^[^\s,=]{8,128}$/, 'must be an integration key (8–128 characters, no spaces, commas or "=")');

const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/** `service=key,…`: each service's own routing key, by the name `page` takes. */
const routingKeys = z
  .string()
  .optional()
  .transform((value, context) => {
    const keys = new Map<string, string>();
    for (const entry of (value ?? '')
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean)) {
      const equals = entry.lastIndexOf('=');
      const service = equals > 0 ? entry.slice(0, equals).trim() : '';
      const key = routingKey.safeParse(equals > 0 ? entry.slice(equals + 1) : '');
      if (!service || service.length > MAX_SERVICE_NAME_LENGTH || !key.success) {
        context.addIssue({
          code: 'custom',
          message: `"${entry.slice(0, 40)}…" must be service=routing-key (a name of 1–${MAX_SERVICE_NAME_LENGTH} characters, an integration key)`,
        });
        continue;
      }
      if ([...keys.keys()].some((each) => each.toLowerCase() === service.toLowerCase()))
        context.addIssue({ code: 'custom', message: `service "${service}" is listed twice` });
      keys.set(service, key.data);
    }
    return keys;
  });

/** Comma-separated webhook secrets: PagerDuty signs with each of a subscription's secrets while one is rotated. */
const secrets = z
  .string()
  .optional()
  .transform((value, context) => {
    const list = (value ?? '')
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean);
    if (list.some((secret) => secret.length < 16))
      context.addIssue({ code: 'custom', message: 'each secret must be at least 16 characters' });
    return list;
  });

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http(s) URL such as ${example}` }).optional();

export const ENGAGEMENT_ENVIRONMENT = {
  PAGERDUTY_ROUTING_KEY: routingKey.optional(),
  PAGERDUTY_ROUTING_KEYS: routingKeys,
  PAGERDUTY_EVENTS_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(PAGERDUTY_EVENTS_URL),
  PAGERDUTY_WEBHOOK_SECRETS: secrets,
  PAGER_WEBHOOK_URL: httpUrl('https://pager.example.com/firebreak'),
  PAGER_WEBHOOK_SECRET: optionalText,
  CALL_URL_TEMPLATE: httpUrl('https://meet.jit.si/firebreak-{ref}'),
  TEAMS_MEETING_ORGANIZER_ID: optionalText,
};

interface EngagementEnvironment {
  PAGERDUTY_ROUTING_KEY?: string | undefined;
  PAGERDUTY_ROUTING_KEYS: Map<string, string>;
  PAGERDUTY_WEBHOOK_SECRETS: string[];
  PAGER_WEBHOOK_URL?: string | undefined;
  PAGER_WEBHOOK_SECRET?: string | undefined;
  CALL_URL_TEMPLATE?: string | undefined;
  TEAMS_MEETING_ORGANIZER_ID?: string | undefined;
  MICROSOFT_APP_ID?: string | undefined;
  MICROSOFT_APP_PASSWORD?: string | undefined;
}

/** The pairs that only make sense together, each problem named by its variable. */
export function requireCompleteEngagementConfig(env: EngagementEnvironment, context: z.RefinementCtx): void {
  const issue = (path: string, message: string) =>
    context.addIssue({ code: 'custom', path: [path], message });
  if (env.PAGER_WEBHOOK_URL && !env.PAGER_WEBHOOK_SECRET)
    issue('PAGER_WEBHOOK_SECRET', 'required with PAGER_WEBHOOK_URL: every page is signed with it');
  if (env.PAGER_WEBHOOK_SECRET && !env.PAGER_WEBHOOK_URL)
    issue('PAGER_WEBHOOK_URL', 'required with PAGER_WEBHOOK_SECRET: where to send pages');
  if (env.PAGER_WEBHOOK_SECRET && env.PAGER_WEBHOOK_SECRET.length < 16)
    issue('PAGER_WEBHOOK_SECRET', 'must be at least 16 characters');
  if (env.PAGERDUTY_WEBHOOK_SECRETS.length && !hasPagerDuty(env))
    issue(
      'PAGERDUTY_WEBHOOK_SECRETS',
      'acknowledgements arrive only for pages Firebreak sent: set PAGERDUTY_ROUTING_KEY or PAGERDUTY_ROUTING_KEYS too',
    );
  if (env.CALL_URL_TEMPLATE && !/\{(?:ref|number)\}/.test(env.CALL_URL_TEMPLATE))
    issue('CALL_URL_TEMPLATE', 'must contain {ref} or {number}, so each incident gets a room of its own');
  if (env.TEAMS_MEETING_ORGANIZER_ID && (!env.MICROSOFT_APP_ID || !env.MICROSOFT_APP_PASSWORD))
    issue(
      'TEAMS_MEETING_ORGANIZER_ID',
      'needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (meetings are created through Graph as the app)',
    );
}

const hasPagerDuty = (env: EngagementEnvironment): boolean =>
  Boolean(env.PAGERDUTY_ROUTING_KEY) || env.PAGERDUTY_ROUTING_KEYS.size > 0;

/** What the domain needs to know: which pagers and services exist, and who opens calls. */
export function engagementSettingsFrom(
  env: EngagementEnvironment & { DISCORD_TOKEN?: string | undefined },
): EngagementSettings {
  const platforms: Platform[] = [];
  if (env.DISCORD_TOKEN) platforms.push('discord');
  if (env.TEAMS_MEETING_ORGANIZER_ID) platforms.push('teams');
  return {
    paging: {
      pagerDuty: hasPagerDuty(env)
        ? { hasDefault: Boolean(env.PAGERDUTY_ROUTING_KEY), services: [...env.PAGERDUTY_ROUTING_KEYS.keys()] }
        : null,
      webhook: Boolean(env.PAGER_WEBHOOK_URL),
    },
    calls: { platforms, urlTemplate: env.CALL_URL_TEMPLATE ?? null },
  };
}
