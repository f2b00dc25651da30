import { type ArgumentsHost, Catch, type ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { PageRenderer } from './site/page-renderer.js';

/** A real 404 everywhere: JSON under /api, an HTML page elsewhere (no framework details either way). */
@Catch(NotFoundException)
export class StatusPageNotFoundFilter implements ExceptionFilter {
  constructor(private readonly renderer: PageRenderer) {}

  catch(_: NotFoundException, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    response.setHeader('Cache-Control', 'no-store');
    if (request.path.startsWith('/api/')) {
      response.status(404).json({ error: 'Not found', status: 404 });
      return;
    }
    response.status(404).type('html').send(this.renderer.notFound());
  }
}
