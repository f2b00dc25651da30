import { z } from 'zod';
import { MAINTENANCE_STATUSES } from '@firebreak/incident';
import { API_SCHEMAS } from './api-response-schemas.js';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 time such as 2026-03-01T12:00:00Z',
});

export const ScheduleMaintenanceBody = z
  .strictObject({
    title: text(200),
    body: text(4000),
    components: z.array(text(120)).min(1, 'name at least one component').max(100),
    scheduledFor: instant,
    scheduledUntil: instant,
  })
  .refine((body) => Date.parse(body.scheduledUntil) > Date.parse(body.scheduledFor), {
    path: ['scheduledUntil'],
    message: 'must be after scheduledFor',
  });

export const MaintenanceIdParam = z.coerce
  .number()
  .int('must be a maintenance id')
  .min(1, 'must be a maintenance id');

export const ListMaintenancesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A maintenance as the API answers it: component ids, and its status at the time of the answer. */
export const MaintenanceSchema = z
  .object({
    id: z.int(),
    title: z.string(),
    body: z.string(),
    components: z.array(z.string()).readonly(),
    scheduledFor: z.iso.datetime(),
    scheduledUntil: z.iso.datetime(),
    status: z.enum(MAINTENANCE_STATUSES),
    cancelledAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .register(API_SCHEMAS, { id: 'Maintenance' });
