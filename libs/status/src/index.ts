export * from './public-status.js';
export { bannerStatus, overallStatus, worstStatus } from './overall-status.js';
export { componentUptime, groupUptime, DOWNTIME_WEIGHT, startOfUtcDay, type IncidentSpan } from './uptime.js';
export { PublicStatusReader, type PublicStatusReaderOptions } from './public-status-reader.js';
export {
  groupIdOf,
  ShownComponentsReader,
  shownComponent,
  shownComponentsOf,
  type ShownComponent,
  type ShownComponents,
} from './shown-components.js';
export { incidentHistory, type HistoryMonth, type HistoryPage } from './incident-history.js';
export {
  statuspageV2Documents,
  v2Incident,
  v2IncidentUpdate,
  v2Maintenance,
  v2Page,
  v2Status,
  v2Component,
  v2Components,
  type StatusPageIdentity,
} from './statuspage-v2.js';
