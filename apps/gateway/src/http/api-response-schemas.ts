import { z } from 'zod';
import {
  BUTTON_KINDS,
  CALL_PROVIDERS,
  COMPONENT_STATUSES,
  PAGERS,
  INCIDENT_STATUSES,
  PLATFORMS,
  PUBLIC_IMPACTS,
  ROLES,
  SEVERITIES,
  SUBSCRIBER_CHANNELS,
  TIMELINE_ENTRY_KINDS,
  WRITE_UP_STATES,
} from '@firebreak/incident';

/**
 * The bodies the API answers with, as the OpenAPI document describes them: each schema registered here
 * becomes `#/components/schemas/<id>`. They describe the JSON the domain's values serialize to (dates as
 * ISO 8601 strings), and the OpenAPI end-to-end test checks real answers against them.
 */
export const API_SCHEMAS = z.registry<{ id: string; description?: string }>();

const instant = z.iso.datetime({ offset: true });
const incidentRef = z.string().regex(/^INC-\d+$/);
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

const ParticipantSchema = z
  .object({
    id: z.string().describe('platform-qualified user id: discord:…, teams:…, api:<token name>'),
    displayName: z.string(),
  })
  .register(API_SCHEMAS, { id: 'Participant', description: 'A person (or API token) acting on incidents' });

const ChatLocationSchema = z.object({ platform: z.enum(PLATFORMS), channelId: z.string() });

export const IncidentSchema = z
  .object({
    ref: incidentRef,
    number: z.int(),
    title: z.string().describe("the responders' name; never shown to customers"),
    publicTitle: nullable(z.string()).describe(
      'what customers read (status page, feeds, webhooks, emails); null until chosen or confirmed',
    ),
    publicImpact: nullable(z.enum(PUBLIC_IMPACTS)).describe('the impact customers are shown; null: none'),
    summary: nullable(z.string()),
    impact: nullable(z.string()),
    severity: z.enum(SEVERITIES),
    status: z.enum(INCIDENT_STATUSES),
    roles: z.partialRecord(z.enum(ROLES), ParticipantSchema),
    componentIds: z.array(z.string()),
    declaredAt: instant,
    startedAt: instant.describe(
      'when the incident began: the earliest start of the alerts it was declared from, else declaredAt',
    ),
    updatedAt: instant,
    acknowledgedAt: nullable(instant).describe(
      'when an Incident Lead was first assigned or a page was acknowledged on PagerDuty, whichever came first',
    ),
    mitigatedAt: nullable(instant).describe('when the status first reached monitoring, resolved or closed'),
    resolvedAt: nullable(instant),
    closedAt: nullable(instant),
    retrospective: z.boolean().describe('recorded after it happened: no channel, pings or reminders'),
    private: z.boolean().describe('visible only to its invitees and administrators'),
    invitees: z.array(ParticipantSchema).describe('who may see it when private (its reporter among them)'),
    declaredIn: ChatLocationSchema,
    spaces: z.array(
      ChatLocationSchema.extend({
        headlineMessageId: nullable(z.string()),
        announcementMessageId: nullable(z.string()),
        url: nullable(z.string()),
      }),
    ),
    pages: z
      .array(
        z.object({
          pager: z.enum(PAGERS),
          service: nullable(z.string()).describe('the service or escalation policy paged; null: the default'),
          pagedAt: instant,
          pagedBy: ParticipantSchema,
          acknowledgedAt: nullable(instant),
          acknowledgedBy: nullable(z.string()).describe('who acknowledged, as the pager names them'),
          resolvedAt: nullable(instant),
        }),
      )
      .optional()
      .describe('pages of the on-call lead, oldest first'),
    call: nullable(
      z.object({
        provider: z.enum(CALL_PROVIDERS),
        url: nullable(z.string()).describe('null while the platform opens it'),
        requestedAt: instant,
        requestedBy: ParticipantSchema,
        endedAt: nullable(instant).describe('when the incident closed'),
      }),
    )
      .optional()
      .describe("the incident's call: a Discord voice channel, a Teams meeting or a configured link"),
    version: z.int(),
    documentUrl: nullable(z.string()).describe(
      "the incident's living document on the responders' site (SITE_BASE_URL + /site/incidents/<ref>)",
    ),
  })
  .register(API_SCHEMAS, { id: 'Incident' });

export const TimelineEntrySchema = z
  .object({
    id: z.int(),
    incidentRef,
    kind: z.enum(TIMELINE_ENTRY_KINDS),
    at: instant,
    author: nullable(ParticipantSchema),
    text: z.string(),
    message: nullable(
      z.object({
        platform: z.string(),
        messageId: z.string(),
        link: nullable(z.string()),
        author: ParticipantSchema,
        text: z.string(),
        postedAt: nullable(instant),
      }),
    ),
    data: z.record(z.string(), z.unknown()),
  })
  .register(API_SCHEMAS, { id: 'TimelineEntry' });

export const ActionItemSchema = z
  .object({
    id: z.int(),
    incidentRef,
    kind: z.enum(['action', 'followup']),
    text: z.string(),
    owner: nullable(ParticipantSchema),
    dueAt: nullable(instant),
    state: z.enum(['open', 'done']),
    createdBy: ParticipantSchema,
    createdAt: instant,
    doneAt: nullable(instant),
  })
  .register(API_SCHEMAS, { id: 'ActionItem', description: 'An action taken or a follow-up to do' });

export const StatusUpdateSchema = z
  .object({
    id: z.int(),
    incidentRef,
    body: z.string(),
    status: z.enum(INCIDENT_STATUSES),
    affectedComponents: z.array(
      z.object({
        componentId: z.string(),
        name: z.string(),
        oldStatus: z.enum(COMPONENT_STATUSES),
        newStatus: z.enum(COMPONENT_STATUSES),
      }),
    ),
    author: ParticipantSchema,
    publishedAt: instant,
  })
  .register(API_SCHEMAS, { id: 'StatusUpdate', description: 'A public update shown on the status page' });

export const ComponentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    group: nullable(z.string()),
    description: nullable(z.string()),
    status: z.enum(COMPONENT_STATUSES),
    position: z.int(),
    createdAt: instant,
    updatedAt: instant,
  })
  .register(API_SCHEMAS, { id: 'Component', description: 'A part of the service on the status page' });

export const ChatMessageSchema = z
  .object({
    title: nullable(z.string()),
    text: z.string(),
    fields: z.array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional() })),
    buttons: z.array(
      z.object({
        label: z.string(),
        intent: z
          .object({ kind: z.enum(BUTTON_KINDS) })
          .catchall(z.unknown())
          .describe('What pressing the button does on the incident: its kind and typed arguments'),
        style: z.enum(['primary', 'secondary', 'success', 'danger']),
      }),
    ),
    tone: z.enum(['info', 'success', 'warning', 'error']),
    visibility: z.enum(['public', 'private']),
    incidentRef: nullable(z.string()),
    people: z
      .record(z.string(), z.string())
      .describe('Display name of each person the message mentions, keyed by participant id'),
    notify: z
      .array(z.string())
      .optional()
      .describe('Participant ids of the people the message is meant to reach: chat platforms notify them'),
  })
  .register(API_SCHEMAS, {
    id: 'ChatMessage',
    description: 'The reply a chat user would see, before a platform renders it',
  });

export const CommandAnswerSchema = z
  .object({
    message: ChatMessageSchema,
    incident: nullable(IncidentSchema),
    replayed: z.boolean().describe('true when an Idempotency-Key matched an earlier request'),
  })
  .register(API_SCHEMAS, { id: 'CommandAnswer' });

const reviewFields = {
  incidentRef,
  markdown: z.string(),
  revision: z.int(),
};

export const ReviewSchema = z
  .object({
    ...reviewFields,
    state: z.enum(['draft', 'final']),
    meetingAt: nullable(instant),
    meetingRemindedAt: nullable(instant),
    updatedAt: instant,
    updatedBy: ParticipantSchema,
  })
  .register(API_SCHEMAS, { id: 'Review', description: 'The post-incident review document' });

export const ReviewRevisionSchema = z
  .object({ ...reviewFields, author: ParticipantSchema, at: instant, note: z.string() })
  .register(API_SCHEMAS, { id: 'ReviewRevision' });

export const WriteUpSchema = z
  .object({
    slug: z.string(),
    incidentRef: nullable(z.string()),
    title: z.string(),
    markdown: z.string(),
    state: z.enum(WRITE_UP_STATES),
    publishedAt: nullable(instant),
    createdAt: instant,
    updatedAt: instant,
  })
  .register(API_SCHEMAS, { id: 'WriteUp', description: 'The public write-up shown at /blog/<slug>' });

export const ScheduledUpdateSchema = z
  .object({
    id: z.int(),
    incidentRef,
    body: z.string(),
    publishAt: instant,
    zone: nullable(z.string()),
    state: z.enum(['scheduled', 'published', 'cancelled', 'failed']),
    author: ParticipantSchema,
    createdAt: instant,
    settledAt: nullable(instant),
    note: nullable(z.string()),
  })
  .register(API_SCHEMAS, { id: 'ScheduledUpdate' });

export const UpdateDraftSchema = z
  .object({
    id: z.int(),
    incidentRef,
    body: z.string(),
    state: z.enum(['proposed', 'approved']),
    author: ParticipantSchema,
    createdAt: instant,
    approvedBy: nullable(ParticipantSchema),
    approvedAt: nullable(instant),
  })
  .register(API_SCHEMAS, { id: 'UpdateDraft', description: 'A proposed public update awaiting approval' });

export const UpdateTemplatesSchema = z
  .record(z.string(), z.string())
  .register(API_SCHEMAS, { id: 'UpdateTemplates', description: 'Template text by template name' });

export const SubscriptionSchema = z
  .object({
    id: z.int(),
    channel: z.enum(SUBSCRIBER_CHANNELS),
    state: z.enum(['pending', 'active', 'unsubscribed', 'disabled']),
    componentIds: z.array(z.string()),
    secret: z.string().optional().describe('webhooks only, shown once: the HMAC key of the deliveries'),
    unsubscribeToken: z.string().optional().describe('webhooks only'),
  })
  .register(API_SCHEMAS, { id: 'Subscription' });

export const SubscriptionContractSchema = z
  .object({
    subscribe: z.object({
      method: z.literal('POST'),
      path: z.string(),
      body: z.record(z.string(), z.string()),
      answers: z.string(),
    }),
    confirm: z.string(),
    unsubscribe: z.string(),
    webhook: z.object({
      payload: z.string(),
      signatureHeader: z.string(),
      deliveryHeader: z.string(),
      retries: z.string(),
    }),
  })
  .register(API_SCHEMAS, {
    id: 'SubscriptionContract',
    description: 'How to subscribe, confirm, unsubscribe and verify webhook deliveries, in words',
  });

/** An RFC 9457 problem document, the body of every 4xx and 5xx answer (`application/problem+json`). */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string().optional().describe('machine-readable reason, e.g. not_permitted or invalid_request'),
    field: z.string().optional().describe('the first field at fault'),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    errorId: z.string().optional().describe('500 only: quote it when reporting the failure'),
  })
  .register(API_SCHEMAS, { id: 'Problem', description: 'RFC 9457 problem details' });
