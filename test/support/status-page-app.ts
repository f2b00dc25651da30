import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OutboxRelay } from '@firebreak/persistence';
import { configureStatusPage } from '../../apps/status-page/src/configure-status-page.js';
import { loadStatusPageConfig } from '../../apps/status-page/src/status-page-config.js';
import { StatusPageModule } from '../../apps/status-page/src/status-page.module.js';

export const STATUS_PAGE_TEST_URL = 'https://status.example.test';

/** Boots the real status page (same module and configure function as main.ts) on loopback. */
export async function startStatusPage(
  databaseUrl: string,
  environment: NodeJS.ProcessEnv = {},
): Promise<INestApplication> {
  const config = loadStatusPageConfig({
    DATABASE_URL: databaseUrl,
    STATUS_PAGE_NAME: 'Acme Status',
    STATUS_PAGE_URL: STATUS_PAGE_TEST_URL,
    STATUS_PAGE_ID: 'acme',
    STATUS_PAGE_SUPPORT_URL: 'https://support.example.test/',
    STATUS_PAGE_OUTBOX_POLL_MS: '20',
    LOG_LEVEL: 'silent',
    ...environment,
  });
  const app = await NestFactory.create(StatusPageModule.forRoot(config), {
    logger: process.env['STATUS_PAGE_TEST_LOG'] ? ['error', 'warn'] : false,
  });
  configureStatusPage(app);
  await app.listen(0, '127.0.0.1');
  return app;
}

/** Lets the status page's outbox consumers see everything written so far (cache invalidation, live pushes). */
export async function settle(statusPage: INestApplication): Promise<void> {
  await statusPage.get(OutboxRelay).drain();
}

export async function baseUrlOf(app: INestApplication): Promise<string> {
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}
