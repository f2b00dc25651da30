import { z } from 'zod';

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
