/**
 * The slice of Microsoft Graph v1.0 the Teams connector calls to give an incident a channel of its own:
 * `POST /teams/{group-id}/channels` (create a standard channel) and `GET /teams/{group-id}/channels?$filter=
 * displayName eq '…'` (find one by name). Payloads and errors follow Graph's documentation: a duplicate name
 * is refused with 400 `NameAlreadyExists`, a name with a forbidden character with 400 `BadRequest`, a missing
 * or wrong-audience token with 401 `InvalidAuthenticationToken`. Served by FakeBotConnector under `/graph`.
 */
import { randomBytes } from 'node:crypto';
import type { JWTPayload } from 'jose';

export interface GraphChannelRecord {
  readonly id: string;
  /** Archived channels are read-only and leave the team's active list (`/archive`, `/unarchive`). */
  isArchived: boolean;
  readonly displayName: string;
  readonly description: string | null;
  readonly membershipType: string;
  readonly webUrl: string;
  readonly createdDateTime: string;
}

export interface GraphCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  status: number;
}

/** One HTTP request to Graph, with the claims of its verified bearer token (undefined when invalid). */
export interface GraphRequest {
  readonly method: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly claims: JWTPayload | undefined;
}

/** What a Graph fake answers one request with. */
export type GraphAnswer = { status: number; body?: unknown; headers?: Record<string, string> };

/** Graph refuses these in channel names (and names that start with an underscore or a dot). */
const FORBIDDEN_NAME = /[~#%&*{}+/\\:<>?|'",]|^[_.]/;

/**
 * One Graph resource the fake serves: every request is recorded with the status it got, and one without a
 * valid token for Graph's audience is answered 401 before the resource sees it.
 */
export abstract class FakeGraphResource {
  readonly calls: GraphCall[] = [];

  constructor(private readonly audience: () => string) {}

  handle(request: GraphRequest): GraphAnswer {
    const call: GraphCall = {
      method: request.method,
      path: `/${request.segments.join('/')}`,
      body: request.body,
      status: 0,
    };
    this.calls.push(call);
    const answer =
      request.claims?.aud === this.audience()
        ? this.answer(request)
        : graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or not for this audience.');
    call.status = answer.status;
    return answer;
  }

  /** The answer to a request whose token is valid. */
  protected abstract answer(request: GraphRequest): GraphAnswer;
}

export class FakeGraphChannels extends FakeGraphResource {
  private readonly channels = new Map<string, GraphChannelRecord[]>();
  private failures: { remaining: number; status: number; afterCreating: boolean }[] = [];

  /** Channels created in a team (by its Microsoft 365 group id), in order. */
  channelsOf(groupId: string): GraphChannelRecord[] {
    return [...(this.channels.get(groupId) ?? [])];
  }

  /**
   * The next `count` requests answer `status`. `afterCreating`: a create still creates the channel, then
   * answers the error, as when a response is lost after Graph did the work.
   */
  failNext(count: number, status = 503, options: { afterCreating?: boolean } = {}): void {
    this.failures.push({ remaining: count, status, afterCreating: options.afterCreating ?? false });
  }

  /** Adds channels directly (as if people had made them), to bring a team near its channel limit. */
  fillChannels(groupId: string, count: number): void {
    for (let n = 0; n < count; n += 1) this.create(groupId, { displayName: `filler ${n}` });
  }

  protected answer({ method, segments, query, body }: GraphRequest): GraphAnswer {
    const [version, teams, groupId, channels, channelId, action] = segments;
    if (version !== 'v1.0' || teams !== 'teams' || !groupId || channels !== 'channels')
      return graphError(400, 'BadRequest', `Resource not found for the segment '${segments.join('/')}'.`);
    if (segments.length === 6 && channelId && (action === 'archive' || action === 'unarchive'))
      return method === 'POST'
        ? this.setArchived(groupId, channelId, action === 'archive')
        : graphError(405, 'MethodNotAllowed', `${method} is not allowed here.`);
    if (segments.length !== 4)
      return graphError(400, 'BadRequest', `Resource not found for the segment '${segments.join('/')}'.`);
    const failure = this.failures.find((each) => each.remaining > 0);
    if (failure) {
      failure.remaining -= 1;
      if (failure.afterCreating && method === 'POST') this.create(groupId, body);
      return graphError(failure.status, 'ServiceNotAvailable', 'Injected fault', { 'Retry-After': '1' });
    }
    if (method === 'POST') return this.create(groupId, body);
    if (method === 'GET') return this.list(groupId, query);
    return graphError(405, 'MethodNotAllowed', `${method} is not allowed here.`);
  }

  private create(groupId: string, body: unknown): GraphAnswer {
    const request = (body ?? {}) as {
      displayName?: unknown;
      description?: unknown;
      membershipType?: unknown;
    };
    const name = request.displayName;
    if (typeof name !== 'string' || name.length === 0 || name.length > 50 || FORBIDDEN_NAME.test(name))
      return graphError(400, 'BadRequest', `Invalid channel displayName: ${String(name)}`);
    const existing = this.channels.get(groupId) ?? [];
    if (existing.some((channel) => channel.displayName.toLowerCase() === name.toLowerCase()))
      return graphError(400, 'NameAlreadyExists', 'Channel name already existed, please use other name.');
    const id = `19:${randomBytes(16).toString('hex')}@thread.tacv2`;
    const channel: GraphChannelRecord = {
      id,
      isArchived: false,
      displayName: name,
      description: typeof request.description === 'string' ? request.description : null,
      membershipType: typeof request.membershipType === 'string' ? request.membershipType : 'standard',
      webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/${encodeURIComponent(name)}?groupId=${groupId}`,
      createdDateTime: new Date().toISOString(),
    };
    this.channels.set(groupId, [...existing, channel]);
    return {
      status: 201,
      body: {
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#teams('${groupId}')/channels/$entity`,
        ...channel,
      },
    };
  }

  /**
   * `POST …/channels/{id}/archive` and `/unarchive`: 202 Accepted (Graph finishes the work asynchronously; the
   * fake at once). The team's General channel cannot be archived; an unknown channel is 404.
   */
  private setArchived(groupId: string, channelId: string, archived: boolean): GraphAnswer {
    const channel = (this.channels.get(groupId) ?? []).find((each) => each.id === channelId);
    if (!channel) return graphError(404, 'NotFound', 'Channel not found.');
    channel.isArchived = archived;
    return {
      status: 202,
      headers: { Location: `/teams('${groupId}')/operations('${randomBytes(8).toString('hex')}')` },
    };
  }

  private list(groupId: string, query: URLSearchParams): GraphAnswer {
    const filter = query.get('$filter');
    const match = filter ? /^displayName eq '((?:[^']|'')*)'$/.exec(filter) : null;
    if (filter && !match) return graphError(400, 'BadRequest', `Unsupported filter: ${filter}`);
    const name = match?.[1]?.replace(/''/g, "'");
    const value = (this.channels.get(groupId) ?? []).filter(
      (channel) => !name || channel.displayName === name,
    );
    return { status: 200, body: { value } };
  }
}

/** An error in Graph's shape: `{ error: { code, message, innerError } }`. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): GraphAnswer {
  return {
    status,
    body: {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString(), 'request-id': randomBytes(8).toString('hex') },
      },
    },
    ...(headers ? { headers } : {}),
  };
}
