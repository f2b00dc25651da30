import SwaggerParser from '@apidevtools/swagger-parser';
import type { INestApplication } from '@nestjs/common';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerNotification, checkoutAlert, grafanaNotification } from './support/alert-payloads.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { pagerDutySignature, webhookPayload } from './fakes/pagerduty/fake-pagerduty.js';

const PAGERDUTY_SECRET = 'openapi-pagerduty-secret-0123456789';

const PUBLIC_GATEWAY_URL = 'https://gateway.firebreak.test';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Operation {
  readonly security?: readonly unknown[];
  readonly requestBody?: { content: Record<string, { schema: object }> };
  readonly responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface OpenApiDocument {
  readonly openapi: string;
  readonly servers: readonly { url: string }[];
  readonly components: { schemas: Record<string, object> };
  readonly paths: Record<string, Partial<Record<Method, Operation>>>;
}

/**
 * Warnings of Redocly's recommended ruleset the document keeps, each for a reason; any other warning fails.
 */
const ACCEPTED_WARNINGS = [
  // The project has no license yet; choosing one is the owners' decision, not the API document's.
  { ruleId: 'info-license', pointer: '#/info' },
  // The contract is a description for humans and cannot fail: nothing to refuse.
  { ruleId: 'operation-4xx-response', pointer: '#/paths/~1api~1v1~1subscriptions/get/responses' },
];

describe('the OpenAPI document the gateway serves', () => {
  const database = new TempDatabase();
  let app: INestApplication;
  let document: OpenApiDocument;
  const called = new Set<string>();

  beforeAll(async () => {
    app = await startGateway(database.url, {
      PUBLIC_GATEWAY_URL: `${PUBLIC_GATEWAY_URL}/`,
      WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32',
      // Paging configured (to a port nobody listens on: the page only has to be accepted), with a webhook secret.
      PAGERDUTY_ROUTING_KEY: 'OpenApiRoutingKey0123456789abcde',
      PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:9/v2/enqueue',
      PAGERDUTY_WEBHOOK_SECRETS: PAGERDUTY_SECRET,
    });
    document = (await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200)).body;
  });

  afterAll(async () => {
    await app?.close();
    database.remove();
  });

  it('is a valid OpenAPI document for swagger-parser', async () => {
    const parsed = await SwaggerParser.validate(structuredClone(document) as never);
    expect((parsed as unknown as OpenApiDocument).openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: PUBLIC_GATEWAY_URL, description: expect.any(String) }]);
  });

  it("passes Redocly's recommended ruleset with no error, and problem+json on every 4xx", async () => {
    const config = await createConfig({
      extends: ['recommended'],
      rules: { 'operation-4xx-problem-details-rfc7807': 'error', 'operation-tag-defined': 'error' },
    });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: `${PUBLIC_GATEWAY_URL}/api/docs/openapi.json`,
      config,
    });
    const found = problems.map((problem) => ({
      severity: problem.severity,
      ruleId: problem.ruleId,
      pointer: problem.location[0]?.pointer,
      message: problem.message,
    }));
    expect(found.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(found.map(({ ruleId, pointer }) => ({ ruleId, pointer }))).toEqual(ACCEPTED_WARNINGS);
  });

  it('names the bearer scheme for what it is: an opaque secret, not a JWT; and PagerDuty’s signature', () => {
    const schemes = (document as unknown as { components: { securitySchemes: Record<string, object> } })
      .components.securitySchemes;
    expect(schemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', description: expect.stringContaining('name:secret') },
      pagerDutySignature: {
        type: 'apiKey',
        in: 'header',
        name: 'X-PagerDuty-Signature',
        description: expect.stringContaining('HMAC-SHA256'),
      },
    });
  });

  describe('describes what the gateway really answers', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validators = new Map<string, ValidateFunction>();

    /** Whether a value matches a schema of the document, whose `#/components/...` references resolve. */
    function matches(key: string, schema: object, value: unknown): ValidateFunction['errors'] {
      let validate = validators.get(key);
      if (!validate) {
        validate = ajv.compile({ ...schema, components: document.components });
        validators.set(key, validate);
      }
      return validate(value) ? [] : validate.errors;
    }

    /**
     * Calls one documented operation (path template and parameters), checks the request body against the
     * documented one and the answer against the documented answer for its status and media type.
     */
    async function call(
      method: Method,
      template: string,
      options: {
        params?: Record<string, string | number>;
        query?: string;
        body?: object;
        invalidBody?: boolean;
        form?: string;
        token?: boolean;
        headers?: Record<string, string>;
      } = {},
    ) {
      const operation = document.paths[template]?.[method];
      expect(operation, `${method} ${template} is documented`).toBeDefined();
      if (options.body) {
        const key = `${method} ${template} request`;
        const errors = matches(
          key,
          operation!.requestBody!.content['application/json']!.schema,
          options.body,
        );
        // A body the gateway refuses must be one the document refuses too, and the other way round.
        if (options.invalidBody) expect(errors, key).not.toEqual([]);
        else expect(errors, key).toEqual([]);
      }
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(String(options.params?.[name])),
      );
      let pending = request(app.getHttpServer())[method](options.query ? `${path}?${options.query}` : path);
      if (options.token !== false) pending = pending.set('Authorization', BEARER);
      for (const [name, value] of Object.entries(options.headers ?? {})) pending = pending.set(name, value);
      if (options.form) pending = pending.type('form').set('Accept', 'text/html').send(options.form);
      else if (options.body) pending = pending.send(options.body);
      const response = await pending;
      const answer = operation!.responses[String(response.status)];
      expect(answer, `${method} ${template} documents ${response.status}: ${response.text}`).toBeDefined();
      const mediaType = String(response.headers['content-type'] ?? '').split(';')[0]!;
      if (response.status === 204) expect(answer!.content).toBeUndefined();
      else {
        expect(Object.keys(answer!.content ?? {}), `${method} ${template} ${response.status}`).toContain(
          mediaType,
        );
        const body = mediaType.endsWith('json') ? JSON.parse(response.text) : response.text;
        const key = `${method} ${template} ${response.status} ${mediaType}`;
        expect(matches(key, answer!.content![mediaType]!.schema, body), key).toEqual([]);
      }
      if (response.status < 300) called.add(`${method} ${template}`);
      return response;
    }

    it('answers every operation with a documented status and body, in a realistic incident', async () => {
      const declared = await call('post', '/api/v1/incidents', {
        body: {
          title: 'Paiements refusés 🔥 checkout answers 502 for São Paulo and Zürich',
          publicTitle: 'Card payments fail for some customers',
          publicImpact: 'major',
          summary:
            'Since 09:12 UTC the checkout service answers 502 to about a third of card payments. The ' +
            'payment provider reports elevated latency on its São Paulo region; our retries pile up and ' +
            'exhaust the connection pool, so healthy regions fail too. Orders already paid are safe.',
          severity: 'critical',
        },
      });
      expect(declared.status).toBe(201);
      const ref = declared.body.ref as string;
      const params = { ref };
      const listed = await call('get', '/api/v1/incidents', {
        query: 'status=investigating,identified&limit=10',
      });
      expect(listed.body.map((incident: { ref: string }) => incident.ref)).toEqual([ref]);
      expect((await call('get', '/api/v1/incidents/{ref}', { params })).status).toBe(200);
      await call('patch', '/api/v1/incidents/{ref}', {
        params,
        body: { impact: 'Customers in Brazil and Switzerland cannot pay by card; PayPal still works. ✅' },
      });
      await call('put', '/api/v1/incidents/{ref}/roles/{role}', { params: { ref, role: 'lead' }, body: {} });
      const scribe = await call('put', '/api/v1/incidents/{ref}/roles/{role}', {
        params: { ref, role: 'scribe' },
        body: { user: 'discord:4242', displayName: 'Zoë Ångström 🚒' },
      });
      expect(scribe.body.roles.scribe).toEqual({ id: 'discord:4242', displayName: 'Zoë Ångström 🚒' });
      await call('delete', '/api/v1/incidents/{ref}/roles/{role}', { params: { ref, role: 'scribe' } });
      await call('post', '/api/v1/incidents/{ref}/timeline', {
        params,
        body: {
          text: 'Rolled back the connection-pool change from yesterday; error rate falling — Łukasz 👀',
        },
      });
      await call('get', '/api/v1/incidents/{ref}/timeline', { params });
      const action = await call('post', '/api/v1/incidents/{ref}/actions', {
        params,
        body: { text: 'Raised the retry budget back to 3 and drained the São Paulo queue' },
      });
      await call('post', '/api/v1/incidents/{ref}/actions', {
        params,
        body: {
          kind: 'followup',
          text: 'Cap retries per provider region so one slow region cannot exhaust the pool',
          owner: 'teams:29:1a2b3c',
          ownerName: 'Siobhán Ó Briain',
          due: '2026-12-01',
        },
      });
      await call('get', '/api/v1/incidents/{ref}/actions', { params });
      await call('post', '/api/v1/actions/{id}/done', { params: { id: action.body.id } });
      await call('get', '/api/v1/followups');
      const component = await call('post', '/api/v1/components', {
        body: { name: 'Checkout API', group: 'Payments', description: 'Card and wallet payments' },
      });
      await call('get', '/api/v1/components');
      await call('put', '/api/v1/components/{id}/status', {
        params: { id: component.body.id },
        body: { status: 'partial_outage', incident: ref },
      });
      await call('post', '/api/v1/incidents/{ref}/updates', {
        params,
        body: {
          body:
            'Some card payments fail in Brazil and Switzerland. We have found the cause and are rolling ' +
            'out a fix; PayPal works normally. Next update within 30 minutes.',
        },
      });
      await call('get', '/api/v1/incidents/{ref}/updates', { params });
      await call('get', '/api/v1/update-templates');
      const scheduled = await call('post', '/api/v1/incidents/{ref}/scheduled-updates', {
        params,
        body: { body: 'We are still monitoring card payments after the fix.', in: '30m' },
      });
      await call('get', '/api/v1/incidents/{ref}/scheduled-updates', { params });
      await call('delete', '/api/v1/scheduled-updates/{id}', { params: { id: scheduled.body.id } });
      const draft = await call('post', '/api/v1/incidents/{ref}/update-drafts', {
        params,
        body: { body: 'Card payments work again everywhere; we keep watching error rates. 🙏' },
      });
      await call('get', '/api/v1/incidents/{ref}/update-drafts', { params });
      await call('post', '/api/v1/update-drafts/{id}/approve', { params: { id: draft.body.id } });
      const alerts = [
        checkoutAlert('checkout-1.eu-central-1.internal:9100', '2026-03-01T09:41:12.123456789Z'),
        checkoutAlert('checkout-2.eu-central-1.internal:9100', '2026-03-01T09:42:00Z'),
      ];
      const fromAlerts = await call('post', '/api/v1/alerts/alertmanager', {
        body: alertmanagerNotification(alerts),
      });
      expect(fromAlerts.body).toMatchObject({ outcome: 'declared', newAlerts: 2 });
      await call('post', '/api/v1/alerts/alertmanager', { body: grafanaNotification() });
      await call('post', '/api/v1/commands', { body: { text: `page ${ref}` } });
      const acknowledged = webhookPayload({
        eventType: 'incident.acknowledged',
        incidentKey: ref,
        agent: 'Zoë Ångström',
        occurredAt: new Date(),
      });
      const pagerDuty = await call('post', '/api/v1/pagers/pagerduty/webhook', {
        token: false,
        body: acknowledged,
        headers: {
          'X-PagerDuty-Signature': pagerDutySignature([PAGERDUTY_SECRET], JSON.stringify(acknowledged)),
        },
      });
      expect(pagerDuty.body).toEqual({ outcome: 'acknowledged', incident: ref });
      const answered = await call('post', '/api/v1/commands', { body: { text: `sev ${ref} major` } });
      expect(answered.body.incident.severity).toBe('major');
      await call('post', '/api/v1/incidents/{ref}/status', { params, body: { status: 'resolved' } });
      const review = await call('get', '/api/v1/incidents/{ref}/review', { params });
      await call('get', '/api/v1/incidents/{ref}/review.md', { params });
      await call('put', '/api/v1/incidents/{ref}/review', {
        params,
        body: {
          markdown: `${review.body.markdown}\n\nReviewed by Zoë and Łukasz.`,
          revision: review.body.revision,
        },
      });
      await call('get', '/api/v1/incidents/{ref}/review/revisions', { params });
      await call('get', '/api/v1/incidents/{ref}/write-up', { params });
      await call('put', '/api/v1/incidents/{ref}/write-up', {
        params,
        body: { markdown: '## What happened\n\nA slow payment region exhausted our connection pool.' },
      });
      await call('post', '/api/v1/incidents/{ref}/write-up/publish', { params });
      await call('delete', '/api/v1/incidents/{ref}/write-up/publish', { params });
      const maintenance = await call('post', '/api/v1/maintenances', {
        body: {
          title: 'Database upgrade — Wartung',
          body: 'Checkout may be slow for up to ten minutes while we upgrade the payments database.',
          components: ['Checkout API'],
          scheduledFor: '2030-03-01T02:00:00Z',
          scheduledUntil: '2030-03-01T03:00:00Z',
        },
      });
      await call('get', '/api/v1/maintenances');
      await call('get', '/api/v1/maintenances/{id}', { params: { id: maintenance.body.id } });
      await call('delete', '/api/v1/maintenances/{id}', { params: { id: maintenance.body.id } });
      await call('get', '/api/v1/subscriptions', { token: false });
      const webhook = await call('post', '/api/v1/subscriptions', {
        token: false,
        body: { webhook: 'http://127.0.0.1:9/firebreak', components: ['Checkout API'] },
      });
      expect(webhook.status).toBe(202);
      const token = { token: webhook.body.unsubscribeToken as string };
      await call('get', '/api/v1/subscriptions/confirm/{token}', { token: false, params: token });
      await call('post', '/api/v1/subscriptions/confirm/{token}', { token: false, params: token });
      await call('get', '/api/v1/subscriptions/unsubscribe/{token}', { token: false, params: token });
      await call('post', '/api/v1/subscriptions/unsubscribe/{token}', { token: false, params: token });
      const form = await call('post', '/api/v1/subscriptions', {
        token: false,
        form: 'webhook=http%3A%2F%2F127.0.0.1%3A9%2Fform',
      });
      expect(form.headers['content-type']).toContain('text/html');

      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method} ${path}`),
      );
      expect(documented.filter((operation) => !called.has(operation))).toEqual([]);
    });

    it('answers refusals with documented problem documents', async () => {
      const declared = await call('post', '/api/v1/incidents', { body: { title: 'Search is slow' } });
      const params = { ref: declared.body.ref as string };
      const invalid = { title: '', severity: 'apocalyptic' };
      expect((await call('post', '/api/v1/incidents', { body: invalid, invalidBody: true })).status).toBe(
        400,
      );
      expect((await call('get', '/api/v1/incidents/{ref}', { params: { ref: 'INC-999' } })).status).toBe(404);
      const noAlerts = { ...alertmanagerNotification([]), version: '3' };
      expect(
        (await call('post', '/api/v1/alerts/alertmanager', { body: noAlerts, invalidBody: true })).status,
      ).toBe(400);
      expect((await call('get', '/api/v1/incidents/{ref}', { params: { ref: 'nope' } })).status).toBe(400);
      await call('post', '/api/v1/incidents/{ref}/status', { params, body: { status: 'resolved' } });
      const closed = await call('post', '/api/v1/incidents/{ref}/status', {
        params,
        body: { status: 'closed' },
      });
      expect(closed.status, 'closing while the review is a draft').toBe(409);
      const refused = await call('post', '/api/v1/subscriptions', {
        token: false,
        body: { email: 'zoë@example.org' },
      });
      expect(refused.status).toBe(403);
    });

    it('says which operations need the token, and those answer 401 without one', async () => {
      for (const [template, operations] of Object.entries(document.paths))
        for (const [method, operation] of Object.entries(operations) as [Method, Operation][]) {
          const params = { ref: 'INC-1', role: 'lead', id: '1', token: 'unknown-token' };
          const response = await call(method, template, { params, token: false });
          const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
          expect(response.status === 401, `${method} ${template} answers ${response.status}`).toBe(!isPublic);
        }
    });
  });
});
