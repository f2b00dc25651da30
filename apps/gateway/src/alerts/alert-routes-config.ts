import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { z } from 'zod';
import {
  ALERT_ACTIONS,
  AlertRouting,
  IncidentError,
  SEVERITIES,
  type AlertRouteDefinition,
} from '@firebreak/incident';

/*
 * Routing rules for alerts, from ALERT_ROUTES (JSON) or ALERT_ROUTES_FILE (a YAML or JSON file): either a list of
 * rules or `{ routes: [...] }`. Each rule is checked at start, its matchers' patterns compiled, so a mistake stops
 * the gateway with the rule and field named instead of surfacing when the first alert arrives.
 */

const Route = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  matchers: z.array(z.string().max(2_000)).max(50).optional(),
  action: z.enum(ALERT_ACTIONS, { error: 'must be declare or notify' }),
  severity: z.enum(SEVERITIES).optional(),
  components: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  channel: z.string().trim().min(1).max(300).optional(),
});

const Routes = z.preprocess(
  (value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && 'routes' in value
      ? (value as { routes: unknown }).routes
      : value,
  z.array(Route, { error: 'must be a list of routing rules, or an object whose routes is one' }).max(100),
);

/** Parses rules written as JSON or YAML and checks them, adding one issue per problem found. */
function routingFrom(text: string, context: z.RefinementCtx): AlertRouting {
  let document: unknown;
  try {
    document = load(text);
  } catch (error) {
    context.addIssue({ code: 'custom', message: `is not valid YAML or JSON: ${(error as Error).message}` });
    return z.NEVER;
  }
  const parsed = Routes.safeParse(document);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      context.addIssue({ code: 'custom', message: `${routeField(issue.path)}: ${issue.message}` });
    return z.NEVER;
  }
  try {
    return AlertRouting.from(parsed.data as AlertRouteDefinition[]);
  } catch (error) {
    if (!(error instanceof IncidentError)) throw error;
    context.addIssue({ code: 'custom', message: `${error.field}: ${error.message}` });
    return z.NEVER;
  }
}

/** `routes[1].matchers[0]`, as the rules are written. */
function routeField(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (field, part) => (typeof part === 'number' ? `${field}[${part}]` : `${field}.${String(part)}`),
    'routes',
  );
}

/** The gateway's alert variables (see the README). */
export const ALERTS_ENVIRONMENT = {
  ALERT_ROUTES: z
    .string()
    .optional()
    .transform((value, context) => (value?.trim() ? routingFrom(value, context) : undefined)),
  ALERT_ROUTES_FILE: z
    .string()
    .optional()
    .transform((path, context) => {
      if (!path?.trim()) return undefined;
      let text: string;
      try {
        text = readFileSync(path.trim(), 'utf8');
      } catch (error) {
        context.addIssue({ code: 'custom', message: `cannot be read: ${(error as Error).message}` });
        return z.NEVER;
      }
      return routingFrom(text, context);
    }),
};

/** Rules from one place only: two sources would leave the reader guessing which wins. */
export function requireOneAlertRoutesSource(
  env: { ALERT_ROUTES?: AlertRouting | undefined; ALERT_ROUTES_FILE?: AlertRouting | undefined },
  context: z.RefinementCtx,
): void {
  if (env.ALERT_ROUTES && env.ALERT_ROUTES_FILE)
    context.addIssue({
      code: 'custom',
      path: ['ALERT_ROUTES_FILE'],
      message: 'set ALERT_ROUTES or ALERT_ROUTES_FILE, not both',
    });
}

/** The configured rules; without any, every firing group declares an incident. */
export const alertRoutingOf = (config: {
  ALERT_ROUTES?: AlertRouting | undefined;
  ALERT_ROUTES_FILE?: AlertRouting | undefined;
}): AlertRouting => config.ALERT_ROUTES ?? config.ALERT_ROUTES_FILE ?? AlertRouting.DECLARE_EVERY_GROUP;
