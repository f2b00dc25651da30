import { type ArgumentsHost, Catch, type ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter } from '@firebreak/operations';
import type { PageRenderer } from './site/page-renderer.js';

/**
 * The one place the status page answers failures: RFC 9457 problem+json, except that a browser asking for a
 * page that does not exist gets the site's 404 page. "A browser" is content negotiation: outside /api/, a
 * client whose Accept prefers text/html over problem+json and JSON (browsers name text/html first; curl's
 * wildcard and API clients get the problem document).
 */
@Catch()
export class StatusPageErrorFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  constructor(private readonly renderer: PageRenderer) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (!(error instanceof NotFoundException) || !wantsPage(request)) {
      this.problems.catch(error, host);
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    response.status(404).type('html').send(this.renderer.notFound());
  }
}

function wantsPage(request: Request): boolean {
  if (request.path.startsWith('/api/')) return false;
  return request.accepts([PROBLEM_CONTENT_TYPE, 'application/json', 'text/html']) === 'text/html';
}
