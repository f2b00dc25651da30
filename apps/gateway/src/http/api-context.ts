import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandContext, IdempotencyScope, Participant } from '@firebreak/incident';
import { routeOf } from '@firebreak/operations';
import type { AuthenticatedRequest } from './api-auth.guard.js';

/**
 * The command context of an API call: the token's user acts, with the privileges of an operator, and an
 * `Idempotency-Key` header makes a retried request apply once. The key is the caller's own on the route it
 * was sent to, and is bound to the request it first came with.
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
      ...(request.apiLimited ? { privateAccess: false } : {}),
      ...(key
        ? { idempotencyKey: key.slice(0, 200), idempotencyScope: idempotencyScopeOf(request, actor) }
        : {}),
    };
  },
);

function idempotencyScopeOf(request: AuthenticatedRequest, actor: Participant): IdempotencyScope {
  const fingerprint = canonicalJson({ params: request.params, body: request.body ?? null });
  return {
    scope: `${actor.id} ${request.method} ${routeOf(request)}`,
    requestHash: createHash('sha256').update(fingerprint).digest('hex'),
  };
}

/** JSON with object keys sorted, so the same request hashes the same however its client ordered the fields. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, each]) => each !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, each]) => `${JSON.stringify(name)}:${canonicalJson(each)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
