import type { Component, FollowupDates, IncidentMilestones, Severity } from '@firebreak/incident';
import { startOf } from './incident-start.js';
import type { InsightsFilter } from './insights-filter.js';
import type {
  ComponentCounts,
  DurationMeasure,
  FollowupCounts,
  InsightsReport,
  SeverityCounts,
} from './insights-report.js';
import { DURATION_MEASURES, type DurationMeasureId } from './measure-definitions.js';
import { monthOf, monthsBetween, type Month } from './months.js';
import { summarize } from './percentile.js';

/** What the insights are computed from: the narrow reads of the domain's stores. */
export interface InsightsInput {
  readonly incidents: readonly IncidentMilestones[];
  readonly followups: readonly FollowupDates[];
  readonly components: readonly Pick<Component, 'id' | 'name'>[];
}

/** An incident of the period with its start and the month it counts in, worked out once. */
interface Started {
  readonly incident: IncidentMilestones;
  readonly start: Date;
  readonly month: Month;
}

/** The milestone each duration measure runs to. */
const MILESTONE_OF: Readonly<Record<DurationMeasureId, (incident: IncidentMilestones) => Date | null>> = {
  'time-to-acknowledge': (incident) => incident.acknowledgedAt,
  'time-to-mitigate': (incident) => incident.mitigatedAt,
  'time-to-resolve': (incident) => incident.resolvedAt,
};

const NO_COMPONENT_NAME = 'No component';

/** Every figure of the insights, from the input alone: `now` is the report time. */
export function computeInsights(input: InsightsInput, filter: InsightsFilter, now: Date): InsightsReport {
  const months = monthsBetween(filter.from, filter.to);
  const inPeriod = new Set(months);
  const started = input.incidents
    .filter((incident) => filter.severities.includes(incident.severity))
    .map(startedOf)
    .filter((each) => inPeriod.has(each.month));
  const followups = input.followups.filter((followup) => filter.severities.includes(followup.severity));
  return {
    filter,
    generatedAt: now,
    months,
    incidentCount: started.length,
    durations: DURATION_MEASURES.map((measure) =>
      durationMeasure(measure, started, months, filter.severities),
    ),
    incidentsBySeverity: severityCounts(started, months, filter.severities),
    incidentsByComponent: componentCounts(started, months, input.components),
    followups: followupCounts(followups, months, now),
  };
}

function startedOf(incident: IncidentMilestones): Started {
  const start = startOf(incident);
  return { incident, start, month: monthOf(start) };
}

function durationMeasure(
  measure: DurationMeasureId,
  started: readonly Started[],
  months: readonly Month[],
  severities: readonly Severity[],
): DurationMeasure {
  const byMonth = new Map<Month, number[]>();
  const bySeverity = new Map<Severity, number[]>();
  for (const { incident, start, month } of started) {
    const milestone = MILESTONE_OF[measure](incident);
    if (milestone === null) continue;
    const duration = milestone.getTime() - start.getTime();
    appendTo(byMonth, month, duration);
    appendTo(bySeverity, incident.severity, duration);
  }
  return {
    measure,
    byMonth: months.map((month) => ({ month, summary: summarize(byMonth.get(month) ?? []) })),
    bySeverity: severities.map((severity) => ({
      severity,
      summary: summarize(bySeverity.get(severity) ?? []),
    })),
  };
}

function severityCounts(
  started: readonly Started[],
  months: readonly Month[],
  severities: readonly Severity[],
): SeverityCounts[] {
  const counted = countBy(started, (each) => `${each.month} ${each.incident.severity}`);
  return months.map((month) => {
    const counts = Object.fromEntries(
      severities.map((severity) => [severity, counted.get(`${month} ${severity}`) ?? 0]),
    );
    const total = severities.reduce((sum, severity) => sum + counts[severity]!, 0);
    return { month, counts, total };
  });
}

function componentCounts(
  started: readonly Started[],
  months: readonly Month[],
  components: readonly Pick<Component, 'id' | 'name'>[],
): ComponentCounts[] {
  const monthIndex = new Map(months.map((month, index) => [month, index]));
  const byComponent = new Map<string | null, number[]>();
  for (const { incident, month } of started) {
    const linked = incident.componentIds.length > 0 ? incident.componentIds : [null];
    for (const componentId of new Set(linked)) {
      const counts = byComponent.get(componentId) ?? months.map(() => 0);
      counts[monthIndex.get(month)!]! += 1;
      byComponent.set(componentId, counts);
    }
  }
  const names = new Map(components.map((component) => [component.id, component.name]));
  const rows = [...byComponent].map(([componentId, byMonth]) => ({
    componentId,
    // A component deleted since keeps its id as its name.
    name: componentId === null ? NO_COMPONENT_NAME : (names.get(componentId) ?? componentId),
    byMonth,
    total: byMonth.reduce((sum, count) => sum + count, 0),
  }));
  return rows.sort(mostIncidentsFirst);
}

/** Most incidents first, ties by name then id; the incidents without a component last, as the remainder. */
function mostIncidentsFirst(a: ComponentCounts, b: ComponentCounts): number {
  if (a.componentId === null || b.componentId === null) return a.componentId === null ? 1 : -1;
  return (
    b.total - a.total || a.name.localeCompare(b.name, 'en') || a.componentId.localeCompare(b.componentId)
  );
}

function followupCounts(
  followups: readonly FollowupDates[],
  months: readonly Month[],
  now: Date,
): FollowupCounts[] {
  const opened = countBy(followups, (followup) => monthOf(followup.createdAt));
  const closed = countBy(followups, (followup) => (followup.doneAt ? monthOf(followup.doneAt) : null));
  const overdue = countBy(followups, (followup) =>
    followup.dueAt && followup.dueAt.getTime() < now.getTime() && !followup.doneAt
      ? monthOf(followup.dueAt)
      : null,
  );
  return months.map((month) => ({
    month,
    opened: opened.get(month) ?? 0,
    closed: closed.get(month) ?? 0,
    overdue: overdue.get(month) ?? 0,
  }));
}

function appendTo<K>(lists: Map<K, number[]>, key: K, value: number): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** How many items fall under each key; items whose key is null are not counted. */
function countBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
