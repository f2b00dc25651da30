import { IncidentError } from '../errors.js';
import type { Incident } from '../model/incident.js';
import type { Participant, Platform } from '../model/participant.js';

/** The paging tools Firebreak can reach: PagerDuty's Events API, or a signed webhook for any other tool. */
export const PAGERS = ['pagerduty', 'webhook'] as const;
export type PagerKind = (typeof PAGERS)[number];

/**
 * One page of the on-call lead, kept on the incident: where it went (a pager and, when named, a service or
 * escalation policy), who sent it, and what became of it. The pager's own incident is keyed by the incident's
 * reference, so paging one service again changes nothing there.
 */
export interface Page {
  readonly pager: PagerKind;
  /** The service or escalation policy named in `page`; null: the pager's default. */
  readonly service: string | null;
  readonly pagedAt: Date;
  readonly pagedBy: Participant;
  /** When the pager said someone acknowledged it (PagerDuty's webhook), and who. */
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: string | null;
  /** When the incident was resolved with this page open: the pager is told to resolve it too. */
  readonly resolvedAt: Date | null;
}

/** Where an incident's call takes place: a Discord voice channel, a Teams meeting, or a configured link. */
export const CALL_PROVIDERS = ['discord', 'teams', 'link'] as const;
export type CallProvider = (typeof CALL_PROVIDERS)[number];

/** The incident's call: asked for once, its link known at once (a link) or once the platform opened it. */
export interface IncidentCall {
  readonly provider: CallProvider;
  /** Null while the platform opens it. */
  readonly url: string | null;
  readonly requestedAt: Date;
  readonly requestedBy: Participant;
  /** When the incident closed and the call ended with it. */
  readonly endedAt: Date | null;
}

/** What an installation configured for paging: pager names only (routing keys and secrets stay in adapters). */
export interface PagingSettings {
  /** PagerDuty: whether a default routing key is set, and the services that have one of their own. */
  readonly pagerDuty: { readonly hasDefault: boolean; readonly services: readonly string[] } | null;
  /** A signed webhook pager: takes any service or escalation policy name, or none. */
  readonly webhook: boolean;
}

/** What an installation configured for calls. */
export interface CallSettings {
  /** Platforms whose connector opens calls natively (Discord voice channels, Teams meetings). */
  readonly platforms: readonly Platform[];
  /** A link template with `{ref}` (and `{number}`), e.g. `https://meet.jit.si/firebreak-{ref}`: the fallback. */
  readonly urlTemplate: string | null;
}

export interface EngagementSettings {
  readonly paging: PagingSettings;
  readonly calls: CallSettings;
}

export const NO_ENGAGEMENT: EngagementSettings = {
  paging: { pagerDuty: null, webhook: false },
  calls: { platforms: [], urlTemplate: null },
};

export const isPagingConfigured = (paging: PagingSettings): boolean =>
  paging.pagerDuty !== null || paging.webhook;

/** Where a page goes. */
export interface PageTarget {
  readonly pager: PagerKind;
  readonly service: string | null;
}

/**
 * The pager a `page` reaches: a named PagerDuty service (case-insensitive) first, then the webhook (which takes
 * any name), and with no name PagerDuty's default key, else the webhook. Anything else is refused, naming what is
 * configured.
 */
export function pageTargetFor(paging: PagingSettings, service: string | null): PageTarget {
  if (!isPagingConfigured(paging))
    throw IncidentError.invalid(
      'pager',
      'Paging is not configured: set PAGERDUTY_ROUTING_KEY (or PAGER_WEBHOOK_URL) on the gateway.',
    );
  const services = paging.pagerDuty?.services ?? [];
  if (service !== null) {
    const known = services.find((each) => each.toLowerCase() === service.toLowerCase());
    if (known) return { pager: 'pagerduty', service: known };
    if (paging.webhook) return { pager: 'webhook', service };
    throw IncidentError.invalid('service', `No pager is configured for "${service}". ${choices(paging)}`);
  }
  if (paging.pagerDuty?.hasDefault) return { pager: 'pagerduty', service: null };
  if (paging.webhook) return { pager: 'webhook', service: null };
  throw IncidentError.invalid('service', `Name the service to page. ${choices(paging)}`);
}

function choices(paging: PagingSettings): string {
  const services = paging.pagerDuty?.services ?? [];
  return services.length ? `Services: ${services.join(', ')}.` : 'No service has a routing key of its own.';
}

export const samePageTarget = (page: PageTarget, other: PageTarget): boolean =>
  page.pager === other.pager && (page.service ?? '').toLowerCase() === (other.service ?? '').toLowerCase();

/** A page still waiting for the incident to be resolved. */
export const isOpenPage = (page: Page): boolean => page.resolvedAt === null;

/** How a page is named in messages: `PagerDuty (payments)`, `the pager webhook`. */
export function pageTargetName(target: PageTarget): string {
  const pager = target.pager === 'pagerduty' ? 'PagerDuty' : 'the pager webhook';
  return target.service ? `${pager} (${target.service})` : pager;
}

/** The pages of an incident marked resolved at `at`: resolving the incident resolves its open pages. */
export function withPagesResolved(incident: Incident, at: Date): Incident {
  if (!incident.pages?.some(isOpenPage)) return incident;
  return {
    ...incident,
    pages: incident.pages.map((page) => (isOpenPage(page) ? { ...page, resolvedAt: at } : page)),
  };
}

/** The incident with its call ended at `at` (closing ends it; connectors close the room). */
export function withCallEnded(incident: Incident, at: Date): Incident {
  if (!incident.call || incident.call.endedAt) return incident;
  return { ...incident, call: { ...incident.call, endedAt: at } };
}

/** The call link a template gives for an incident: `{ref}` and `{number}` filled in, URL-encoded. */
export function callUrlFrom(template: string, incident: Pick<Incident, 'ref' | 'number'>): string {
  return template
    .split('{ref}')
    .join(encodeURIComponent(incident.ref))
    .split('{number}')
    .join(String(incident.number));
}

/**
 * Who opens the call: the platform the command came from when its connector opens calls and the incident has a
 * space there, else the one it was declared on, else the configured link. Null: no way to open one.
 */
export function callProviderFor(
  calls: CallSettings,
  incident: Incident,
  from: Platform | null,
): CallProvider | null {
  const candidates = [from, incident.declaredIn.platform, ...incident.spaces.map((space) => space.platform)];
  for (const platform of candidates) {
    if (platform === 'discord' || platform === 'teams')
      if (calls.platforms.includes(platform) && incident.spaces.some((space) => space.platform === platform))
        return platform;
  }
  return calls.urlTemplate ? 'link' : null;
}
