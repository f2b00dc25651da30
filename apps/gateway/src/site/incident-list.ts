import {
  INCIDENT_STATUSES,
  isActive,
  PLATFORMS,
  SEVERITIES,
  type Component,
  type Incident,
  type IncidentStatus,
  type Platform,
  type Severity,
} from '@firebreak/incident';
import { durationText } from '@firebreak/insights';

/** Rows per page of the incidents list. */
export const PAGE_SIZE = 25;
const MAX_SEARCH = 200;

/** The list's filters, read from its query string; anything unreadable is left out rather than refused. */
export interface IncidentFilter {
  readonly status: IncidentStatus | null;
  readonly severity: Severity | null;
  readonly component: string | null;
  readonly platform: Platform | null;
  readonly search: string;
  readonly page: number;
}

export interface IncidentRow {
  readonly ref: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly lead: string | null;
  readonly duration: string;
  readonly open: boolean;
}

export interface IncidentListPage {
  readonly open: IncidentRow[];
  readonly archive: IncidentRow[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | null =>
  typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : null;

export function readIncidentFilter(query: Readonly<Record<string, unknown>>): IncidentFilter {
  const page = typeof query.page === 'string' ? Number(query.page) : Number.NaN;
  return {
    status: oneOf(INCIDENT_STATUSES, query.status),
    severity: oneOf(SEVERITIES, query.severity),
    component: typeof query.component === 'string' && query.component ? query.component.slice(0, 100) : null,
    platform: oneOf(PLATFORMS, query.platform),
    search: typeof query.q === 'string' ? query.q.trim().slice(0, MAX_SEARCH) : '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/**
 * The incidents the filter keeps, open ones first and then the archive of resolved and closed ones, each
 * newest first, one page of them. `incidents` may come in any order.
 */
export function incidentListPage(
  incidents: readonly Incident[],
  filter: IncidentFilter,
  now: Date,
): IncidentListPage {
  const kept = incidents.filter((incident) => matches(incident, filter));
  const newestFirst = (a: Incident, b: Incident) =>
    b.declaredAt.getTime() - a.declaredAt.getTime() || b.number - a.number;
  const ordered = [
    ...kept.filter((incident) => isActive(incident.status)).sort(newestFirst),
    ...kept.filter((incident) => !isActive(incident.status)).sort(newestFirst),
  ];
  const pages = Math.max(1, Math.ceil(ordered.length / PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const rows = ordered
    .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    .map((incident) => rowOf(incident, now));
  return {
    open: rows.filter((row) => row.open),
    archive: rows.filter((row) => !row.open),
    total: ordered.length,
    page,
    pages,
  };
}

function matches(incident: Incident, filter: IncidentFilter): boolean {
  if (filter.status && incident.status !== filter.status) return false;
  if (filter.severity && incident.severity !== filter.severity) return false;
  if (filter.component && !incident.componentIds.includes(filter.component)) return false;
  if (filter.platform && !workedOn(incident, filter.platform)) return false;
  return !filter.search || mentions(incident, filter.search);
}

/** Declared there, or given a channel or thread there. */
function workedOn(incident: Incident, platform: Platform): boolean {
  return (
    incident.declaredIn.platform === platform || incident.spaces.some((space) => space.platform === platform)
  );
}

function mentions(incident: Incident, search: string): boolean {
  const wanted = search.toLocaleLowerCase();
  return [incident.ref, incident.title, incident.summary ?? ''].some((text) =>
    text.toLocaleLowerCase().includes(wanted),
  );
}

/** From its start to its resolution, or to now while it is open. */
export function incidentDuration(incident: Incident, now: Date): string {
  const end = incident.resolvedAt ?? incident.closedAt ?? now;
  return durationText(end.getTime() - incident.startedAt.getTime());
}

function rowOf(incident: Incident, now: Date): IncidentRow {
  return {
    ref: incident.ref,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    lead: incident.roles.lead?.displayName ?? null,
    duration: incidentDuration(incident, now),
    open: isActive(incident.status),
  };
}

/** The choices of the component filter, by name. */
export const componentChoices = (components: readonly Component[]) =>
  components.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
