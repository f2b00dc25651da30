import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  SubscriptionService,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
} from '@firebreak/notifications';
import type { Request } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { PublicRoute } from './api-auth.guard.js';
import { SubscribeBody, validate } from './api-schemas.js';
import { SubscriptionContractSchema, SubscriptionSchema } from './api-response-schemas.js';
import { ApiAnswer, ApiProblems, ApiRequestBody } from './openapi-document.js';

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
  `<body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

/** A form with one button that POSTs to `action` (the token in it is URL-encoded, so safe in the attribute). */
const buttonTo = (action: string, label: string) =>
  `<form method="post" action="${action}"><button type="submit">${label}</button></form>`;

const wantsHtml = (request: Request) =>
  request.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded' ||
  (request.accepts(['json', 'html']) === 'html' && !request.is('application/json'));

/**
 * Public subscription endpoints (no token): subscribe, confirm (double opt-in), unsubscribe. The contract is
 * served at GET /api/v1/subscriptions and documented in libs/notifications/README.md.
 */
@ApiTags('subscriptions')
@PublicRoute()
@Controller('api/v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The subscription contract: fields, links, webhook payload and signature',
    security: [],
  })
  @ApiAnswer(200, 'The contract', SubscriptionContractSchema)
  contract() {
    return {
      subscribe: {
        method: 'POST',
        path: '/api/v1/subscriptions',
        body: {
          email: 'address (double opt-in)',
          webhook: 'https URL',
          contactEmail: 'webhooks: notice address',
          components: 'ids or names; none = all',
        },
        answers:
          '202: email {channel, state: pending, componentIds}, the same for every address; webhook {id, channel, state, componentIds, secret, unsubscribeToken}; 400/404 problem+json; 429 when rate-limited',
      },
      confirm:
        'GET /api/v1/subscriptions/confirm/{token} (the link in the confirmation email) shows a form; POST confirms',
      unsubscribe:
        'GET shows a form, POST /api/v1/subscriptions/unsubscribe/{token} unsubscribes (RFC 8058 one-click)',
      webhook: {
        payload:
          'Statuspage subscriber webhook JSON: {meta, page, incident} or {meta, page, component_update, component}',
        signatureHeader: `${WEBHOOK_SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`,
        deliveryHeader: `${WEBHOOK_DELIVERY_HEADER}: stable id per delivery; the same on a retry`,
        retries: `exponential backoff from ${this.config.NOTIFY_RETRY_BASE_MS} ms; disabled after ${this.config.WEBHOOK_MAX_FAILURES} consecutive failures, with a notice to contactEmail`,
      },
    };
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Subscribe an email address (confirmation email) or a webhook URL',
    security: [],
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiRequestBody(SubscribeBody)
  @ApiAnswer(202, 'Subscribed; a page saying so for a form post', SubscriptionSchema, 'text/html')
  @ApiProblems(400, 403, 404, 429)
  async subscribe(@Body() body: unknown, @Req() request: Request) {
    const input = validate(SubscribeBody, body);
    const result = await this.subscriptions.subscribe(input);
    if (!wantsHtml(request)) return result;
    request.res!.type('html');
    return result.channel === 'email'
      ? page(
          'Check your inbox',
          'Unless this address is subscribed already, it gets an email: open its link and press Confirm.',
        )
      : page('Webhook subscribed', `Keep this signing secret: ${result.secret}`);
  }

  @Get('confirm/:token')
  @ApiOperation({ summary: 'The confirmation form (the link in the confirmation email)', security: [] })
  @ApiAnswer(200, 'A page with the confirm button', 'text/html')
  @ApiProblems(404)
  @Header('content-type', 'text/html; charset=utf-8')
  confirmForm(@Param('token') token: string) {
    return this.buttonPage(token, 'confirm', 'Confirm your subscription', 'Confirm subscription');
  }

  @Post('confirm/:token')
  @ApiOperation({ summary: 'Confirm an email subscription (double opt-in)', security: [] })
  @ApiAnswer(200, 'A page saying the subscription is confirmed', 'text/html')
  @ApiProblems(404, 409)
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  async confirm(@Param('token') token: string) {
    await this.subscriptions.confirm(token);
    return page(
      'Subscription confirmed',
      'You will now receive incident updates. Every email has an unsubscribe link.',
    );
  }

  @Get('unsubscribe/:token')
  @ApiOperation({ summary: 'The unsubscribe form (the link in every email)', security: [] })
  @ApiAnswer(200, 'A page with the unsubscribe button', 'text/html')
  @ApiProblems(404)
  @Header('content-type', 'text/html; charset=utf-8')
  unsubscribeForm(@Param('token') token: string) {
    return this.buttonPage(token, 'unsubscribe', 'Unsubscribe', 'Unsubscribe');
  }

  @Post('unsubscribe/:token')
  @ApiOperation({ summary: 'Unsubscribe (RFC 8058 one-click)', security: [] })
  @ApiAnswer(200, 'A page saying the subscription has ended', 'text/html')
  @ApiProblems(404)
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  async unsubscribe(@Param('token') token: string) {
    await this.subscriptions.unsubscribe(token);
    return page('Unsubscribed', 'You will receive no more updates.');
  }

  /**
   * What a link in an email opens: a page whose one button POSTs back. A link changes nothing by itself, since
   * link scanners in mail systems follow GET links. An unknown token is a 404 here already.
   */
  private async buttonPage(token: string, action: 'confirm' | 'unsubscribe', title: string, label: string) {
    await this.subscriptions.subscriberFor(token);
    return page(title, buttonTo(`/api/v1/subscriptions/${action}/${encodeURIComponent(token)}`, label));
  }
}
