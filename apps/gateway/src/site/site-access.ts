import { randomUUID } from 'node:crypto';
import {
  type ArgumentsHost,
  type CanActivate,
  Catch,
  createParamDecorator,
  type ExceptionFilter,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { IncidentError, IncidentErrorCode } from '@firebreak/incident';
import { cookiesOf, SESSION_COOKIE } from './site-cookies.js';
import { SiteRenderer } from './site-renderer.js';
import { csrfMatches, SiteSessions, type SignedInSession } from './site-sessions.js';

/** A page of the site asked for without a session: the browser is sent to sign in. */
export class SignInRequired extends Error {
  override name = 'SignInRequired';
}

/** A state-changing form without this session's token: another site's form, or a stale page. */
export class CsrfRefused extends Error {
  override name = 'CsrfRefused';
}

export interface SiteRequest extends Request {
  siteSession?: SignedInSession;
}

/**
 * Every page of the site but sign-in needs a session; every form that changes something needs the session's
 * CSRF token (synchronizer token in a hidden field, compared in constant time).
 */
@Injectable()
export class SiteSessionGuard implements CanActivate {
  constructor(@Inject(SiteSessions) private readonly sessions: SiteSessions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SiteRequest>();
    const session = await this.sessions.signedIn(cookiesOf(request.headers.cookie).get(SESSION_COOKIE));
    if (!session) throw new SignInRequired();
    const safe = request.method === 'GET' || request.method === 'HEAD';
    if (!safe && !csrfMatches(session, (request.body as Record<string, unknown> | undefined)?._csrf))
      throw new CsrfRefused();
    request.siteSession = session;
    return true;
  }
}

/** The signed-in session the guard found. */
export const SiteSession = createParamDecorator((_: unknown, context: ExecutionContext): SignedInSession => {
  const session = context.switchToHttp().getRequest<SiteRequest>().siteSession;
  if (!session) throw new SignInRequired();
  return session;
});

const NOT_FOUND_CODES = new Set([IncidentErrorCode.IncidentNotFound, IncidentErrorCode.NotFound]);

/** Errors of the site's pages as pages: sign-in redirects, 403/404 pages, and a 500 with an error id. */
@Catch()
export class SiteErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Site');

  constructor(@Inject(SiteRenderer) private readonly renderer: SiteRenderer) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<SiteRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof SignInRequired) return this.signIn(request, response);
    const [status, heading, text] = this.describe(error);
    const page = this.renderer.page(
      'error',
      {
        title: heading,
        viewer: request.siteSession?.viewer ?? null,
        csrf: request.siteSession?.csrfToken ?? null,
        nav: null,
      },
      { heading, text },
    );
    response.status(status).type('html').send(page);
  }

  private signIn(request: Request, response: Response): void {
    if (request.method === 'GET' || request.method === 'HEAD') {
      response.redirect(303, '/site/sign-in');
      return;
    }
    response
      .status(401)
      .type('html')
      .send(
        this.renderer.page(
          'error',
          { title: 'Signed out', viewer: null, csrf: null, nav: null },
          {
            heading: 'Signed out',
            text: 'Your session has ended. Sign in again, then repeat what you were doing.',
          },
        ),
      );
  }

  private describe(error: unknown): [number, string, string] {
    if (error instanceof CsrfRefused)
      return [
        403,
        'Form expired',
        'This form did not come from your current session. Reload the page and try again.',
      ];
    if (error instanceof IncidentError && NOT_FOUND_CODES.has(error.code))
      return [404, 'Not found', error.message];
    if (error instanceof IncidentError) return [400, 'Not possible', error.message];
    if (error instanceof HttpException && error.getStatus() < 500)
      return [error.getStatus(), 'Not found', 'There is no such page.'];
    const errorId = randomUUID();
    this.logger.error(
      `Unhandled error ${errorId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return [
      500,
      'Something went wrong',
      `Something went wrong on our side (error id ${errorId}). Please try again.`,
    ];
  }
}
