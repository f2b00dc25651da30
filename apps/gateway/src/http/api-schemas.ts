import { z } from 'zod';
import {
  ASSIGNABLE_ROLES,
  COMPONENT_STATUSES,
  PUBLIC_IMPACTS,
  SETTABLE_STATUSES,
  SEVERITIES,
} from '@firebreak/incident';
import { RequestValidationError } from './problem-details.filter.js';

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
  incident: z
    .string()
    .regex(/^INC-\d+$/i, 'must be an incident reference such as INC-3')
    .optional(),
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

export const RefParam = z.string().regex(/^INC-\d{1,9}$/i, 'must be an incident reference such as INC-3');

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
