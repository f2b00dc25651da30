import { z } from 'zod';
import {
  ASSIGNABLE_ROLES,
  COMPONENT_STATUSES,
  PUBLIC_IMPACTS,
  SETTABLE_STATUSES,
  SEVERITIES,
} from '@firebreak/incident';
import { RequestValidationError } from './problem-details.filter.js';

/** An incident reference, in any case, as the domain writes it (`inc-3` → `INC-3`). */
export const RefParam = z
  .string()
  .regex(/^INC-\d{1,9}$/i, 'must be an incident reference such as INC-3')
  .transform((ref) => ref.toUpperCase());

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const participantId = z
  .string()
  .regex(
    /^(discord|teams|api):\S+$/,
    'must be a platform-qualified user id such as discord:123 or teams:29:abc',
  );

export const DeclareIncidentBody = z.strictObject({
  title: text(200),
  publicTitle: text(200)
    .optional()
    .describe('what customers will read; the title is never published unless confirmed'),
  publicImpact: z.enum(PUBLIC_IMPACTS).optional(),
  summary: text(4000).optional(),
  impact: text(4000).optional(),
  severity: z.enum(SEVERITIES).optional(),
  past: z
    .strictObject({
      startedAt: text(100).describe(
        'when it started, in the command language time grammar (e.g. 2026-03-02T09:10Z)',
      ),
      resolvedAt: text(100).optional().describe('when it was resolved; the incident is recorded resolved'),
    })
    .optional()
    .describe('an incident that already happened: no channel, no pings, no reminders'),
});

export const PatchIncidentBody = z
  .strictObject({
    title: text(200).optional(),
    publicTitle: text(200).optional(),
    publicImpact: z.enum(PUBLIC_IMPACTS).optional(),
    summary: text(4000).optional(),
    impact: text(4000).optional(),
    severity: z.enum(SEVERITIES).optional(),
    status: z.enum([...SETTABLE_STATUSES, 'closed']).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one of title, publicTitle, publicImpact, summary, impact, severity, status',
  });

export const ChangeStatusBody = z.strictObject({ status: z.enum([...SETTABLE_STATUSES, 'closed']) });

export const AssignRoleBody = z.strictObject({
  user: participantId.optional(),
  displayName: text(100).optional(),
});

export const RoleParam = z.enum(ASSIGNABLE_ROLES);

export const AddActionItemBody = z.strictObject({
  kind: z.enum(['action', 'followup']).default('action'),
  text: text(4000),
  owner: participantId.optional(),
  ownerName: text(100).optional(),
  due: z.iso.date('must be a date as YYYY-MM-DD').optional(),
});

export const AddNoteBody = z.strictObject({ text: text(4000) });

export const PublishUpdateBody = z.strictObject({ body: text(4000) });

export const CreateComponentBody = z.strictObject({
  name: text(100),
  group: text(100).optional(),
  description: text(1000).optional(),
});

export const ComponentStatusBody = z.strictObject({
  status: z.enum(COMPONENT_STATUSES),
  incident: RefParam.optional(),
});

export const RunCommandBody = z.strictObject({
  text: text(4000),
  mentioned: z.record(participantId, text(100)).optional(),
});

export const ListIncidentsQuery = z.object({
  status: z
    .string()
    .optional()
    .describe('comma-separated statuses, e.g. investigating,identified')
    .transform((value) => (value ? value.split(',') : undefined))
    .pipe(z.array(z.enum([...SETTABLE_STATUSES, 'closed'])).optional()),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

// Communications: scheduled updates and drafts.
const updateBody = {
  body: text(4000).optional(),
  template: z
    .string()
    .trim()
    .regex(/^[\w-]{1,64}$/, 'must be a template name')
    .optional(),
};
const oneBody = (value: { body?: string; template?: string }) =>
  Boolean(value.body) !== Boolean(value.template);

export const ScheduleUpdateBody = z
  .strictObject({
    ...updateBody,
    /** Any time of the command language: `14:30 Europe/London`, `2026-12-01T10:00Z`, `2026-12-01 10:00 UTC`. */
    at: z.string().trim().min(1).max(100).optional(),
    /** A delay: `30m`, `2h`, `1h30m`, `45 minutes`. */
    in: z.string().trim().min(1).max(20).optional(),
  })
  .refine(oneBody, { message: 'give either body or template' })
  .refine((value) => Boolean(value.at) !== Boolean(value.in), { message: 'give either at or in' });

export const DraftUpdateBody = z
  .strictObject(updateBody)
  .refine(oneBody, { message: 'give either body or template' });

/** The number of a scheduled update or draft in a path. */
export const IdParam = z.coerce.number().int().min(1);

// Post-incident review and follow-ups.
export const ReplaceReviewBody = z.strictObject({
  markdown: z.string().min(1, 'must not be empty').max(200_000, 'must be at most 200000 characters'),
  revision: z.number().int().positive('must be the revision you edited'),
});

export const EditWriteUpBody = z.strictObject({
  title: text(200).optional(),
  markdown: z.string().min(1, 'must not be empty').max(100_000, 'must be at most 100000 characters'),
});

/** The number of an action or follow-up in a path. */
export const ItemId = z.coerce.number().int().positive('must be an item number');

// Status page subscriptions.
const componentList = z
  .union([z.array(z.string().trim().min(1).max(200)).max(100), z.string().max(2000)])
  .optional()
  .transform((value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((each) => each.trim())
          .filter(Boolean)
      : (value ?? []),
  );

/** JSON or an HTML form post (the status page's subscribe form). */
export const SubscribeBody = z.strictObject({
  email: z
    .string()
    .trim()
    .max(254)
    .optional()
    .transform((v) => v || undefined),
  webhook: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .transform((v) => v || undefined),
  contactEmail: z
    .string()
    .trim()
    .max(254)
    .optional()
    .transform((v) => v || undefined),
  components: componentList,
});

/** Validates input against a schema, reporting every field at fault; `where` prefixes field names. */
export function validate<T extends z.ZodType>(schema: T, input: unknown, where = ''): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new RequestValidationError(
    parsed.error.issues.map((issue) => ({
      field: [where, ...issue.path.map(String)].filter(Boolean).join('.') || where || 'body',
      message: issue.message,
    })),
  );
}
