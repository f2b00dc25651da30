export { barChartSvg, type BarChart, type BarSeries } from './bar-chart.js';
export { csvField, writeCsv, type CsvCell } from './csv.js';
export { durationText } from './duration-text.js';
export { START_DEFINITION, startOf } from './incident-start.js';
export { computeInsights, NO_COMPONENT_NAME, type InsightsInput } from './insights-computation.js';
export { insightsCsv, insightsCsvFilename } from './insights-csv.js';
export {
  DEFAULT_MONTHS,
  filterParameters,
  MAX_MONTHS,
  parseInsightsFilter,
  type InsightsFilter,
  type InsightsQuery,
} from './insights-filter.js';
export { InsightsReader } from './insights-reader.js';
export type * from './insights-report.js';
export { csvHref, INSIGHTS_STYLESHEET, insightsSectionHtml, type InsightsLinks } from './insights-section.js';
export {
  DURATION_MEASURES,
  isMeasureId,
  MEASURE_DEFINITIONS,
  MEASURES,
  parseMeasure,
  PERCENTILE_DEFINITION,
  type DurationMeasureId,
  type MeasureDefinition,
  type MeasureId,
} from './measure-definitions.js';
export { monthLabel, monthOf, monthsBetween, parseMonth, startOfMonth, type Month } from './months.js';
export { percentile, summarize, type Summary } from './percentile.js';
