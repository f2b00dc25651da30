import {
  DEFAULT_PUBLIC_IMPACT,
  isPublicImpact,
  type OutboxEvent,
  type PublicImpact,
} from '@firebreak/incident';
import { type PublicUpdate, v2IncidentUpdate } from '@firebreak/status';

/** The status page as subscribers see it in payloads and emails. */
export interface PageIdentity {
  readonly id: string;
  readonly name: string;
  /** Public base URL of the status page, without a trailing slash. */
  readonly url: string;
}

/** The page indicator of an update's webhook, from the public impact the communications lead chose. */
const INDICATOR: Readonly<Record<string, [string, string]>> = {
  none: ['none', 'All Systems Operational'],
  critical: ['critical', 'Major System Outage'],
  major: ['major', 'Partial System Outage'],
  minor: ['minor', 'Minor Service Outage'],
};
const COMPONENT_INDICATOR: Readonly<Record<string, [string, string]>> = {
  operational: ['none', 'All Systems Operational'],
  degraded_performance: ['minor', 'Degraded System Service'],
  partial_outage: ['major', 'Partial System Outage'],
  major_outage: ['critical', 'Major System Outage'],
  under_maintenance: ['maintenance', 'Service Under Maintenance'],
};

/**
 * The incident as events carry it. Only its public facts may reach subscribers: `publicTitle` and
 * `publicImpact`, never the internal title or severity it also carries.
 */
interface IncidentJson {
  ref: string;
  publicTitle: string | null;
  publicImpact: string | null;
  status: string;
  componentIds: string[];
  declaredAt: string;
  startedAt?: string;
  updatedAt: string;
  resolvedAt: string | null;
}
interface UpdateJson {
  id: number;
  body: string;
  status: string;
  publishedAt: string;
  affectedComponents: { componentId: string; name: string; oldStatus: string; newStatus: string }[];
}
interface ComponentJson {
  id: string;
  name: string;
  status: string;
  description: string | null;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * The Statuspage subscriber-webhook body for an outbox event (see shared/STATUSPAGE.md), without `meta`, which
 * is per subscriber (its unsubscribe link). Null for events subscribers do not hear about.
 */
export function statuspagePayload(event: OutboxEvent, page: PageIdentity): Record<string, unknown> | null {
  if (event.type === 'status_update.published') {
    const incident = event.payload['incident'] as IncidentJson;
    const update = event.payload['update'] as UpdateJson;
    const status =
      incident.status === 'closed' ? 'resolved' : update.status === 'closed' ? 'resolved' : update.status;
    const [indicator, description] = INDICATOR[impactOf(incident)]!;
    const v2Update = incidentUpdate(incident.ref, update, status);
    return {
      page: { id: page.id, status_indicator: indicator, status_description: description },
      incident: webhookIncident(page, incident, {
        status,
        updatedAt: update.publishedAt,
        updates: [v2Update],
        components: update.affectedComponents.map((affected) => ({
          id: affected.componentId,
          name: affected.name,
          status: affected.newStatus,
          page_id: page.id,
        })),
        postmortemBody: null,
        postmortemPublishedAt: null,
      }),
    };
  }
  if (event.type === 'write_up.published') return postmortemPayload(event, page);
  if (event.type === 'component.status_changed') {
    const component = event.payload['component'] as ComponentJson;
    const [indicator, description] = COMPONENT_INDICATOR[component.status] ?? [
      'minor',
      'Minor Service Outage',
    ];
    return {
      page: { id: page.id, status_indicator: indicator, status_description: description },
      component_update: {
        old_status: event.payload['oldStatus'],
        new_status: event.payload['newStatus'],
        created_at: event.occurredAt.toISOString(),
        component_type: 'Component',
        id: `${component.id}-${event.position}`,
        component_id: component.id,
      },
      component: {
        id: component.id,
        name: component.name,
        status: component.status,
        created_at: component.createdAt,
        updated_at: component.updatedAt,
        position: component.position,
        description: component.description,
        showcase: true,
        start_date: component.createdAt.slice(0, 10),
        group_id: null,
        page_id: page.id,
        group: false,
        only_show_if_degraded: false,
      },
    };
  }
  return null;
}

/** Adds the per-subscriber `meta` block. */
export function withMeta(
  payload: Readonly<Record<string, unknown>>,
  unsubscribeUrl: string,
  documentationUrl: string,
  generatedAt: Date,
): Record<string, unknown> {
  return {
    meta: {
      unsubscribe: unsubscribeUrl,
      documentation: documentationUrl,
      generated_at: generatedAt.toISOString(),
    },
    ...payload,
  };
}

/**
 * A published post-incident write-up, announced like Statuspage announces a post-mortem: the incident (with its
 * newest update) in status `postmortem`, carrying the public write-up as `postmortem_body`.
 */
function postmortemPayload(event: OutboxEvent, page: PageIdentity): Record<string, unknown> | null {
  const incident = event.payload['incident'] as IncidentJson | undefined;
  if (!incident) return null;
  const latest = event.payload['latestUpdate'] as UpdateJson | null;
  const publishedAt = String(event.payload['publishedAt']);
  const [indicator, description] = COMPONENT_INDICATOR['operational']!;
  return {
    page: { id: page.id, status_indicator: indicator, status_description: description },
    incident: webhookIncident(page, incident, {
      status: 'postmortem',
      updatedAt: publishedAt,
      updates: latest
        ? [incidentUpdate(incident.ref, latest, latest.status === 'closed' ? 'resolved' : latest.status)]
        : [],
      components: [],
      postmortemBody: String(event.payload['markdown'] ?? ''),
      postmortemPublishedAt: publishedAt,
    }),
  };
}

/** What differs between the incidents of an update webhook and of a post-mortem webhook. */
interface WebhookIncidentParts {
  readonly status: string;
  readonly updatedAt: string;
  readonly updates: readonly unknown[];
  readonly components: readonly unknown[];
  readonly postmortemBody: string | null;
  readonly postmortemPublishedAt: string | null;
}

/** The Statuspage `incident` object of a subscriber webhook, in Statuspage's field order. */
function webhookIncident(
  page: PageIdentity,
  incident: IncidentJson,
  parts: WebhookIncidentParts,
): Record<string, unknown> {
  return {
    id: incident.ref,
    name: incident.publicTitle ?? `Incident ${incident.ref}`,
    status: parts.status,
    created_at: incident.declaredAt,
    updated_at: parts.updatedAt,
    monitoring_at: null,
    resolved_at: incident.resolvedAt,
    impact: impactOf(incident),
    shortlink: `${page.url}/incidents/${incident.ref}`,
    started_at: incident.startedAt ?? incident.declaredAt,
    page_id: page.id,
    incident_updates: parts.updates,
    components: parts.components,
    reminder_intervals: null,
    postmortem_body: parts.postmortemBody,
    postmortem_published_at: parts.postmortemPublishedAt,
  };
}

const impactOf = (incident: IncidentJson): PublicImpact =>
  incident.publicImpact && isPublicImpact(incident.publicImpact)
    ? incident.publicImpact
    : DEFAULT_PUBLIC_IMPACT;

/** A published status update from an event payload, as the status page's JSON API shows it. */
function incidentUpdate(ref: string, update: UpdateJson, status: string): Record<string, unknown> {
  return v2IncidentUpdate(ref, {
    id: String(update.id),
    status: status as PublicUpdate['status'],
    body: update.body,
    at: new Date(update.publishedAt),
    affectedComponents: (update.affectedComponents ?? []) as PublicUpdate['affectedComponents'],
  });
}
