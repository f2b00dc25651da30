export { computeInsights } from './insights-computation.js';
export { insightsCsv, insightsCsvFilename } from './insights-csv.js';
export { parseInsightsFilter } from './insights-filter.js';
export { InsightsReader } from './insights-reader.js';
export type * from './insights-report.js';
export { INSIGHTS_STYLESHEET, insightsSectionHtml } from './insights-section.js';
export { MEASURES, parseMeasure } from './measure-definitions.js';
export { monthOf } from './months.js';
export { durationText } from './duration-text.js';
