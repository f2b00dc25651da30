import { IncidentError } from '../errors.js';

/**
 * Where a scheduled maintenance stands. Scheduled, in progress and completed follow from the clock;
 * cancelled is the one state a person sets.
 */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/** Planned work announced on the status page; its components show `under_maintenance` while it runs. */
export interface Maintenance {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly componentIds: readonly string[];
  readonly scheduledFor: Date;
  readonly scheduledUntil: Date;
  readonly cancelledAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewMaintenance = Omit<Maintenance, 'id'>;

export interface ScheduleMaintenanceInput {
  readonly title: string;
  readonly body: string;
  readonly componentIds: readonly string[];
  readonly scheduledFor: Date;
  readonly scheduledUntil: Date;
}

/** The status at `now`: cancelled wins; otherwise the window decides (start inclusive, end exclusive). */
export function maintenanceStatus(maintenance: Maintenance, now: Date): MaintenanceStatus {
  if (maintenance.cancelledAt) return 'cancelled';
  if (now.getTime() < maintenance.scheduledFor.getTime()) return 'scheduled';
  if (now.getTime() < maintenance.scheduledUntil.getTime()) return 'in_progress';
  return 'completed';
}

/** A new maintenance, refused when its window is empty or it names no component. */
export function newMaintenance(input: ScheduleMaintenanceInput, now: Date): NewMaintenance {
  if (Number.isNaN(input.scheduledFor.getTime()))
    throw IncidentError.invalid('scheduledFor', 'The start of the maintenance is not a valid time.');
  if (Number.isNaN(input.scheduledUntil.getTime()))
    throw IncidentError.invalid('scheduledUntil', 'The end of the maintenance is not a valid time.');
  if (input.scheduledUntil.getTime() <= input.scheduledFor.getTime())
    throw IncidentError.invalid('scheduledUntil', 'A maintenance must end after it starts.');
  if (input.componentIds.length === 0)
    throw IncidentError.invalid('components', 'Name at least one component the maintenance affects.');
  return {
    title: input.title,
    body: input.body,
    componentIds: [...new Set(input.componentIds)],
    scheduledFor: input.scheduledFor,
    scheduledUntil: input.scheduledUntil,
    cancelledAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The next instant at which some maintenance changes status on its own (for cache expiry), if any. */
export function nextMaintenanceBoundary(maintenances: readonly Maintenance[], now: Date): Date | null {
  let next: number | null = null;
  for (const maintenance of maintenances) {
    if (maintenance.cancelledAt) continue;
    for (const at of [maintenance.scheduledFor.getTime(), maintenance.scheduledUntil.getTime()])
      if (at > now.getTime() && (next === null || at < next)) next = at;
  }
  return next === null ? null : new Date(next);
}
