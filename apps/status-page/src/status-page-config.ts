import { z } from 'zod';

const statusPageEnvironment = z.object({
  STATUS_PAGE_PORT: z.coerce
    .number()
    .int()
    .min(0, 'must be a port number')
    .max(65535, 'must be a port number')
    .default(3000),
  STATUS_PAGE_HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
});

export type StatusPageConfig = z.output<typeof statusPageEnvironment>;

export const STATUS_PAGE_CONFIG = Symbol('STATUS_PAGE_CONFIG');

export class StatusPageConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function loadStatusPageConfig(environment: NodeJS.ProcessEnv = process.env): StatusPageConfig {
  const parsed = statusPageEnvironment.safeParse(environment);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    .join('\n');
  throw new StatusPageConfigurationError(`Invalid configuration:\n${problems}`);
}
