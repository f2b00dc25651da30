import type { Component, ComponentStatus, ComponentStatusChange } from '@firebreak/incident';
import { worstStatus } from './overall-status.js';
import type { UptimeDay, UptimeSeries } from './public-status.js';

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** How much of a minute in each status counts as down. */
const DOWNTIME_WEIGHT: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  degraded_performance: 0,
  under_maintenance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export const startOfUtcDay = (at: Date): Date =>
  new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

/** A public incident's span on a component, for the day tooltips. */
export interface IncidentSpan {
  readonly ref: string;
  readonly title: string;
  readonly componentIds: readonly string[];
  readonly from: Date;
  readonly until: Date | null;
}

export interface UptimeInput {
  readonly component: Component;
  /** Every change since the window started, oldest first (other components' are ignored). */
  readonly changes: readonly ComponentStatusChange[];
  readonly incidents: readonly IncidentSpan[];
  readonly now: Date;
  readonly days: number;
}

/**
 * The component's uptime per UTC day over the last `days` days (today included, up to `now`), rebuilt from
 * its status history: a minute in `major_outage` is fully down, one in `partial_outage` 30 % down.
 */
export function componentUptime(input: UptimeInput): UptimeSeries {
  const { component, now } = input;
  const changes = input.changes.filter((change) => change.componentId === component.id);
  const windowStart = new Date(startOfUtcDay(now).getTime() - (input.days - 1) * DAY_MS);
  // The status at the window's start is what the first later change moved away from.
  const segments: { from: number; status: ComponentStatus }[] = [
    { from: windowStart.getTime(), status: changes[0]?.oldStatus ?? component.status },
    ...changes.map((change) => ({ from: change.at.getTime(), status: change.newStatus })),
  ];
  const observedFrom = Math.max(windowStart.getTime(), component.createdAt.getTime());
  const days: UptimeDay[] = [];
  let totalObserved = 0;
  let totalDown = 0;
  for (let index = 0; index < input.days; index += 1) {
    const dayStart = windowStart.getTime() + index * DAY_MS;
    const from = Math.max(dayStart, observedFrom);
    const until = Math.min(dayStart + DAY_MS, now.getTime());
    const date = new Date(dayStart).toISOString().slice(0, 10);
    if (until <= from) {
      days.push({ date, percent: null, downMinutes: 0, worst: null, incidents: [] });
      continue;
    }
    let down = 0;
    const seen: ComponentStatus[] = [];
    segments.forEach((segment, position) => {
      const end = segments[position + 1]?.from ?? Number.POSITIVE_INFINITY;
      const overlap = Math.min(end, until) - Math.max(segment.from, from);
      if (overlap <= 0) return;
      down += overlap * DOWNTIME_WEIGHT[segment.status];
      seen.push(segment.status);
    });
    totalObserved += until - from;
    totalDown += down;
    days.push({
      date,
      percent: roundPercent(1 - down / (until - from)),
      downMinutes: Math.round(down / MINUTE_MS),
      worst: worstStatus(seen),
      incidents: input.incidents
        .filter(
          (incident) =>
            incident.componentIds.includes(component.id) &&
            incident.from.getTime() < until &&
            (incident.until?.getTime() ?? Number.POSITIVE_INFINITY) > dayStart,
        )
        .map(({ ref, title }) => ({ ref, title })),
    });
  }
  return { percent: totalObserved > 0 ? roundPercent(1 - totalDown / totalObserved) : null, days };
}

/** A group's uptime: per day and overall, the mean of its children's figures that have data. */
export function groupUptime(children: readonly UptimeSeries[]): UptimeSeries {
  const length = children[0]?.days.length ?? 0;
  const days: UptimeDay[] = [];
  for (let index = 0; index < length; index += 1) {
    const childDays = children.map((child) => child.days[index]!);
    const withData = childDays.filter((day) => day.percent !== null);
    const incidents = new Map<string, { ref: string; title: string }>();
    for (const day of childDays) for (const incident of day.incidents) incidents.set(incident.ref, incident);
    days.push({
      date: childDays[0]!.date,
      percent: withData.length ? roundPercent(mean(withData.map((day) => day.percent! / 100))) : null,
      downMinutes: Math.round(mean(withData.map((day) => day.downMinutes))),
      worst: withData.length ? worstStatus(withData.map((day) => day.worst!)) : null,
      incidents: [...incidents.values()],
    });
  }
  const overall = children.filter((child) => child.percent !== null).map((child) => child.percent! / 100);
  return { percent: overall.length ? roundPercent(mean(overall)) : null, days };
}

const mean = (values: readonly number[]): number =>
  values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;

/** Percent with three decimals (99.999), so a short outage still shows. */
const roundPercent = (fraction: number): number => Math.round(fraction * 100_000) / 1000;
