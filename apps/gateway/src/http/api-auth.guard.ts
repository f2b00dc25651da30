import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { apiParticipant, type Participant } from '@firebreak/incident';
import { unauthorized } from '@firebreak/operations';
import { type ApiToken, GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';

const PUBLIC_ROUTE = 'firebreak:public';
/** Marks a route that needs no token (health checks, platform webhooks with their own verification). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

export interface AuthenticatedRequest extends Request {
  apiUser?: Participant;
  /** The token is limited to incidents that are not private. */
  apiLimited?: boolean;
}

const REALM = 'Bearer realm="firebreak-api"';

/** RFC 6750 §3: a request without credentials gets the bare challenge, a presented but unknown token `invalid_token`. */
function refusal(header: string | undefined) {
  if (!header)
    return unauthorized('A valid bearer token is required (Authorization: Bearer <token>).', REALM);
  return unauthorized(
    'The bearer token is not valid (Authorization: Bearer <token>).',
    `${REALM}, error="invalid_token"`,
  );
}

/** Bearer tokens from FIREBREAK_API_TOKENS; the token's name becomes the acting user `api:<name>`, named "API (<name>)". */
@Injectable()
export class ApiAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]))
      return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = apiTokenOf(this.config.FIREBREAK_API_TOKENS, header);
    if (!token) throw refusal(header);
    request.apiUser = apiParticipant(token.user);
    request.apiLimited = token.limited;
    return true;
  }
}

/** The name of the API token a `Bearer` header presents (compared in constant time), or null. */
export function apiTokenUser(
  tokens: GatewayConfig['FIREBREAK_API_TOKENS'],
  header: string | undefined,
): string | null {
  return apiTokenOf(tokens, header)?.user ?? null;
}

/** The API token a `Bearer` header presents (compared in constant time), or null. */
export function apiTokenOf(
  tokens: GatewayConfig['FIREBREAK_API_TOKENS'],
  header: string | undefined,
): ApiToken | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const presented = Buffer.from(match[1]!);
  for (const [secret, token] of tokens) {
    const expected = Buffer.from(secret);
    if (expected.length === presented.length && timingSafeEqual(expected, presented)) return token;
  }
  return null;
}
