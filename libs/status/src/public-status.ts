import type { ComponentStatus } from '@firebreak/incident';

/** Statuspage's incident statuses: `closed` reads as `resolved`, and `postmortem` once a write-up is out. */
export type PublicIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved' | 'postmortem';
export type PublicImpact = 'none' | 'minor' | 'major' | 'critical';
/** A cancelled maintenance is not public: it disappears from the page. */
type PublicMaintenanceStatus = 'scheduled' | 'in_progress' | 'completed';
export type StatusIndicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface OverallStatus {
  readonly indicator: StatusIndicator;
  readonly description: string;
}

/** One UTC day of a component's uptime bar. */
export interface UptimeDay {
  /** `YYYY-MM-DD`, UTC. */
  readonly date: string;
  /** Null when the component did not exist yet that day. */
  readonly percent: number | null;
  /** Minutes counted as down: a major outage minute counts 1, a partial outage minute 0.3. */
  readonly downMinutes: number;
  /** The worst status the component had that day (null without data). */
  readonly worst: ComponentStatus | null;
  /** Public incidents that touched the component that day. */
  readonly incidents: readonly { readonly ref: string; readonly title: string }[];
}

export interface UptimeSeries {
  /** Over the whole window; null when there is no data at all. */
  readonly percent: number | null;
  readonly days: readonly UptimeDay[];
}

export interface PublicComponent {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly groupId: string | null;
  readonly groupName: string | null;
  /** What the page shows: the stored status, or `under_maintenance` while a maintenance runs. */
  readonly status: ComponentStatus;
  readonly position: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly uptime: UptimeSeries;
}

/** A group exists because components name it; its status is its worst child's, its uptime their mean. */
export interface PublicGroup {
  readonly id: string;
  readonly name: string;
  readonly status: ComponentStatus;
  readonly position: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly componentIds: readonly string[];
  readonly uptime: UptimeSeries;
}

interface PublicAffectedComponent {
  readonly componentId: string;
  readonly name: string;
  readonly oldStatus: ComponentStatus;
  readonly newStatus: ComponentStatus;
}

/** A published status update: only its text, status, time and affected components — never its author. */
export interface PublicUpdate {
  readonly id: string;
  readonly status: PublicIncidentStatus | PublicMaintenanceStatus;
  readonly body: string;
  readonly at: Date;
  readonly affectedComponents: readonly PublicAffectedComponent[];
}

/** An incident as customers see it: public once it has at least one published update. */
export interface PublicIncident {
  readonly ref: string;
  readonly title: string;
  readonly impact: PublicImpact;
  readonly status: PublicIncidentStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly startedAt: Date;
  readonly monitoringAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly componentIds: readonly string[];
  /** Newest first. */
  readonly updates: readonly PublicUpdate[];
  /** Slug of the published write-up, if any. */
  readonly writeUpSlug: string | null;
}

export interface PublicMaintenance {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly status: PublicMaintenanceStatus;
  readonly componentIds: readonly string[];
  readonly scheduledFor: Date;
  readonly scheduledUntil: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Derived from the clock (scheduled, then in progress, then completed), newest first. */
  readonly updates: readonly PublicUpdate[];
}

export interface PublicWriteUp {
  readonly slug: string;
  readonly incidentRef: string | null;
  readonly title: string;
  readonly markdown: string;
  readonly publishedAt: Date;
  readonly updatedAt: Date;
}

/** Everything public at one instant; the status page renders pages, JSON and feeds from it. */
export interface StatusSnapshot {
  readonly generatedAt: Date;
  /** When the snapshot goes stale on its own (a maintenance starts or ends, a new day for the uptime bars). */
  readonly validUntil: Date;
  /** The latest public change. */
  readonly updatedAt: Date;
  readonly overall: OverallStatus;
  /** Leaf components, by position. */
  readonly components: readonly PublicComponent[];
  readonly groups: readonly PublicGroup[];
  /** Every public incident, newest first. */
  readonly incidents: readonly PublicIncident[];
  /** Public maintenances (not cancelled), latest start first. */
  readonly maintenances: readonly PublicMaintenance[];
  /** Published write-ups, newest first. */
  readonly writeUps: readonly PublicWriteUp[];
}
