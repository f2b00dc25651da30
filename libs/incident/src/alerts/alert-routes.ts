import { IncidentError } from '../errors.js';
import type { ChatLocation } from '../model/incident.js';
import type { Severity } from '../model/severity.js';
import { parseLabelMatcher, type LabelMatcher, type Labels } from './label-matcher.js';

export const ALERT_ACTIONS = ['declare', 'notify'] as const;
/** `declare` an incident for the group, or only `notify` the incidents channel. */
type AlertAction = (typeof ALERT_ACTIONS)[number];

/** A routing rule as written in configuration (JSON or YAML), its shape already checked. */
export interface AlertRouteDefinition {
  readonly name?: string | undefined;
  /** Alertmanager matchers on the group's common labels, all of which must match; none matches every group. */
  readonly matchers?: readonly string[] | undefined;
  readonly action: AlertAction;
  /** The declared incident's severity (default: Firebreak's usual). */
  readonly severity?: Severity | undefined;
  /** Components (names or ids) the declared incident affects. */
  readonly components?: readonly string[] | undefined;
  /** Which incidents channel: `discord:<channel id>` or `teams:<conversation id>`; default every platform's. */
  readonly channel?: string | undefined;
}

/** A routing rule, ready to match. */
export interface AlertRoute {
  readonly name: string;
  readonly matchers: readonly LabelMatcher[];
  readonly action: AlertAction;
  readonly severity: Severity | null;
  readonly components: readonly string[];
  readonly channel: ChatLocation | null;
}

/** Rules in order: a group takes the first whose matchers all match its common labels. */
export class AlertRouting {
  /** Without configured rules, every firing group declares an incident. */
  static readonly DECLARE_EVERY_GROUP = new AlertRouting([
    { name: 'default', matchers: [], action: 'declare', severity: null, components: [], channel: null },
  ]);

  constructor(readonly routes: readonly AlertRoute[]) {}

  /** Checks every rule, naming the first field at fault (`routes[2].matchers[0]`). */
  static from(definitions: readonly AlertRouteDefinition[]): AlertRouting {
    return new AlertRouting(definitions.map((definition, index) => alertRoute(definition, index)));
  }

  routeFor(labels: Labels): AlertRoute | null {
    return this.routes.find((route) => route.matchers.every((matcher) => matcher.matches(labels))) ?? null;
  }
}

function alertRoute(definition: AlertRouteDefinition, index: number): AlertRoute {
  const field = `routes[${index}]`;
  const matchers = (definition.matchers ?? []).map((text, position) => {
    try {
      return parseLabelMatcher(text);
    } catch (error) {
      throw renamed(error, `${field}.matchers[${position}]`);
    }
  });
  return {
    name: definition.name ?? `route ${index + 1}`,
    matchers,
    action: definition.action,
    severity: definition.severity ?? null,
    components: definition.components ?? [],
    channel: definition.channel === undefined ? null : chatChannel(definition.channel, `${field}.channel`),
  };
}

/** `discord:<channel id>` or `teams:<conversation id>`, the ids `setup` records for an incidents channel. */
function chatChannel(text: string, field: string): ChatLocation {
  const colon = text.indexOf(':');
  const platform = text.slice(0, colon);
  const channelId = text.slice(colon + 1).trim();
  if (colon > 0 && channelId && (platform === 'discord' || platform === 'teams'))
    return { platform, channelId };
  throw IncidentError.invalid(
    field,
    `"${text}" is not an incidents channel: write discord:<channel id> or teams:<conversation id>.`,
  );
}

function renamed(error: unknown, field: string): unknown {
  return error instanceof IncidentError ? IncidentError.invalid(field, error.message) : error;
}
