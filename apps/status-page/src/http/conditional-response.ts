import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { CachedResource } from '../site/status-site.js';

/** Caches may keep a copy but must ask again each time: a status page is never served stale. */
const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** Below this, gzip's header and CPU are not worth it. */
const MIN_COMPRESSIBLE_BYTES = 1024;

/** How a cached resource goes on the wire: its own bytes, or gzip of them for clients that accept it. */
export interface Representation {
  readonly body: Buffer;
  /** A strong validator per representation (RFC 9110 §8.8.3), so caches never mix the two. */
  readonly etag: string;
  readonly contentEncoding: 'gzip' | null;
}

const identities = new WeakMap<CachedResource, Representation>();
const compressed = new WeakMap<CachedResource, Representation | null>();

/**
 * The representation to send for an Accept-Encoding header. Compressing happens once per rendering
 * (renderings live until the next publish), so a busy incident's home page costs one gzip, not one per visit.
 */
export function representationOf(
  resource: CachedResource,
  acceptEncoding: string | undefined,
): Representation {
  if (acceptsGzip(acceptEncoding)) {
    const gzip = gzipOf(resource);
    if (gzip) return gzip;
  }
  return identityOf(resource);
}

function identityOf(resource: CachedResource): Representation {
  const known = identities.get(resource);
  if (known) return known;
  const identity: Representation = { body: resource.body, etag: resource.etag, contentEncoding: null };
  identities.set(resource, identity);
  return identity;
}

function gzipOf(resource: CachedResource): Representation | null {
  const known = compressed.get(resource);
  if (known !== undefined) return known;
  const body = resource.body.length >= MIN_COMPRESSIBLE_BYTES ? gzipSync(resource.body) : null;
  const gzip: Representation | null =
    body && body.length < resource.body.length
      ? { body, etag: `${resource.etag.slice(0, -1)}-gzip"`, contentEncoding: 'gzip' }
      : null;
  compressed.set(resource, gzip);
  return gzip;
}

/** True when Accept-Encoding allows gzip: named (or `*`) with a non-zero q, and not refused by name. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [coding = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return allowed;
    if (coding === '*') wildcard = allowed;
  }
  return wildcard;
}

/** True when an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/**
 * Sends cached bytes with ETag, Cache-Control and Vary (and CORS when `crossOrigin`), or 304 when the client
 * already holds this representation and a 200 was due. HEAD gets no body. Both the Nest routes and the render
 * cache's fast path answer through here, so the two cannot drift apart.
 */
export function sendResource(
  request: IncomingMessage,
  response: ServerResponse,
  resource: CachedResource,
  status = 200,
  crossOrigin = false,
): void {
  const sent = representationOf(resource, request.headers['accept-encoding']);
  const headers = headersOf(resource, sent, crossOrigin);
  if (status === 200 && matchesEtag(request.headers['if-none-match'], sent.etag)) {
    response.writeHead(304, headers.notModified).end();
    return;
  }
  response.writeHead(status, headers.ok);
  if (request.method === 'HEAD') response.end();
  else response.end(sent.body);
}

interface PrebuiltHeaders {
  readonly ok: string[];
  readonly notModified: string[];
}

/** Header lists built once per representation (flat `[name, value, …]`, as `writeHead` accepts). */
const prebuilt = new WeakMap<Representation, { plain?: PrebuiltHeaders; crossOrigin?: PrebuiltHeaders }>();

function headersOf(resource: CachedResource, sent: Representation, crossOrigin: boolean): PrebuiltHeaders {
  const entry = prebuilt.get(sent) ?? {};
  prebuilt.set(sent, entry);
  const slot = crossOrigin ? 'crossOrigin' : 'plain';
  const existing = entry[slot];
  if (existing) return existing;
  const common = ['ETag', sent.etag, 'Cache-Control', CACHE_CONTROL, 'Vary', 'Accept-Encoding'];
  if (crossOrigin) common.push('Access-Control-Allow-Origin', '*');
  const ok = [...common, 'Content-Type', resource.contentType];
  if (sent.contentEncoding) ok.push('Content-Encoding', sent.contentEncoding);
  ok.push('Content-Length', String(sent.body.length));
  const built = { notModified: common, ok };
  entry[slot] = built;
  return built;
}
