import { Controller, HttpCode, Inject, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { IncidentService, parseRef } from '@firebreak/incident';
import { noteIncident, unauthorized } from '@firebreak/operations';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { PublicRoute } from '../http/api-auth.guard.js';
import { validate } from '../http/api-schemas.js';
import { API_SCHEMAS } from '../http/api-response-schemas.js';
import { ApiAnswer, ApiProblems, ApiRequestBody } from '../http/openapi-document.js';
import { PAGERDUTY_SIGNATURE_HEADER, verifyPagerDutySignature } from './pagerduty-signature.js';

const SIGNATURE_CHALLENGE = 'Signature realm="pagerduty-webhook", headers="x-pagerduty-signature"';

/** The part of a v3 webhook Firebreak reads; PagerDuty's other fields (and later ones) are ignored. */
export const PagerDutyWebhookBody = z.object({
  event: z.object({
    id: z.string().trim().min(1).max(200),
    event_type: z.string().max(200),
    occurred_at: z.iso.datetime({ offset: true }),
    agent: z.object({ summary: z.string().max(300).optional() }).nullish(),
    data: z.object({ incident_key: z.string().max(300).nullish() }).nullish(),
  }),
});

/** What the webhook did: acknowledged the incident's page, or nothing (another event, another tool's incident). */
export const PagerDutyWebhookAnswerSchema = z
  .object({
    outcome: z
      .enum(['acknowledged', 'ignored'])
      .describe(
        'logged the acknowledgement of a page Firebreak sent, or nothing (other events and incidents)',
      ),
    incident: z.string().nullable().describe('the incident whose page was acknowledged'),
  })
  .register(API_SCHEMAS, { id: 'PagerDutyWebhookAnswer' });
export type PagerDutyWebhookAnswer = z.output<typeof PagerDutyWebhookAnswerSchema>;

/**
 * PagerDuty's v3 webhook subscription posts here. Only requests signed with a configured secret
 * (`X-PagerDuty-Signature: v1=<HMAC-SHA256 of the body>`) are read; `incident.acknowledged` for an incident
 * Firebreak paged (its `incident_key` is the dedup key Firebreak sent, the incident's reference) is logged once.
 */
@ApiTags('pagers')
@Controller('api/v1/pagers/pagerduty')
export class PagerDutyWebhookController {
  constructor(
    @Inject(IncidentService) private readonly incidents: IncidentService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('webhook')
  @HttpCode(200)
  @PublicRoute()
  @ApiOperation({
    summary:
      "PagerDuty's v3 webhook (signed `X-PagerDuty-Signature: v1=<HMAC-SHA256 of the body>` with a secret of " +
      'PAGERDUTY_WEBHOOK_SECRETS): an acknowledged page is logged in its incident',
    security: [{ pagerDutySignature: [] }],
  })
  @ApiRequestBody(PagerDutyWebhookBody)
  @ApiAnswer(200, 'What the event did (a repeat changes nothing)', PagerDutyWebhookAnswerSchema)
  @ApiProblems(400, 401, 429)
  async receive(@Req() request: RawBodyRequest<Request>): Promise<PagerDutyWebhookAnswer> {
    const secrets = this.config.PAGERDUTY_WEBHOOK_SECRETS;
    if (secrets.length === 0)
      throw unauthorized(
        'PagerDuty webhooks are not configured (PAGERDUTY_WEBHOOK_SECRETS).',
        SIGNATURE_CHALLENGE,
      );
    if (!verifyPagerDutySignature(secrets, request.rawBody, request.header(PAGERDUTY_SIGNATURE_HEADER)))
      throw unauthorized(
        'The request is not signed with a configured PagerDuty secret.',
        SIGNATURE_CHALLENGE,
      );
    const { event } = validate(PagerDutyWebhookBody, request.body);
    const ref = event.data?.incident_key ? parseRef(event.data.incident_key) : null;
    if (event.event_type !== 'incident.acknowledged' || !ref || !(await this.incidents.findIncident(ref)))
      return { outcome: 'ignored', incident: null };
    noteIncident(ref);
    await this.incidents.execute(
      {
        kind: 'page_acknowledged',
        ref,
        pager: 'pagerduty',
        by: event.agent?.summary?.trim() || 'Someone on PagerDuty',
        at: new Date(event.occurred_at),
      },
      {
        actor: { id: 'api:pagerduty', displayName: 'PagerDuty' },
        location: null,
        privileged: true,
        // PagerDuty retries a delivery with the same event id: it applies once.
        idempotencyKey: `pagerduty:${event.id}`,
      },
    );
    return { outcome: 'acknowledged', incident: ref };
  }
}
