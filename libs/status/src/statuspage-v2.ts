import type { ShownComponent, ShownGroup } from './shown-components.js';
import type {
  OverallStatus,
  PublicIncident,
  PublicMaintenance,
  PublicUpdate,
  StatusSnapshot,
} from './public-status.js';

/** The page's identity in Statuspage v2 documents. */
export interface StatusPageIdentity {
  readonly id: string;
  readonly name: string;
  /** Public base URL, without a trailing slash. */
  readonly url: string;
  readonly timeZone: string;
}

/*
 * Atlassian Statuspage v2 shapes: same field names and value sets, so existing
 * aggregators and client libraries read them unchanged. Timestamps are ISO 8601 with milliseconds.
 */
const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

function v2Page(identity: StatusPageIdentity, snapshot: StatusSnapshot) {
  return {
    id: identity.id,
    name: identity.name,
    url: identity.url,
    time_zone: identity.timeZone,
    updated_at: iso(snapshot.updatedAt),
  };
}

/** The overall indicator and its wording: the JSON API's `status` and the subscriber webhooks' `page`. */
export const v2Status = (shown: { readonly overall: OverallStatus }) => ({
  indicator: shown.overall.indicator,
  description: shown.overall.description,
});

/** Flat, Statuspage-style: a group is a row with `group: true` and its children's ids; children carry `group_id`. */
function v2Components(identity: StatusPageIdentity, snapshot: StatusSnapshot) {
  const rows: { position: number; row: Record<string, unknown> }[] = [
    ...snapshot.groups.map((group) => ({ position: group.position, row: v2Group(identity, group) })),
    ...snapshot.components.map((component) => ({
      position: component.position,
      row: v2Component(identity, component),
    })),
  ];
  return rows.sort((a, b) => a.position - b.position).map(({ row }) => row);
}

/**
 * The one Statuspage component object: the JSON API's component rows and the subscriber webhooks' `component`
 * (and an incident's `components`) are all built here, so they never disagree.
 */
export function v2Component(identity: Pick<StatusPageIdentity, 'id'>, component: ShownComponent) {
  return {
    id: component.id,
    name: component.name,
    status: component.status,
    created_at: iso(component.createdAt),
    updated_at: iso(component.updatedAt),
    position: component.position,
    description: component.description,
    showcase: true,
    start_date: component.createdAt.toISOString().slice(0, 10),
    group_id: component.groupId,
    page_id: identity.id,
    group: false,
    only_show_if_degraded: false,
  };
}

function v2Group(identity: StatusPageIdentity, group: ShownGroup) {
  return {
    id: group.id,
    name: group.name,
    status: group.status,
    created_at: iso(group.createdAt),
    updated_at: iso(group.updatedAt),
    position: group.position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: identity.id,
    group: true,
    only_show_if_degraded: false,
    components: group.componentIds,
  };
}

/** One Statuspage `incident_update`; the JSON API and the subscriber webhooks both use it, so ids match. */
export function v2IncidentUpdate(incidentId: string, update: PublicUpdate) {
  return {
    id: update.id,
    status: update.status,
    body: update.body,
    incident_id: incidentId,
    created_at: iso(update.at),
    updated_at: iso(update.at),
    display_at: iso(update.at),
    affected_components: update.affectedComponents.length
      ? update.affectedComponents.map((affected) => ({
          code: affected.componentId,
          name: affected.name,
          old_status: affected.oldStatus,
          new_status: affected.newStatus,
        }))
      : null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

function componentsOf(identity: StatusPageIdentity, snapshot: StatusSnapshot, ids: readonly string[]) {
  return snapshot.components
    .filter((component) => ids.includes(component.id))
    .map((component) => v2Component(identity, component));
}

function v2Incident(identity: StatusPageIdentity, snapshot: StatusSnapshot, incident: PublicIncident) {
  return {
    id: incident.ref,
    name: incident.title,
    status: incident.status,
    created_at: iso(incident.createdAt),
    updated_at: iso(incident.updatedAt),
    monitoring_at: iso(incident.monitoringAt),
    resolved_at: iso(incident.resolvedAt),
    impact: incident.impact,
    shortlink: `${identity.url}/incidents/${incident.ref}`,
    started_at: iso(incident.startedAt),
    page_id: identity.id,
    incident_updates: incident.updates.map((update) => v2IncidentUpdate(incident.ref, update)),
    components: componentsOf(identity, snapshot, incident.componentIds),
    reminder_intervals: null,
  };
}

function v2Maintenance(
  identity: StatusPageIdentity,
  snapshot: StatusSnapshot,
  maintenance: PublicMaintenance,
) {
  return {
    id: maintenance.id,
    name: maintenance.title,
    status: maintenance.status,
    created_at: iso(maintenance.createdAt),
    updated_at: iso(maintenance.updatedAt),
    monitoring_at: null,
    resolved_at: maintenance.status === 'completed' ? iso(maintenance.scheduledUntil) : null,
    impact: 'maintenance',
    shortlink: `${identity.url}/#maintenance-${maintenance.id}`,
    started_at: iso(maintenance.scheduledFor),
    page_id: identity.id,
    incident_updates: maintenance.updates.map((update) => v2IncidentUpdate(maintenance.id, update)),
    components: componentsOf(identity, snapshot, maintenance.componentIds),
    scheduled_for: iso(maintenance.scheduledFor),
    scheduled_until: iso(maintenance.scheduledUntil),
    reminder_intervals: null,
  };
}

const UNRESOLVED = new Set(['investigating', 'identified', 'monitoring']);
const LIMIT = 50;

/** Every document of the v2 API, by its path under `/api/v2/`. */
export function statuspageV2Documents(
  identity: StatusPageIdentity,
  snapshot: StatusSnapshot,
): Record<string, unknown> {
  const page = v2Page(identity, snapshot);
  const status = v2Status(snapshot);
  const components = v2Components(identity, snapshot);
  const incidents = snapshot.incidents.map((incident) => v2Incident(identity, snapshot, incident));
  const unresolved = incidents.filter((incident) => UNRESOLVED.has(incident.status));
  // Upcoming soonest first, like Statuspage; the full list latest start first.
  const maintenances = snapshot.maintenances.map((each) => v2Maintenance(identity, snapshot, each));
  const upcoming = maintenances.filter((each) => each.status === 'scheduled').reverse();
  const active = maintenances.filter((each) => each.status === 'in_progress');
  return {
    'summary.json': {
      page,
      status,
      components,
      incidents: unresolved,
      scheduled_maintenances: [...active, ...upcoming],
    },
    'status.json': { page, status },
    'components.json': { page, components },
    'incidents.json': { page, incidents: incidents.slice(0, LIMIT) },
    'incidents/unresolved.json': { page, incidents: unresolved },
    'scheduled-maintenances.json': { page, scheduled_maintenances: maintenances.slice(0, LIMIT) },
    'scheduled-maintenances/upcoming.json': { page, scheduled_maintenances: upcoming },
    'scheduled-maintenances/active.json': { page, scheduled_maintenances: active },
  };
}
