import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Shared by main.ts and the e2e tests so both boot the same app. */
export function configureStatusPage(app: INestApplication): INestApplication {
  (app as NestExpressApplication).disable('x-powered-by');
  app.enableShutdownHooks();
  return app;
}
