import type { Severity } from '@firebreak/incident';
import type { InsightsFilter } from './insights-filter.js';
import type { DurationMeasureId } from './measure-definitions.js';
import type { Month } from './months.js';
import type { Summary } from './percentile.js';

/** Durations in milliseconds. */
export type DurationSummary = Summary;

export interface DurationMeasure {
  readonly measure: DurationMeasureId;
  /** One row per month of the period, empty months included. */
  readonly byMonth: readonly { readonly month: Month; readonly summary: DurationSummary }[];
  /** One row per severity of the filter, over the whole period. */
  readonly bySeverity: readonly { readonly severity: Severity; readonly summary: DurationSummary }[];
}

export interface SeverityCounts {
  readonly month: Month;
  /** Only the severities of the filter. */
  readonly counts: Readonly<Partial<Record<Severity, number>>>;
  readonly total: number;
}

export interface ComponentCounts {
  /** Null for the incidents linked to no component. */
  readonly componentId: string | null;
  readonly name: string;
  /** Aligned with `InsightsReport.months`. */
  readonly byMonth: readonly number[];
  readonly total: number;
}

export interface FollowupCounts {
  readonly month: Month;
  readonly opened: number;
  readonly closed: number;
  readonly overdue: number;
}

/** Every figure the insights show, for one filter at one instant. */
export interface InsightsReport {
  readonly filter: InsightsFilter;
  /** The report time: what "overdue" and "not resolved now" are judged against. */
  readonly generatedAt: Date;
  readonly months: readonly Month[];
  /** Incidents the filter selected. */
  readonly incidentCount: number;
  readonly durations: readonly DurationMeasure[];
  readonly incidentsBySeverity: readonly SeverityCounts[];
  readonly incidentsByComponent: readonly ComponentCounts[];
  readonly followups: readonly FollowupCounts[];
}
