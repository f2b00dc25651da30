import type { Request, Response } from 'express';
import type { CachedResource } from '../site/status-site.js';

/** Caches may keep a copy but must ask again each time: a status page is never served stale. */
export const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** True when an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** Sends cached bytes with ETag and Cache-Control, or 304 when the client already has them. HEAD gets no body. */
export function sendResource(
  request: Request,
  response: Response,
  resource: CachedResource,
  status = 200,
): void {
  response.setHeader('ETag', resource.etag);
  response.setHeader('Cache-Control', CACHE_CONTROL);
  if (status === 200 && matchesEtag(request.header('if-none-match'), resource.etag)) {
    response.status(304).end();
    return;
  }
  response.status(status);
  response.setHeader('Content-Type', resource.contentType);
  response.setHeader('Content-Length', String(resource.body.length));
  if (request.method === 'HEAD') response.end();
  else response.end(resource.body);
}
