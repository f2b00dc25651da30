import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enableGracefulShutdown, OperationsLogger } from '@firebreak/operations';
import { configureStatusPage } from './configure-status-page.js';
import { loadStatusPageConfig, StatusPageConfigurationError } from './status-page-config.js';
import { StatusPageModule } from './status-page.module.js';

async function bootstrap(): Promise<void> {
  const config = loadStatusPageConfig();
  const app = await NestFactory.create(StatusPageModule.forRoot(config), {
    // While shutting down, requests still arriving on open connections get 503 problem+json with
    // Connection: close from the operations middleware (Nest's own return503OnClosing answers plain text).
    bufferLogs: true,
  });
  app.useLogger(app.get(OperationsLogger));
  // Signals close the app (after SHUTDOWN_GRACE_MS for SIGTERM) and exit 0 after a clean shutdown; tests
  // that boot the app in-process close it themselves.
  enableGracefulShutdown(app, config.SHUTDOWN_GRACE_MS);
  configureStatusPage(app);
  await app.listen(config.STATUS_PAGE_PORT, config.STATUS_PAGE_HOST);
  new Logger('StatusPage').log(`Listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof StatusPageConfigurationError ? error.message : error);
  process.exit(1);
});
