import { Pager, type PagerRequest, type Severity } from '@firebreak/incident';

/** PagerDuty's severities for ours: critical pages loudest, minor as a warning. */
const PAGERDUTY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: 'critical',
  major: 'error',
  minor: 'warning',
};

const REQUEST_TIMEOUT_MS = 10_000;

/** PagerDuty answered something other than "accepted"; the outbox retries (a 4xx is logged as it will not pass). */
export class PagerDutyRefused extends Error {
  override name = 'PagerDutyRefused';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface PagerDutyOptions {
  readonly eventsUrl: string;
  /** The key of `page` without a service (PAGERDUTY_ROUTING_KEY). */
  readonly defaultKey: string | null;
  /** Each service's own key, by the name `page` takes (PAGERDUTY_ROUTING_KEYS). */
  readonly serviceKeys: ReadonlyMap<string, string>;
}

/**
 * Pages through PagerDuty's Events API v2 (`POST /v2/enqueue`) with plain fetch: a `trigger` whose `dedup_key` is
 * the incident's reference, so a retried trigger joins the open PagerDuty incident instead of opening another, and
 * a `resolve` with the same key.
 */
export class PagerDutyEventsPager extends Pager {
  readonly kind = 'pagerduty' as const;

  constructor(private readonly options: PagerDutyOptions) {
    super();
  }

  async send(request: PagerRequest): Promise<void> {
    const response = await fetch(this.options.eventsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(this.eventFor(request)),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 202 || response.ok) return;
    const problem = (await response.text()).slice(0, 300);
    throw new PagerDutyRefused(
      `PagerDuty answered ${response.status} to the ${request.action} of ${request.dedupKey}: ${problem}`,
      response.status,
    );
  }

  /** The Events API v2 body: `routing_key`, `event_action`, `dedup_key`, and for a trigger its payload and links. */
  eventFor(request: PagerRequest): Record<string, unknown> {
    const base = {
      routing_key: this.routingKeyFor(request.service),
      event_action: request.action,
      dedup_key: request.dedupKey,
    };
    if (request.action === 'resolve') return base;
    return {
      ...base,
      payload: {
        summary: request.summary,
        severity: PAGERDUTY_SEVERITY[request.severity],
        source: 'Firebreak',
        ...(request.service ? { component: request.service } : {}),
        custom_details: { incident: request.dedupKey, status: request.status, severity: request.severity },
      },
      client: 'Firebreak',
      links: request.links.map((link) => ({ href: link.href, text: link.text })),
    };
  }

  private routingKeyFor(service: string | null): string {
    const key = service ? this.options.serviceKeys.get(service) : this.options.defaultKey;
    // The domain pages only services it was told of; a key removed since is a configuration change.
    if (!key)
      throw new PagerDutyRefused(`No PagerDuty routing key for ${service ?? 'the default service'}.`, 400);
    return key;
  }
}
