import type { IncomingMessage } from 'node:http';

/** How large an alert notification may be: about 2,000 alerts of Alertmanager's usual size. */
export const ALERT_BODY_LIMIT = '4mb';

const ALERTS_PATH = '/api/v1/alerts/';

/**
 * Whether the larger body limit applies: JSON (the media type the usual parser reads) sent to an alerts route,
 * its path compared as the router compares paths, whatever the case. Every other body keeps the 256 kB limit.
 */
export function isAlertNotification(request: IncomingMessage): boolean {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' && (request.url ?? '').toLowerCase().startsWith(ALERTS_PATH);
}
