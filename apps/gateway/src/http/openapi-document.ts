import { applyDecorators, type INestApplication } from '@nestjs/common';
import {
  ApiBody,
  ApiQuery,
  ApiResponse,
  DocumentBuilder,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { withoutTrailingSlashes } from '@firebreak/incident';
import { z } from 'zod';
import { API_SCHEMAS, ProblemSchema } from './api-response-schemas.js';

/*
 * The document is OpenAPI 3.1, whose Schema Object is JSON Schema 2020-12: the dialect zod writes natively, so
 * every schema (request bodies, query parameters, answers) is the zod schema the code validates with, converted
 * as is. 3.0 was the other choice and loses: its dialect cannot say "this reference or null" (`nullable` needs
 * a sibling `type` and an `allOf` reference still refuses null), so `Incident | null` answers would be described
 * wrongly; every consumer the gateway is used with reads 3.1 (the Swagger UI served at /api/docs, swagger-parser,
 * Redocly, ReadMe). Only `$schema`/`$id` markers are dropped: the document states the dialect once.
 */
const TARGET = 'draft-2020-12';
const SCHEMA_REF = (id: string) => `#/components/schemas/${id}`;

/** Tags in the order the document lists them, each with what its operations are about. */
const TAGS: Readonly<Record<string, string>> = {
  incidents: 'Declare incidents and change their facts, roles, timeline, actions and public updates.',
  'follow-ups': 'Follow-up work across incidents; mark actions and follow-ups done.',
  commands: 'The chat command language over HTTP: one command per request, as a chat user would type it.',
  components: 'The components shown on the status page and their public status.',
  communications: 'Scheduled public updates, update drafts awaiting approval, and update templates.',
  reviews: 'The post-incident review document and the public write-up published from it.',
  maintenances: 'Scheduled maintenance shown on the status page.',
  alerts: 'Notifications from Prometheus Alertmanager and Grafana, which declare incidents by routing rules.',
  subscriptions: 'Public subscription to status updates by email or webhook (no token needed).',
  pagers: 'Webhooks of paging tools (PagerDuty), authenticated by their signatures rather than a token.',
};

const PROBLEMS = {
  400: 'The request is invalid: `errors` names every field at fault.',
  401: 'No valid bearer token.',
  403: 'Refused: the acting user may not do this, or it is not offered here (`detail` says why).',
  404: 'Something the request names does not exist (an incident, item, component or token).',
  409: 'The change conflicts with the current state (e.g. an illegal status transition or a stale revision).',
  413: 'The body is larger than the operation accepts.',
  429: 'Rate limited: retry after the `Retry-After` header.',
} as const;
type ProblemStatus = keyof typeof PROBLEMS;

const withoutMarkers = (schema: object): Record<string, unknown> => {
  const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
};

const requestSchemaOf = (schema: z.ZodType) =>
  withoutMarkers(z.toJSONSchema(schema, { target: TARGET, io: 'input', unrepresentable: 'any' }));

/** The query parameters of an operation, one per property of its query schema. */
export function ApiQueryParameters(schema: z.ZodObject): MethodDecorator {
  const { properties = {}, required = [] } = requestSchemaOf(schema) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return applyDecorators(
    ...Object.entries(properties).map(([name, { description, ...property }]) =>
      ApiQuery({ name, required: required.includes(name), schema: property, description }),
    ),
  );
}

/** The JSON body an operation takes, from its request schema (what a client sends, before defaults apply). */
export const ApiRequestBody = (schema: z.ZodType): MethodDecorator =>
  ApiBody({ schema: requestSchemaOf(schema) });

function answerSchemaOf(body: z.ZodType | readonly [z.ZodType]): Record<string, unknown> {
  const item = Array.isArray(body) ? (body as readonly [z.ZodType])[0] : (body as z.ZodType);
  const id = API_SCHEMAS.get(item)?.id;
  if (!id) throw new Error('An answer schema must be registered in API_SCHEMAS to be named in the document.');
  return Array.isArray(body) ? { type: 'array', items: { $ref: SCHEMA_REF(id) } } : { $ref: SCHEMA_REF(id) };
}

type AnswerBody = z.ZodType | readonly [z.ZodType] | `text/${string}`;

/**
 * The successful answer of an operation, in each form it can take: a registered schema (`[Schema]` for a
 * list) answered as JSON, or a text media type such as `text/html`; no body at all (204) without one.
 */
export function ApiAnswer(status: number, description: string, ...bodies: AnswerBody[]): MethodDecorator {
  if (bodies.length === 0) return ApiResponse({ status, description });
  const content = Object.fromEntries(
    bodies.map((body) =>
      typeof body === 'string'
        ? [body, { schema: { type: 'string' } }]
        : ['application/json', { schema: answerSchemaOf(body) }],
    ),
  );
  return ApiResponse({ status, description, content });
}

/** The problem+json answers an operation can give, each with the shared Problem schema. */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator {
  const schema = { $ref: SCHEMA_REF(API_SCHEMAS.get(ProblemSchema)!.id) };
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEMS[status],
        content: { 'application/problem+json': { schema } },
      }),
    ),
  );
}

/** The answer schemas as OpenAPI components. */
function componentSchemas(): Record<string, Record<string, unknown>> {
  const { schemas } = z.toJSONSchema(API_SCHEMAS, {
    target: TARGET,
    io: 'output',
    unrepresentable: 'any',
    uri: SCHEMA_REF,
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutMarkers(schema)]));
}

/**
 * The gateway's OpenAPI document. `serverUrl` is the gateway's public address; every operation needs the
 * bearer token unless it says `security: []`.
 */
export function createOpenApiDocument(app: INestApplication, serverUrl: string): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Firebreak gateway API')
    .setDescription(
      'Declare and run incidents; everything a chat user can do, scriptable. Errors are RFC 9457 ' +
        'problem documents (`application/problem+json`). A retried POST with the same `Idempotency-Key` ' +
        'header applies once.',
    )
    .setVersion('1')
    .setOpenAPIVersion('3.1.0')
    .addServer(withoutTrailingSlashes(serverUrl), 'this gateway (PUBLIC_GATEWAY_URL)')
    // addSecurity, not addBearerAuth: the latter declares `bearerFormat: JWT`, and these tokens are not JWTs.
    .addSecurity('bearer', {
      type: 'http',
      scheme: 'bearer',
      description:
        'A secret from FIREBREAK_API_TOKENS (`name:secret` pairs): send `Authorization: Bearer <secret>`; ' +
        'the call acts as user `api:<name>`. Secrets are opaque strings of at least 16 characters.',
    })
    .addSecurity('pagerDutySignature', {
      type: 'apiKey',
      in: 'header',
      name: 'X-PagerDuty-Signature',
      description:
        '`v1=<hex HMAC-SHA256 of the raw body>` under a secret of PAGERDUTY_WEBHOOK_SECRETS, as PagerDuty signs ' +
        'v3 webhooks (several comma-separated signatures while a secret is rotated).',
    })
    .addSecurityRequirements('bearer');
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  document.components = { ...document.components, schemas: componentSchemas() };
  return document;
}
