import type { Severity } from '@firebreak/incident';
import type { BarChart } from './bar-chart.js';
import { durationText } from './duration-text.js';
import type { DurationMeasure, DurationSummary, InsightsReport } from './insights-report.js';
import { MEASURE_DEFINITIONS, type MeasureId } from './measure-definitions.js';
import { monthLabel } from './months.js';

/** The figures' table: a header row, then one row per category whose first cell heads the row. */
interface FigureTable {
  readonly columns: readonly string[];
  readonly rows: readonly { readonly label: string; readonly cells: readonly string[] }[];
}

/** One chart with the table of the same numbers beside it. */
export interface Figure {
  readonly id: string;
  readonly title: string;
  readonly chart: BarChart;
  readonly table: FigureTable;
}

const NOTHING = '—';

/** A figure whose chart carries the figure's id and title. */
function figure(
  id: string,
  title: string,
  chart: Omit<BarChart, 'id' | 'title'>,
  table: FigureTable,
): Figure {
  return { id, title, chart: { id, title, ...chart }, table };
}
const SAME_FIGURES = 'The table beside the chart has the same figures.';

/** The figures of one measure, in page order. */
export function figuresOf(report: InsightsReport, measure: MeasureId): Figure[] {
  switch (measure) {
    case 'time-to-acknowledge':
    case 'time-to-mitigate':
    case 'time-to-resolve':
      return durationFigures(
        report,
        report.durations.find((each) => each.measure === measure)!,
      );
    case 'incidents-by-severity':
      return [severityFigure(report)];
    case 'incidents-by-component':
      return [componentFigure(report)];
    case 'follow-ups':
      return [followupFigure(report)];
  }
}

const severityName = (severity: Severity): string => severity.charAt(0).toUpperCase() + severity.slice(1);
const count = (value: number): string => value.toLocaleString('en');
const periodText = (report: InsightsReport): string =>
  `from ${monthLabel(report.filter.from)} to ${monthLabel(report.filter.to)}`;

function durationFigures(report: InsightsReport, measure: DurationMeasure): Figure[] {
  const title = MEASURE_DEFINITIONS[measure.measure].title;
  const lower = title.toLowerCase();
  const byMonth = measure.byMonth.map((row) => ({ label: monthLabel(row.month), summary: row.summary }));
  const bySeverity = measure.bySeverity.map((row) => ({
    label: severityName(row.severity),
    summary: row.summary,
  }));
  return [
    durationFigure({
      id: `insights-${measure.measure}-by-month`,
      title: `${title} per month`,
      rowHeader: 'Month',
      rows: byMonth,
      description:
        `Median and 90th percentile ${lower} of the incidents that started in each month ${periodText(report)}; ` +
        `a month without such incidents reads “no incidents”. ${SAME_FIGURES}`,
    }),
    durationFigure({
      id: `insights-${measure.measure}-by-severity`,
      title: `${title} per severity`,
      rowHeader: 'Severity',
      rows: bySeverity,
      description:
        `Median and 90th percentile ${lower} per severity, over the incidents that started ${periodText(report)}; ` +
        `a severity without such incidents reads “no incidents”. ${SAME_FIGURES}`,
    }),
  ];
}

interface DurationFigure {
  readonly id: string;
  readonly title: string;
  /** What the table's first column holds. */
  readonly rowHeader: string;
  readonly rows: readonly { readonly label: string; readonly summary: DurationSummary }[];
  readonly description: string;
}

function durationFigure({ id, title, rowHeader, rows, description }: DurationFigure): Figure {
  return figure(
    id,
    title,
    {
      description,
      categories: rows.map((row) => row.label),
      series: [
        { name: 'Median', values: rows.map((row) => row.summary.median) },
        { name: '90th percentile', values: rows.map((row) => row.summary.p90) },
      ],
      valueText: durationText,
      missingText: 'no incidents',
    },
    {
      columns: [rowHeader, 'Incidents', 'Median', '90th percentile'],
      rows: rows.map(({ label, summary }) => ({
        label,
        cells: [count(summary.count), durationOrNothing(summary.median), durationOrNothing(summary.p90)],
      })),
    },
  );
}

const durationOrNothing = (value: number | null): string => (value === null ? NOTHING : durationText(value));

function severityFigure(report: InsightsReport): Figure {
  const id = 'insights-incidents-by-severity';
  const title = 'Incidents per month and severity';
  const severities = report.filter.severities;
  const rows = report.incidentsBySeverity;
  return figure(
    id,
    title,
    {
      description: `How many incidents of each severity started in each month ${periodText(report)}. ${SAME_FIGURES}`,
      categories: rows.map((row) => monthLabel(row.month)),
      series: severities.map((severity) => ({
        name: severityName(severity),
        values: rows.map((row) => row.counts[severity] ?? 0),
      })),
      valueText: count,
      missingText: NOTHING,
    },
    {
      columns: ['Month', ...severities.map(severityName), 'Total'],
      rows: rows.map((row) => ({
        label: monthLabel(row.month),
        cells: [...severities.map((severity) => count(row.counts[severity] ?? 0)), count(row.total)],
      })),
    },
  );
}

function componentFigure(report: InsightsReport): Figure {
  const id = 'insights-incidents-by-component';
  const title = 'Incidents per component';
  const rows = report.incidentsByComponent;
  return figure(
    id,
    title,
    {
      description:
        `How many incidents that started ${periodText(report)} each component was linked to, most first. ` +
        `The table beside the chart has the same totals and the count per month.`,
      categories: rows.map((row) => row.name),
      series: [{ name: 'Incidents in the period', values: rows.map((row) => row.total) }],
      valueText: count,
      missingText: 'No incidents in this period',
    },
    {
      columns: ['Component', ...report.months.map(monthLabel), 'Total'],
      rows: rows.map((row) => ({ label: row.name, cells: [...row.byMonth.map(count), count(row.total)] })),
    },
  );
}

function followupFigure(report: InsightsReport): Figure {
  const id = 'insights-follow-ups';
  const title = 'Follow-ups per month';
  const rows = report.followups;
  return figure(
    id,
    title,
    {
      description:
        `Follow-ups opened, closed and overdue in each month ${periodText(report)}, overdue as of the time of ` +
        `this report. ${SAME_FIGURES}`,
      categories: rows.map((row) => monthLabel(row.month)),
      series: [
        { name: 'Opened', values: rows.map((row) => row.opened) },
        { name: 'Closed', values: rows.map((row) => row.closed) },
        { name: 'Overdue', values: rows.map((row) => row.overdue) },
      ],
      valueText: count,
      missingText: NOTHING,
    },
    {
      columns: ['Month', 'Opened', 'Closed', 'Overdue'],
      rows: rows.map((row) => ({
        label: monthLabel(row.month),
        cells: [count(row.opened), count(row.closed), count(row.overdue)],
      })),
    },
  );
}
