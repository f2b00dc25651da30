export * from './public-status.js';
export { bannerStatus } from './overall-status.js';
export { PublicStatusReader } from './public-status-reader.js';
export { incidentHistory } from './incident-history.js';
export { statuspageV2Documents, v2IncidentUpdate, type StatusPageIdentity } from './statuspage-v2.js';
