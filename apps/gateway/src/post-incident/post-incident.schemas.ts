import { z } from 'zod';

/** Request schemas of the post-incident routes, for validation and the OpenAPI document. */

export const EditWriteUpBody = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  markdown: z.string().min(1, 'must not be empty').max(100_000, 'must be at most 100000 characters'),
});
