import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureStatusPage } from '../apps/status-page/src/configure-status-page.js';
import { loadStatusPageConfig } from '../apps/status-page/src/status-page-config.js';
import { StatusPageModule } from '../apps/status-page/src/status-page.module.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

describe('gateway and status page on one database', () => {
  const database = new TempDatabase();
  let gateway: INestApplication;
  let statusPage: INestApplication;

  beforeAll(async () => {
    gateway = await startGateway(database.url);
    const config = loadStatusPageConfig({ DATABASE_URL: database.url });
    statusPage = await NestFactory.create(StatusPageModule.forRoot(config), { logger: false });
    configureStatusPage(statusPage);
    await statusPage.init();
  });

  afterAll(async () => {
    await statusPage?.close();
    await gateway?.close();
    database.remove();
  });

  it('boots the status page, whose health check reads what the gateway wrote', async () => {
    await request(gateway.getHttpServer())
      .post('/api/v1/components')
      .set('Authorization', BEARER)
      .send({ name: 'API' })
      .expect(201);
    const health = await request(statusPage.getHttpServer()).get('/healthz').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', components: 1 });
  });
});
