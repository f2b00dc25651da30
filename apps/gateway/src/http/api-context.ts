import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandContext } from '@firebreak/incident';
import type { AuthenticatedRequest } from './api-auth.guard.js';

/**
 * The command context of an API call: the token's user acts, with the privileges of an operator, and an
 * `Idempotency-Key` header makes a retried request apply once.
 */
export const ApiCommandContext = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = request.apiUser!;
    const key = request.header('idempotency-key')?.trim();
    return {
      actor,
      location: null,
      privileged: true,
      ...(key ? { idempotencyKey: `${actor.id}:${key.slice(0, 200)}` } : {}),
    };
  },
);
