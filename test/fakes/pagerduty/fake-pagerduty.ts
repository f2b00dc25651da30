/**
 * A loopback stand-in for PagerDuty: the Events API v2 (`POST /v2/enqueue`) as PagerDuty documents it, and the
 * sender of its v3 webhooks, signed as PagerDuty signs them.
 *
 * Events API: a body must be JSON with a `routing_key` of 32 characters and an `event_action` of trigger,
 * acknowledge or resolve; a trigger needs `payload.summary`, `payload.source` and a `payload.severity` of
 * critical, error, warning or info. An accepted event is answered 202 `{ status: "success", message: "Event
 * processed", dedup_key }` (a trigger without a dedup key gets one); a refused one 400 `{ status: "invalid
 * event", message, errors }`. Triggers with the dedup key of an open alert join it; resolve closes it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedEvent {
  readonly routing_key: string;
  readonly event_action: 'trigger' | 'acknowledge' | 'resolve';
  readonly dedup_key: string;
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: string;
    readonly component?: string;
    readonly custom_details?: Record<string, unknown>;
  };
  readonly links?: readonly { href: string; text?: string }[];
  readonly client?: string;
}

/** One PagerDuty alert (per routing key and dedup key), as triggers and resolves left it. */
export interface FakeAlert {
  readonly routingKey: string;
  readonly dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  /** Triggers that reached it (PagerDuty appends repeats to the open alert's log). */
  triggers: number;
}

const ACTIONS = ['trigger', 'acknowledge', 'resolve'];
const SEVERITIES = ['critical', 'error', 'warning', 'info'];

export class FakePagerDuty {
  /** Every accepted event, in order. */
  readonly events: RecordedEvent[] = [];
  /** Every request to the Events API, accepted or not, with the status it got. */
  readonly requests: { body: string; status: number }[] = [];
  private readonly alerts: FakeAlert[] = [];
  private failures: { remaining: number; status: number }[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakePagerDuty> {
    let fake: FakePagerDuty | null = null;
    const server = createServer((request, response) => void fake!.serve(request, response));
    fake = new FakePagerDuty(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get eventsUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v2/enqueue`;
  }

  /** The alert a routing key and dedup key reached, if any. */
  alert(routingKey: string, dedupKey: string): FakeAlert | undefined {
    return this.alerts.find((each) => each.routingKey === routingKey && each.dedupKey === dedupKey);
  }

  /** The next `count` requests answer `status` (an outage: 500, throttling: 429) without recording an event. */
  failNext(count: number, status = 500): void {
    this.failures.push({ remaining: count, status });
  }

  /** Ends injected faults: PagerDuty is back. */
  recover(): void {
    this.failures = [];
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const answer = this.answer(request, body);
    this.requests.push({ body, status: answer.status });
    response.writeHead(answer.status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  }

  private answer(request: IncomingMessage, body: string): { status: number; body: unknown } {
    if (request.method !== 'POST' || request.url !== '/v2/enqueue')
      return { status: 404, body: { status: 'not found', message: 'Not Found' } };
    const failure = this.failures.find((each) => each.remaining > 0);
    if (failure) {
      failure.remaining -= 1;
      return { status: failure.status, body: { status: 'error', message: 'Injected fault' } };
    }
    let event: Partial<RecordedEvent>;
    try {
      event = JSON.parse(body) as Partial<RecordedEvent>;
    } catch {
      return invalid('Event object is invalid', ['Could not parse JSON']);
    }
    const errors = problemsOf(event);
    if (errors.length) return invalid('Event object is invalid', errors);
    const accepted = {
      ...event,
      dedup_key: event.dedup_key ?? randomBytes(16).toString('hex'),
    } as RecordedEvent;
    this.events.push(accepted);
    this.apply(accepted);
    return {
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: accepted.dedup_key },
    };
  }

  private apply(event: RecordedEvent): void {
    const open = this.alerts.find(
      (each) =>
        each.routingKey === event.routing_key &&
        each.dedupKey === event.dedup_key &&
        each.status !== 'resolved',
    );
    if (event.event_action === 'trigger') {
      if (open) open.triggers += 1;
      else
        this.alerts.push({
          routingKey: event.routing_key,
          dedupKey: event.dedup_key,
          status: 'triggered',
          triggers: 1,
        });
      return;
    }
    if (open) open.status = event.event_action === 'resolve' ? 'resolved' : 'acknowledged';
  }
}

function problemsOf(event: Partial<RecordedEvent>): string[] {
  const errors: string[] = [];
  if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32)
    errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (!ACTIONS.includes(event.event_action as string))
    errors.push("'event_action' is invalid (must be one of trigger, acknowledge or resolve)");
  if (event.dedup_key !== undefined && (typeof event.dedup_key !== 'string' || event.dedup_key.length > 255))
    errors.push("'dedup_key' must be a string of at most 255 characters");
  if (event.event_action !== 'trigger') {
    if (ACTIONS.includes(event.event_action as string) && !event.dedup_key)
      errors.push("'dedup_key' is missing or blank");
    return errors;
  }
  const payload = event.payload;
  if (!payload || typeof payload.summary !== 'string' || payload.summary.length === 0)
    errors.push("'payload.summary' is missing or blank");
  else if (payload.summary.length > 1024) errors.push("'payload.summary' is longer than 1024 characters");
  if (!payload || typeof payload.source !== 'string' || payload.source.length === 0)
    errors.push("'payload.source' is missing or blank");
  if (!payload || !SEVERITIES.includes(payload.severity))
    errors.push("'payload.severity' is invalid (must be one of critical, error, warning or info)");
  return errors;
}

function invalid(message: string, errors: string[]): { status: number; body: unknown } {
  return { status: 400, body: { status: 'invalid event', message, errors } };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** What a v3 webhook says happened to a PagerDuty incident. */
export interface WebhookIncidentEvent {
  readonly eventType: string;
  readonly incidentKey: string | null;
  /** The person who acted (`event.agent.summary`). */
  readonly agent: string;
  readonly occurredAt: Date;
  readonly id?: string;
}

/** A v3 webhook payload as PagerDuty sends it: one event, its `data` an incident. */
export function webhookPayload(event: WebhookIncidentEvent): Record<string, unknown> {
  const incidentId = `Q${randomBytes(6).toString('hex').toUpperCase()}`;
  const userId = `P${randomBytes(3).toString('hex').toUpperCase()}`;
  return {
    event: {
      id: event.id ?? randomBytes(13).toString('hex'),
      event_type: event.eventType,
      resource_type: 'incident',
      occurred_at: event.occurredAt.toISOString(),
      agent: {
        html_url: `https://acme.pagerduty.com/users/${userId}`,
        id: userId,
        self: `https://api.pagerduty.com/users/${userId}`,
        summary: event.agent,
        type: 'user_reference',
      },
      client: { name: 'PagerDuty' },
      data: {
        id: incidentId,
        type: 'incident',
        self: `https://api.pagerduty.com/incidents/${incidentId}`,
        html_url: `https://acme.pagerduty.com/incidents/${incidentId}`,
        number: 2,
        status: event.eventType === 'incident.acknowledged' ? 'acknowledged' : 'triggered',
        incident_key: event.incidentKey,
        created_at: event.occurredAt.toISOString(),
        title: 'Paged from Firebreak',
        service: { id: 'PF9KMXH', summary: 'API Service', type: 'service_reference' },
        assignees: [{ id: userId, summary: event.agent, type: 'user_reference' }],
        urgency: 'high',
        resolve_reason: null,
      },
    },
  };
}

/** `X-PagerDuty-Signature`: `v1=<hex HMAC-SHA256 of the body>` per secret, comma-separated (PagerDuty's format). */
export function pagerDutySignature(secrets: readonly string[], body: string): string {
  return secrets.map((secret) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`).join(',');
}

/** Posts a signed v3 webhook as PagerDuty does, returning the receiver's status and body. */
export async function sendWebhook(
  url: string,
  secrets: readonly string[],
  event: WebhookIncidentEvent | Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const payload = 'eventType' in event ? webhookPayload(event as WebhookIncidentEvent) : event;
  const body = JSON.stringify(payload);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'PagerDuty-Webhook/V3.0',
      'X-Webhook-Id': randomBytes(8).toString('hex'),
      'X-Webhook-Subscription': 'PY1OQ7N',
      ...(secrets.length ? { 'X-PagerDuty-Signature': pagerDutySignature(secrets, body) } : {}),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}
