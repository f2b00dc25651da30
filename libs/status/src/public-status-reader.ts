import {
  DEFAULT_PUBLIC_IMPACT,
  maintenanceStatus,
  nextMaintenanceBoundary,
  type Clock,
  type Component,
  type Incident,
  type IncidentStatus,
  type Maintenance,
  type StatusUpdate,
  type UnitOfWork,
  type WriteUp,
} from '@firebreak/incident';
import { overallStatus } from './overall-status.js';
import { componentsUnderMaintenance, shownComponent, shownGroups } from './shown-components.js';
import type {
  PublicComponent,
  PublicGroup,
  PublicIncident,
  PublicIncidentStatus,
  PublicMaintenance,
  PublicUpdate,
  PublicWriteUp,
  StatusSnapshot,
} from './public-status.js';
import { componentUptime, DAY_MS, groupUptime, startOfUtcDay, type IncidentSpan } from './uptime.js';

export interface PublicStatusReaderOptions {
  /** Days in the uptime bars (default 90). */
  readonly uptimeDays?: number;
  /** Most public incidents (those with a published update) read (default 500), newest first. */
  readonly incidentLimit?: number;
  /** Most maintenances read (default 200). */
  readonly maintenanceLimit?: number;
  /** A snapshot goes stale after this long at most, so clock-driven changes show (default 60 s). */
  readonly maxAgeMs?: number;
}

/**
 * Builds the public read model from the domain's stores. It copies only public facts: an incident's public
 * title and public impact (chosen by the communications lead), status, components and published updates
 * (text, status, time) — never the internal title or severity, the timeline, roles, people, summaries,
 * internal impact notes or unpublished write-ups. An incident is public once it has at least one published
 * update, and a write-up links to its incident only then.
 */
export class PublicStatusReader {
  private readonly uptimeDays: number;
  private readonly incidentLimit: number;
  private readonly maintenanceLimit: number;
  private readonly maxAgeMs: number;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    options: PublicStatusReaderOptions = {},
  ) {
    this.uptimeDays = options.uptimeDays ?? 90;
    this.incidentLimit = options.incidentLimit ?? 500;
    this.maintenanceLimit = options.maintenanceLimit ?? 200;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
  }

  async snapshot(): Promise<StatusSnapshot> {
    const now = this.clock.now();
    const windowStart = new Date(startOfUtcDay(now).getTime() - (this.uptimeDays - 1) * DAY_MS);
    const stored = await this.unitOfWork.read(async (stores) => {
      // Internal-only incidents never take a public incident's place, and updates come in one read.
      const incidents = await stores.incidents.list({ published: true, limit: this.incidentLimit });
      const updates = groupByIncident(
        await stores.updates.listForIncidents(incidents.map((incident) => incident.ref)),
      );
      return {
        components: await stores.components.list(),
        changes: await stores.components.changesSince(windowStart),
        incidents: incidents.map((incident) => ({
          incident,
          updates: updates.get(incident.ref) ?? [],
        })),
        maintenances: await stores.maintenances.list({ limit: this.maintenanceLimit }),
        writeUps: await stores.writeUps.listPublished(),
      };
    });

    const publicRefs = new Set(
      stored.incidents
        .filter(({ incident, updates }) => updates.length > 0 && !incident.private)
        .map(({ incident }) => incident.ref),
    );
    const writeUps = stored.writeUps
      .filter((writeUp) => writeUp.publishedAt !== null)
      .map((writeUp) => toPublicWriteUp(writeUp, publicRefs));
    const writeUpByIncident = new Map(
      writeUps
        .filter((writeUp) => writeUp.incidentRef)
        .map((writeUp) => [writeUp.incidentRef!, writeUp.slug]),
    );
    const incidents = stored.incidents
      .filter(({ incident, updates }) => updates.length > 0 && !incident.private)
      .map(({ incident, updates }) =>
        toPublicIncident(incident, updates, writeUpByIncident.get(incident.ref)),
      );

    const publicMaintenances = stored.maintenances.filter((maintenance) => !maintenance.cancelledAt);
    const maintenances = publicMaintenances.map((maintenance) => toPublicMaintenance(maintenance, now));
    const underMaintenance = componentsUnderMaintenance(publicMaintenances, now);

    const spans: IncidentSpan[] = incidents.map((incident) => ({
      ref: incident.ref,
      title: incident.title,
      componentIds: incident.componentIds,
      from: incident.startedAt,
      until: incident.resolvedAt,
    }));
    const components = stored.components.map((component) =>
      toPublicComponent(component, underMaintenance.has(component.id), {
        component,
        changes: stored.changes,
        incidents: spans,
        now,
        days: this.uptimeDays,
      }),
    );
    const groups = groupsOf(components);

    const boundary = nextMaintenanceBoundary(publicMaintenances, now);
    const nextDay = startOfUtcDay(now).getTime() + DAY_MS;
    const validUntil = Math.min(now.getTime() + this.maxAgeMs, nextDay, boundary?.getTime() ?? Infinity);
    const updatedAt = latest([
      ...components.map((component) => component.updatedAt),
      ...incidents.map((incident) => incident.updatedAt),
      ...maintenances.map((maintenance) => maintenance.updatedAt),
      ...writeUps.map((writeUp) => writeUp.updatedAt),
    ]);

    return {
      generatedAt: now,
      validUntil: new Date(validUntil),
      updatedAt: updatedAt ?? now,
      overall: overallStatus(components.map((component) => component.status)),
      components,
      groups,
      incidents,
      maintenances,
      writeUps,
    };
  }
}

function toPublicComponent(
  component: Component,
  inMaintenance: boolean,
  uptime: Parameters<typeof componentUptime>[0],
): PublicComponent {
  return { ...shownComponent(component, inMaintenance), uptime: componentUptime(uptime) };
}

function groupsOf(components: readonly PublicComponent[]): PublicGroup[] {
  return shownGroups(components).map(({ children, ...group }) => ({
    ...group,
    uptime: groupUptime(children.map((child) => child.uptime)),
  }));
}

const publicStatusOf = (status: IncidentStatus): PublicIncidentStatus =>
  status === 'closed' ? 'resolved' : status;

function toPublicIncident(
  incident: Incident,
  updates: readonly StatusUpdate[],
  writeUpSlug: string | undefined,
): PublicIncident {
  const newestFirst = [...updates].sort(
    (a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || b.id - a.id,
  );
  const ended = incident.status === 'resolved' || incident.status === 'closed';
  const resolvedAt = ended ? (incident.resolvedAt ?? incident.closedAt) : null;
  const monitoring = newestFirst.filter((update) => update.status === 'monitoring').at(-1);
  return {
    ref: incident.ref,
    title: publicTitleOf(incident),
    impact: incident.publicImpact ?? DEFAULT_PUBLIC_IMPACT,
    status: ended && writeUpSlug ? 'postmortem' : publicStatusOf(incident.status),
    createdAt: incident.declaredAt,
    startedAt: incident.startedAt,
    updatedAt: latest([newestFirst[0]!.publishedAt, ...(resolvedAt ? [resolvedAt] : [])])!,
    monitoringAt: monitoring?.publishedAt ?? null,
    resolvedAt,
    componentIds: incident.componentIds,
    updates: newestFirst.map((update) => ({
      id: String(update.id),
      status: publicStatusOf(update.status),
      body: update.body,
      at: update.publishedAt,
      affectedComponents: update.affectedComponents.map((affected) => ({ ...affected })),
    })),
    writeUpSlug: writeUpSlug ?? null,
  };
}

function toPublicMaintenance(maintenance: Maintenance, now: Date): PublicMaintenance {
  const status = maintenanceStatus(maintenance, now) as PublicMaintenance['status'];
  const id = `MNT-${maintenance.id}`;
  const step = (suffix: PublicUpdate['status'], at: Date, body: string): PublicUpdate => ({
    id: `${id}-${suffix}`,
    status: suffix,
    body,
    at,
    affectedComponents: [],
  });
  const updates = [step('scheduled', maintenance.createdAt, maintenance.body)];
  if (status !== 'scheduled')
    updates.push(step('in_progress', maintenance.scheduledFor, 'Scheduled maintenance is in progress.'));
  if (status === 'completed')
    updates.push(step('completed', maintenance.scheduledUntil, 'Scheduled maintenance has completed.'));
  return {
    id,
    title: maintenance.title,
    body: maintenance.body,
    status,
    componentIds: maintenance.componentIds,
    scheduledFor: maintenance.scheduledFor,
    scheduledUntil: maintenance.scheduledUntil,
    createdAt: maintenance.createdAt,
    updatedAt: updates.at(-1)!.at,
    updates: updates.reverse(),
  };
}

/** An incident's public name; one published before public titles existed and never given one shows its ref. */
const publicTitleOf = (incident: Incident): string => incident.publicTitle ?? `Incident ${incident.ref}`;

/** A write-up names its incident only when customers have a page for it (a link to a 404 helps nobody). */
function toPublicWriteUp(writeUp: WriteUp, publicRefs: ReadonlySet<string>): PublicWriteUp {
  return {
    slug: writeUp.slug,
    incidentRef: writeUp.incidentRef && publicRefs.has(writeUp.incidentRef) ? writeUp.incidentRef : null,
    title: writeUp.title,
    markdown: writeUp.markdown,
    publishedAt: writeUp.publishedAt!,
    updatedAt: writeUp.updatedAt,
  };
}

function latest(dates: readonly Date[]): Date | null {
  return dates.reduce<Date | null>((max, date) => (!max || date > max ? date : max), null);
}

function groupByIncident(updates: readonly StatusUpdate[]): Map<string, StatusUpdate[]> {
  const grouped = new Map<string, StatusUpdate[]>();
  for (const update of updates) {
    const list = grouped.get(update.incidentRef);
    if (list) list.push(update);
    else grouped.set(update.incidentRef, [update]);
  }
  return grouped;
}
