export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const isComponentStatus = (value: string): value is ComponentStatus =>
  (COMPONENT_STATUSES as readonly string[]).includes(value);

/** A part of the service customers see on the status page. */
export interface Component {
  readonly id: string;
  readonly name: string;
  readonly group: string | null;
  readonly description: string | null;
  readonly status: ComponentStatus;
  readonly position: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One change of a component's public status, kept for uptime history. */
export interface ComponentStatusChange {
  readonly componentId: string;
  readonly oldStatus: ComponentStatus;
  readonly newStatus: ComponentStatus;
  readonly incidentRef: string | null;
  readonly at: Date;
}
