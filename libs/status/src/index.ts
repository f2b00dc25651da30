export * from './public-status.js';
export { bannerStatus } from './overall-status.js';
export { PublicStatusReader } from './public-status-reader.js';
export { ShownComponentsReader, shownComponent, type ShownComponents } from './shown-components.js';
export { incidentHistory } from './incident-history.js';
export {
  statuspageV2Documents,
  v2Component,
  v2IncidentUpdate,
  v2Status,
  type StatusPageIdentity,
} from './statuspage-v2.js';
