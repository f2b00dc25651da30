import { writeCsv, type CsvCell } from './csv.js';
import type { DurationSummary, InsightsReport } from './insights-report.js';
import type { MeasureId } from './measure-definitions.js';

/**
 * One measure of the report as CSV (RFC 4180, CRLF, a header row first): the figures of the page's table,
 * machine-readable — months as `YYYY-MM`, durations in seconds (milliseconds as decimals), nothing as an empty
 * cell.
 */
export function insightsCsv(report: InsightsReport, measure: MeasureId): string {
  return writeCsv(csvRows(report, measure));
}

export function insightsCsvFilename(report: InsightsReport, measure: MeasureId): string {
  return `firebreak-${measure}-${report.filter.from}-to-${report.filter.to}.csv`;
}

function csvRows(report: InsightsReport, measure: MeasureId): CsvCell[][] {
  switch (measure) {
    case 'time-to-acknowledge':
    case 'time-to-mitigate':
    case 'time-to-resolve':
      return durationRows(report, measure);
    case 'incidents-by-severity': {
      const severities = report.filter.severities;
      return [
        ['month', ...severities, 'total'],
        ...report.incidentsBySeverity.map((row) => [
          row.month,
          ...severities.map((severity) => row.counts[severity] ?? 0),
          row.total,
        ]),
      ];
    }
    case 'incidents-by-component':
      return [
        ['component_id', 'component', ...report.months, 'total'],
        ...report.incidentsByComponent.map((row) => [row.componentId, row.name, ...row.byMonth, row.total]),
      ];
    case 'follow-ups':
      return [
        ['month', 'opened', 'closed', 'overdue'],
        ...report.followups.map((row) => [row.month, row.opened, row.closed, row.overdue]),
      ];
  }
}

function durationRows(report: InsightsReport, measure: MeasureId): CsvCell[][] {
  const figures = report.durations.find((each) => each.measure === measure)!;
  return [
    ['breakdown', 'month_or_severity', 'incidents', 'median_seconds', 'p90_seconds'],
    ...figures.byMonth.map((row) => ['month', row.month, ...summaryCells(row.summary)]),
    ...figures.bySeverity.map((row) => ['severity', row.severity, ...summaryCells(row.summary)]),
  ];
}

const seconds = (milliseconds: number | null): number | null =>
  milliseconds === null ? null : milliseconds / 1_000;

function summaryCells(summary: DurationSummary): CsvCell[] {
  return [summary.count, seconds(summary.median), seconds(summary.p90)];
}
