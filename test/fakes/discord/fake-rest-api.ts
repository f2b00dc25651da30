import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { DiscordApiError, DiscordErrors } from './discord-api-error.js';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface RestRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** JSON, `payload_json` of a multipart upload, or the fields of a form (`application/x-www-form-urlencoded`). */
  body: unknown;
  files: UploadedFile[];
  /** The `Authorization` header as sent: routes with `auth: 'bearer'` or `'none'` check it themselves. */
  authorization: string | undefined;
}

export interface RestReply {
  status: number;
  /** A string goes out as `text/plain` unless `headers` say otherwise; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template below `/api/v10`, e.g. `/channels/:channelId/messages`. */
  path: string;
  /**
   * `bot`: requires `Authorization: Bot <token>`. `bearer`: an OAuth2 access token (`Authorization: Bearer`),
   * which the route checks itself; for the same path a bearer request takes the bearer route. Interaction
   * routes carry their token in the path instead (`none`).
   */
  auth: 'bot' | 'bearer' | 'none';
  handle(request: RestRequest): RestReply;
}

export interface RecordedRequest {
  method: string;
  /** Path below the API prefix, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Status the fake answered with; 0 when it reset or held the connection. */
  status: number;
  at: number;
}

export type FaultKind =
  { status: 429; retryAfterSeconds: number; global?: boolean } | { status: 500 } | { status: 503 };

export interface FaultFilter {
  method?: string;
  /** Tested against the path below the API prefix, e.g. `/channels/123/messages`. */
  path?: RegExp;
}

/** `reset`: TCP reset (ECONNRESET). `unavailable`: 503 like Discord's edge. `hang`: never answers. */
export type OutageMode = 'reset' | 'unavailable' | 'hang';

interface CompiledRoute extends RouteDefinition {
  pattern: RegExp;
  keys: string[];
  bucket: string;
}

interface PendingFault {
  remaining: number;
  kind: FaultKind;
  filter: FaultFilter;
}

const API_PREFIX = /^\/api(?:\/v10)?(?=\/)/;
/** Generous enough that discord.js never queues requests on its own. */
const BUCKET_LIMIT = 1000;
const BUCKET_RESET_AFTER_SECONDS = 60;
/** Discord's edge answers 503 with Envoy's plain-text body, not JSON. */
const UNAVAILABLE_BODY = 'upstream connect error or disconnect/reset before headers. reset reason: overflow';

/** Discord's REST API in front of a route table: auth, faults, outages, rate-limit headers and a request log. */
export class FakeRestApi {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: CompiledRoute[];
  private readonly faults: PendingFault[] = [];
  private readonly heldResponses = new Set<ServerResponse>();
  private outage: OutageMode | undefined;

  constructor(
    routes: RouteDefinition[],
    private readonly token: string,
  ) {
    this.routes = routes.map(compileRoute);
  }

  failNext(count: number, kind: FaultKind, filter: FaultFilter = {}): void {
    this.faults.push({ remaining: count, kind, filter });
  }

  pause(mode: OutageMode): void {
    this.outage = mode;
  }

  resume(): void {
    this.outage = undefined;
    this.releaseHeldResponses();
  }

  releaseHeldResponses(): void {
    for (const response of this.heldResponses) response.socket?.destroy();
    this.heldResponses.clear();
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await this.handleRequest(request, response);
    } catch (error) {
      // A bug in the fake must fail the test loudly, not look like a Discord hiccup.
      console.error('FakeDiscord REST handler failed', error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(`FakeDiscord internal error: ${String(error)}`);
    }
  }

  private async handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const rawPath = url.pathname.replace(API_PREFIX, '');
    // discord.js percent-encodes segments such as `@original`; the log and fault filters read decoded paths.
    const path = safeDecode(rawPath);
    const parsed = await parseBody(request).catch(() => undefined);
    const { body, files } = parsed ?? { body: undefined, files: [] };
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      status: 0,
      at: Date.now(),
    };
    this.requests.push(record);
    if (this.outage) return this.answerDuringOutage(request, response, record);
    if (!parsed) return this.answer(response, record, errorReply(DiscordErrors.invalidJson()), {});
    const fault = this.takeFault(method, path);
    if (fault)
      return this.answer(
        response,
        record,
        faultReply(fault),
        faultHeaders(fault, bucketHash(method, rawPath)),
      );
    const reply = this.route(method, rawPath, url, { body, files }, request.headers.authorization);
    this.answer(response, record, reply.reply, rateLimitHeaders(reply.bucket));
  }

  private route(
    method: string,
    path: string,
    url: URL,
    payload: { body: unknown; files: UploadedFile[] },
    authorization: string | undefined,
  ): { reply: RestReply; bucket: string } {
    const match = this.match(method, path, authorization?.startsWith('Bearer ') ?? false);
    if (!match) return { reply: errorReply(DiscordErrors.notFound()), bucket: bucketHash(method, path) };
    const { route, params } = match;
    try {
      if (route.auth === 'bot' && authorization !== `Bot ${this.token}`) throw DiscordErrors.unauthorized();
      if (route.auth === 'bearer' && !authorization?.startsWith('Bearer '))
        throw DiscordErrors.unauthorized();
      const request = { params, query: url.searchParams, ...payload, authorization };
      return { reply: route.handle(request), bucket: route.bucket };
    } catch (error) {
      if (error instanceof DiscordApiError) return { reply: errorReply(error), bucket: route.bucket };
      throw error;
    }
  }

  private match(
    method: string,
    path: string,
    bearer: boolean,
  ): { route: CompiledRoute; params: Record<string, string> } | undefined {
    // A bearer token asks as a user: a route written for users wins over the bot's route for the same path.
    const candidates = bearer
      ? [...this.routes.filter((route) => route.auth === 'bearer'), ...this.routes]
      : this.routes.filter((route) => route.auth !== 'bearer');
    for (const route of candidates) {
      const found = route.method === method ? route.pattern.exec(path) : null;
      if (found) {
        const params = Object.fromEntries(
          route.keys.map((key, index) => [key, safeDecode(found[index + 1])]),
        );
        return { route, params };
      }
    }
    return undefined;
  }

  private takeFault(method: string, path: string): FaultKind | undefined {
    const fault = this.faults.find(
      ({ filter }) =>
        (!filter.method || filter.method.toUpperCase() === method) &&
        (!filter.path || filter.path.test(path)),
    );
    if (!fault) return undefined;
    if (--fault.remaining <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault.kind;
  }

  private answerDuringOutage(
    request: IncomingMessage,
    response: ServerResponse,
    record: RecordedRequest,
  ): void {
    if (this.outage === 'reset') {
      request.socket.resetAndDestroy();
    } else if (this.outage === 'hang') {
      this.heldResponses.add(response);
    } else {
      this.answer(response, record, { status: 503, body: UNAVAILABLE_BODY }, {});
    }
  }

  private answer(
    response: ServerResponse,
    record: RecordedRequest,
    reply: RestReply,
    headers: Record<string, string>,
  ): void {
    record.status = reply.status;
    const isText = typeof reply.body === 'string';
    const body =
      reply.body === undefined ? undefined : isText ? (reply.body as string) : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      ...headers,
      ...(body === undefined ? {} : { 'Content-Type': isText ? 'text/plain' : 'application/json' }),
      ...reply.headers,
    });
    response.end(body);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compileRoute(route: RouteDefinition): CompiledRoute {
  const keys: string[] = [];
  const source = route.path.replace(/:(\w+)/g, (_segment, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { ...route, keys, pattern: new RegExp(`^${source}$`), bucket: bucketHash(route.method, route.path) };
}

function bucketHash(method: string, path: string): string {
  return createHash('sha1').update(`${method} ${path}`).digest('hex').slice(0, 32);
}

function errorReply(error: DiscordApiError): RestReply {
  return { status: error.status, body: error.toBody() };
}

function rateLimitHeaders(bucket: string): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(BUCKET_LIMIT),
    'X-RateLimit-Remaining': String(BUCKET_LIMIT - 1),
    'X-RateLimit-Reset': resetAt(BUCKET_RESET_AFTER_SECONDS),
    'X-RateLimit-Reset-After': String(BUCKET_RESET_AFTER_SECONDS),
    'X-RateLimit-Bucket': bucket,
  };
}

function faultReply(fault: FaultKind): RestReply {
  if (fault.status === 429) {
    return {
      status: 429,
      body: {
        message: 'You are being rate limited.',
        retry_after: fault.retryAfterSeconds,
        global: fault.global ?? false,
      },
    };
  }
  if (fault.status === 503) return { status: 503, body: UNAVAILABLE_BODY };
  return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
}

function faultHeaders(fault: FaultKind, bucket: string): Record<string, string> {
  if (fault.status !== 429) return {};
  const retryAfter = fault.retryAfterSeconds;
  // Discord's Retry-After header is whole seconds; the body's retry_after keeps the fraction.
  const common = { 'Retry-After': String(Math.ceil(retryAfter)) };
  if (fault.global) return { ...common, 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' };
  return {
    ...common,
    'X-RateLimit-Limit': String(BUCKET_LIMIT),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': resetAt(retryAfter),
    'X-RateLimit-Reset-After': String(retryAfter),
    'X-RateLimit-Bucket': bucket,
    'X-RateLimit-Scope': 'user',
  };
}

function resetAt(secondsFromNow: number): string {
  return ((Date.now() + secondsFromNow * 1000) / 1000).toFixed(3);
}

async function parseBody(request: IncomingMessage): Promise<{ body: unknown; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = request.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return { body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files: [] };
  }
  return { body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
}

/** discord.js sends uploads as multipart: the JSON body in `payload_json`, files as `files[n]`. */
async function parseMultipart(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; files: UploadedFile[] }> {
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  const files: UploadedFile[] = [];
  let body: unknown;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value) as unknown;
    } else {
      files.push({ field, filename: value.name, contentType: value.type, size: value.size });
    }
  }
  return { body, files };
}
