import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, LoopbackSmtpServer } from './support/communications-fakes.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { startStatusPage } from './support/status-page-app.js';

describe('the status page subscribe form, posting to the gateway', () => {
  const database = new TempDatabase();
  const smtp = new LoopbackSmtpServer();
  let gateway: INestApplication;
  let statusPage: INestApplication;
  let subscribeUrl: string;

  beforeAll(async () => {
    await smtp.start();
    gateway = await startGateway(database.url, { SMTP_URL: smtp.url, COMMS_TICK_MS: '40' });
    subscribeUrl = `${(await gateway.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1/subscriptions`;
    await request(gateway.getHttpServer())
      .post('/api/v1/components')
      .set('Authorization', BEARER)
      .send({ name: 'API' })
      .expect(201);
    await request(gateway.getHttpServer())
      .post('/api/v1/components')
      .set('Authorization', BEARER)
      .send({ name: 'Website' })
      .expect(201);
    statusPage = await startStatusPage(database.url, { STATUS_PAGE_SUBSCRIBE_URL: subscribeUrl });
  });
  afterAll(async () => {
    await statusPage?.close();
    await gateway?.close();
    await smtp.stop();
    database.remove();
  });

  it('shows a form that posts to the gateway, with a checkbox per component', async () => {
    const home = await request(statusPage.getHttpServer()).get('/').expect(200);
    expect(home.text).toContain(`<form method="post" action="${subscribeUrl}">`);
    expect(home.text).toContain('name="email"');
    expect(home.text).toMatch(/name="components" value="api"> API/);
    expect(home.text).toMatch(/name="components" value="website"> Website/);
  });

  it('subscribes from the form as a browser posts it, for the ticked components, and mails the confirmation', async () => {
    const answer = await request(gateway.getHttpServer())
      .post('/api/v1/subscriptions')
      .type('form')
      .set('Accept', 'text/html,application/xhtml+xml')
      .send('email=reader%40example.test&components=api&components=website')
      .expect(202);
    expect(answer.text).toContain('Check your inbox');
    await eventually(() => smtp.to('reader@example.test').length === 1);
    expect(smtp.to('reader@example.test')[0]!.subject).toBe('Confirm your subscription to Firebreak Status');
  });

  it('shows no form when no subscribe URL is configured', async () => {
    const plain = await startStatusPage(database.url);
    try {
      const home = await request(plain.getHttpServer()).get('/').expect(200);
      expect(home.text).not.toContain('name="email"');
    } finally {
      await plain.close();
    }
  });
});
