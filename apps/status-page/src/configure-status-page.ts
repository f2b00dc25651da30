import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  OperationsLogger,
  RequestTracker,
  useSharedWebsockets,
  useTrustedProxies,
} from '@firebreak/operations';
import type { NextFunction, Request, Response } from 'express';
import { serveCachedFirst } from './http/cache-fast-path.js';
import { StatusPageErrorFilter } from './status-page-error.filter.js';
import { StatusSite } from './site/status-site.js';
import { PageRenderer, statusPageAsset } from './site/page-renderer.js';

/** Browser widgets and aggregators read the JSON and feeds cross-origin. */
function allowCrossOrigin(request: Request, response: Response, next: NextFunction): void {
  if (request.path.startsWith('/api/v2/') || /\.(?:rss|atom)$/.test(request.path)) {
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      response.setHeader('Access-Control-Allow-Headers', 'If-None-Match');
      response.setHeader('Access-Control-Max-Age', '86400');
      response.status(204).end();
      return;
    }
  }
  next();
}

/** Shared by main.ts and the e2e tests so both boot the same app. */
export function configureStatusPage(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  useTrustedProxies(app);
  express.set('etag', false);
  express.use(allowCrossOrigin);
  express.useStaticAssets(statusPageAsset('public'), {
    prefix: '/assets/',
    maxAge: '1h',
    etag: true,
  });
  // socket.io, fanned out through Redis across replicas when REDIS_URL is set.
  useSharedWebsockets(app);
  app.useGlobalFilters(new StatusPageErrorFilter(app.get(PageRenderer)));
  serveCachedFirst(
    app.getHttpServer() as Server,
    app.get(StatusSite),
    app.get(RequestTracker),
    app.get(OperationsLogger),
  );
  return app;
}
