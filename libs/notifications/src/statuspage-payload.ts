import {
  DEFAULT_PUBLIC_IMPACT,
  isPublicImpact,
  type DomainEventPayloads,
  type IncidentJson,
  type OutboxEvent,
  type OutboxEventOf,
  type PublicImpact,
  type StatusUpdateJson,
  type WriteUpAnnouncement,
} from '@firebreak/incident';
import {
  shownComponent,
  v2Component,
  v2IncidentUpdate,
  v2Status,
  type PublicUpdate,
  type ShownComponents,
} from '@firebreak/status';

/** The status page as subscribers see it in payloads and emails. */
export interface PageIdentity {
  readonly id: string;
  readonly name: string;
  /** Public base URL of the status page, without a trailing slash. */
  readonly url: string;
}

/**
 * The Statuspage subscriber-webhook body for an outbox event (field names and values as Atlassian Statuspage
 * sends them, so receivers written for it work unchanged), without `meta`, which is per subscriber (its
 * unsubscribe link). `shown` is what the page shows of the components as the event is sent: the page indicator
 * and every component object are built by the same functions as the JSON API's, so a subscriber and a client of
 * `/api/v2` read the same. Null for events subscribers do not hear about.
 */
export function statuspagePayload(
  event: OutboxEvent,
  page: PageIdentity,
  shown: ShownComponents,
): StatuspageWebhookBody | null {
  switch (event.type) {
    case 'status_update.published':
      return updatePayload(event.payload, page, shown);
    case 'write_up.published':
      return 'announce' in event.payload ? postmortemPayload(event.payload, page, shown) : null;
    case 'component.status_changed':
      return componentPayload(event, page, shown);
    default:
      return null;
  }
}

const pageBlock = (page: PageIdentity, shown: ShownComponents) => {
  const { indicator, description } = v2Status(shown);
  return { id: page.id, status_indicator: indicator, status_description: description };
};

/** The incident's components as the JSON API lists them in its incidents. */
const incidentComponents = (page: PageIdentity, shown: ShownComponents, incident: IncidentJson) =>
  shown.components
    .filter((component) => incident.componentIds.includes(component.id))
    .map((component) => v2Component(page, component));

function updatePayload(
  { incident, update }: DomainEventPayloads['status_update.published'],
  page: PageIdentity,
  shown: ShownComponents,
): IncidentWebhookBody {
  const status =
    incident.status === 'closed' ? 'resolved' : update.status === 'closed' ? 'resolved' : update.status;
  return {
    page: pageBlock(page, shown),
    incident: webhookIncident(page, incident, {
      status,
      updatedAt: update.publishedAt,
      updates: [incidentUpdate(incident.ref, update, status)],
      components: incidentComponents(page, shown, incident),
      postmortemBody: null,
      postmortemPublishedAt: null,
    }),
  };
}

function componentPayload(
  event: OutboxEventOf<'component.status_changed'>,
  page: PageIdentity,
  shown: ShownComponents,
) {
  const { component, oldStatus, newStatus } = event.payload;
  const stored = {
    ...component,
    createdAt: new Date(component.createdAt),
    updatedAt: new Date(component.updatedAt),
  };
  return {
    page: pageBlock(page, shown),
    component_update: {
      old_status: oldStatus,
      new_status: newStatus,
      created_at: event.occurredAt.toISOString(),
      component_type: 'Component',
      id: `${component.id}-${event.position}`,
      component_id: component.id,
    },
    component: v2Component(page, shownComponent(stored, shown.underMaintenance.has(component.id))),
  };
}

/** A subscriber webhook's body about an incident: an update, or its published post-mortem. */
export type IncidentWebhookBody = {
  readonly page: ReturnType<typeof pageBlock>;
  readonly incident: ReturnType<typeof webhookIncident>;
};
export type ComponentWebhookBody = ReturnType<typeof componentPayload>;
export type StatuspageWebhookBody = IncidentWebhookBody | ComponentWebhookBody;

/**
 * The body of a queued event delivery, as `statuspagePayload` wrote it (the queue stores it as JSON and hands
 * it back untyped). Only the fan-out queues event deliveries, and only with these bodies.
 */
export function queuedWebhookBody(payload: Readonly<Record<string, unknown>>): StatuspageWebhookBody {
  return payload as unknown as StatuspageWebhookBody;
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
function postmortemPayload(
  announcement: WriteUpAnnouncement,
  page: PageIdentity,
  shown: ShownComponents,
): IncidentWebhookBody {
  const { incident, latestUpdate: latest, publishedAt } = announcement;
  return {
    page: pageBlock(page, shown),
    incident: webhookIncident(page, incident, {
      status: 'postmortem',
      updatedAt: publishedAt,
      updates: latest
        ? [incidentUpdate(incident.ref, latest, latest.status === 'closed' ? 'resolved' : latest.status)]
        : [],
      components: incidentComponents(page, shown, incident),
      postmortemBody: announcement.markdown,
      postmortemPublishedAt: publishedAt,
    }),
  };
}

/** What differs between the incidents of an update webhook and of a post-mortem webhook. */
interface WebhookIncidentParts {
  readonly status: PublicUpdate['status'];
  readonly updatedAt: string;
  readonly updates: readonly ReturnType<typeof incidentUpdate>[];
  readonly components: readonly ReturnType<typeof v2Component>[];
  readonly postmortemBody: string | null;
  readonly postmortemPublishedAt: string | null;
}

/** The Statuspage `incident` object of a subscriber webhook, in Statuspage's field order. */
function webhookIncident(page: PageIdentity, incident: IncidentJson, parts: WebhookIncidentParts) {
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
function incidentUpdate(ref: string, update: StatusUpdateJson, status: PublicUpdate['status']) {
  return v2IncidentUpdate(ref, {
    id: String(update.id),
    status,
    body: update.body,
    at: new Date(update.publishedAt),
    affectedComponents: update.affectedComponents,
  });
}
