import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { useSharedWebsockets, useTrustedProxies } from '@firebreak/operations';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config.js';
import { ALERT_BODY_LIMIT, isAlertNotification } from './alerts/alert-body.js';
import { allowApiDocs, allowSite } from './http/gateway-security.js';
import { siteBaseUrlOf } from './site/site-config.js';
import { siteAsset } from './site/site-renderer.js';
import { createOpenApiDocument } from './http/openapi-document.js';
import { gatewayProblemFilter } from './http/problem-details.filter.js';
import { refuseUnreadableBodies } from './http/readable-bodies.js';

/** Everything main.ts and the e2e tests both apply, so tests boot exactly what production runs. */
export function configureGateway(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  useTrustedProxies(app);
  express.use(refuseUnreadableBodies);
  // Alert notifications carry whole groups (100 alerts and more): their route reads larger bodies than the rest.
  express.useBodyParser('json', { limit: ALERT_BODY_LIMIT, type: isAlertNotification });
  express.useBodyParser('json', { limit: '256kb' });
  app.useGlobalFilters(gatewayProblemFilter());
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  const document = createOpenApiDocument(app, config.PUBLIC_GATEWAY_URL);
  express.use('/api/docs', allowApiDocs);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  express.use('/site', allowSite(siteBaseUrlOf(config)));
  express.useStaticAssets(siteAsset('public'), { prefix: '/site/assets/', maxAge: '1h', etag: true });
  // The site's live feed: socket.io, fanned out through Redis across replicas when REDIS_URL is set.
  useSharedWebsockets(app);
  return app;
}
