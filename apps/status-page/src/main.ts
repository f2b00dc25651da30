import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureStatusPage } from './configure-status-page.js';
import { loadStatusPageConfig, StatusPageConfigurationError } from './status-page-config.js';
import { StatusPageModule } from './status-page.module.js';

async function bootstrap(): Promise<void> {
  const config = loadStatusPageConfig();
  const app = await NestFactory.create(StatusPageModule.forRoot(config));
  configureStatusPage(app);
  await app.listen(config.STATUS_PAGE_PORT, config.STATUS_PAGE_HOST);
  new Logger('StatusPage').log(`Listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof StatusPageConfigurationError ? error.message : error);
  process.exit(1);
});
