import { Pager, type PagerRequest } from '@firebreak/incident';
import { signWebhook, WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '@firebreak/notifications';

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Pages any other paging tool: a JSON POST to PAGER_WEBHOOK_URL signed like subscriber webhooks
 * (`X-Firebreak-Signature: t=<unix seconds>,v1=<HMAC-SHA256 of "<t>.<body>">`), carrying `dedup_key` (the
 * incident's reference) so the receiver can drop repeats. Any 2xx is accepted; anything else is retried.
 */
export class WebhookPager extends Pager {
  readonly kind = 'webhook' as const;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  async send(request: PagerRequest): Promise<void> {
    const body = JSON.stringify(pageBody(request));
    const seconds = Math.floor(this.now().getTime() / 1000);
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(this.secret, body, seconds),
        // The same on every retry of this request, so the receiver can drop a repeat.
        [WEBHOOK_DELIVERY_HEADER]: `${request.dedupKey}:${request.action}:${request.service ?? ''}`,
      },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok)
      throw new Error(
        `The pager webhook answered ${response.status} to the ${request.action} of ${request.dedupKey}.`,
      );
  }
}

/** The webhook's JSON: the Events API's words, so receivers written for PagerDuty read it easily. */
export function pageBody(request: PagerRequest): Record<string, unknown> {
  return {
    event_action: request.action,
    dedup_key: request.dedupKey,
    service: request.service,
    summary: request.summary,
    severity: request.severity,
    status: request.status,
    links: request.links,
  };
}
