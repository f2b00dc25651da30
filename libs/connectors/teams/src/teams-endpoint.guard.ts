import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { Request } from 'express';
import { isLoopbackHost, isLoopbackUrl } from './teams-loopback.js';
import { TEAMS_OPTIONS, type TeamsConnectorOptions, teamsEndpointMode } from './teams-options.js';

/** Headers a reverse proxy or tunnel (nginx, ngrok, cloudflared) adds: the real caller is elsewhere. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'] as const;

export const TEAMS_CONNECTOR_OFF =
  'The Microsoft Teams connector is off: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to accept Bot ' +
  'Framework activities (or TEAMS_DEVELOPMENT_MODE=true, on a loopback GATEWAY_HOST, for the Bot Framework ' +
  'Emulator).';

/**
 * Decides, before the Bot Framework adapter or the bot sees anything, whether `/api/messages` may take a
 * request at all. With an app id the adapter checks the token. Without one the connector is off unless
 * development mode was asked for, and then only a caller on this machine, talking to the gateway directly
 * (not through a proxy or tunnel, which would make a loopback listener public), naming a loopback service
 * URL gets through. Refusals are HTTP errors, answered as problem+json by the host app's filter.
 */
@Injectable()
export class TeamsEndpointGuard implements CanActivate {
  constructor(@Inject(TEAMS_OPTIONS) private readonly options: TeamsConnectorOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const mode = teamsEndpointMode(this.options);
    if (mode === 'authenticated') return true;
    if (mode === 'off') throw new ForbiddenException(TEAMS_CONNECTOR_OFF);
    const refusal = developmentModeRefusal(context.switchToHttp().getRequest<Request>());
    if (refusal) throw new ForbiddenException(`Teams development mode: ${refusal}`);
    return true;
  }
}

function developmentModeRefusal(request: Request): string | null {
  if (!isLoopbackHost(request.socket.remoteAddress ?? ''))
    return 'only callers on this machine are answered.';
  if (FORWARDING_HEADERS.some((header) => request.headers[header] !== undefined))
    return 'requests through a proxy or tunnel are refused; give the bot MICROSOFT_APP_ID to expose it.';
  const serviceUrl = (request.body as { serviceUrl?: unknown } | undefined)?.serviceUrl;
  if (typeof serviceUrl !== 'string' || !isLoopbackUrl(serviceUrl))
    return `replies go only to loopback service URLs (the Emulator's), not to ${JSON.stringify(serviceUrl ?? null)}.`;
  return null;
}
