import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { OperationsLogger, RequestTracker } from '@firebreak/operations';
import type { StatusSite } from '../site/status-site.js';
import { sendResource } from './conditional-response.js';

/** The cache key the Nest routes store a URL's rendering under; null for anything else. */
export function cacheKeyOf(url: string): string | null {
  if (url.includes('%')) return null;
  const [path, query] = url.split('?', 2) as [string, string | undefined];
  if (path.startsWith('/api/v2/')) return query === undefined ? `api:${path.slice('/api/v2/'.length)}` : null;
  if (path === '/history' && (query === undefined || /^page=[1-9]\d{0,3}$/.test(query)))
    return `page:/history?page=${query ? query.slice('page='.length) : '1'}`;
  if (query !== undefined) return null;
  if (path === '/' || path === '/blog') return `page:${path}`;
  if (path === '/history.rss' || path === '/history.atom' || path === '/blog.rss')
    return `feed:${path.slice(1)}`;
  const incident = /^\/incidents\/([A-Za-z]+-\d+)$/.exec(path);
  if (incident) return `page:/incidents/${incident[1]!.toUpperCase()}`;
  const writeUp = /^\/blog\/([a-z0-9-]+)$/.exec(path);
  if (writeUp) return `page:/blog/${writeUp[1]}`;
  return null;
}

/** The Nest route pattern a cache key was rendered by, so a cache hit is timed under the same label. */
export function routeOfCacheKey(key: string): string {
  const [kind, rest = ''] = key.split(/:(.*)/s, 2) as [string, string | undefined];
  if (kind === 'api') return `/api/v2/${rest}`;
  if (kind === 'feed') return `/${rest}`;
  const path = rest.split('?', 1)[0]!;
  if (path.startsWith('/incidents/')) return '/incidents/:ref';
  if (path.startsWith('/blog/')) return '/blog/:slug';
  return path;
}

const CROSS_ORIGIN = /^\/api\/v2\/|\.(?:rss|atom)$/;

/**
 * Serves what the Nest routes already rendered straight from the cache, before Express and Nest see the
 * request: the same bytes, ETag, Cache-Control and CORS headers, at the cost of a map lookup. Anything not
 * cached (first request after a change, unknown paths, 404s) goes through the full stack, which fills the cache.
 * Cache hits are tracked like any request (id, latency histogram, graceful shutdown); their access lines are
 * written at debug level only, since during an incident they are most of the traffic.
 */
export function serveCachedFirst(
  server: Server,
  site: StatusSite,
  tracker: RequestTracker,
  logger: OperationsLogger,
): void {
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1) return;
  const [next] = listeners as [RequestListener];
  server.removeListener('request', next);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method;
    const url = request.url;
    const key = (method === 'GET' || method === 'HEAD') && url ? cacheKeyOf(url) : null;
    const resource = key ? site.peek(key) : null;
    if (!resource) return next(request, response);
    const route = routeOfCacheKey(key!);
    const { requestId } = tracker.track(request, response, () => route);
    if (logger.pino.isLevelEnabled('debug')) logCacheHit(logger, request, response, requestId);
    sendResource(request, response, resource, 200, CROSS_ORIGIN.test(url!.split('?', 1)[0]!));
  });
}

function logCacheHit(
  logger: OperationsLogger,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
): void {
  const started = process.hrtime.bigint();
  response.once('finish', () =>
    logger.pino.debug(
      {
        requestId,
        req: { method: request.method, url: request.url },
        res: { statusCode: response.statusCode },
        responseTime: Number(process.hrtime.bigint() - started) / 1e6,
        cache: 'hit',
      },
      'request completed',
    ),
  );
}
