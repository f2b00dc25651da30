import type { IncomingMessage } from 'node:http';

/**
 * The route pattern the router matched (`/api/v1/incidents/:ref`), never the raw path: label values stay few,
 * and `/API/V1/COMMANDS/` names the same route as `/api/v1/commands`. `unmatched` before routing or on a 404.
 */
export function routeOf(request: IncomingMessage): string {
  const { route, baseUrl } = request as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  if (route && typeof route.path === 'string') return `${baseUrl ?? ''}${route.path}` || '/';
  return 'unmatched';
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Everything but GET, HEAD and OPTIONS may change something. */
export function isMutating(method: string | undefined): boolean {
  return !READS.has((method ?? 'GET').toUpperCase());
}
