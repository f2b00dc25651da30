import type { INestApplication } from '@nestjs/common';
import { NotificationQueue, SubscriberRepository } from '@firebreak/incident';
import { FixedClock } from '@firebreak/incident/testing';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, LoopbackSmtpServer } from './support/communications-fakes.js';
import { startGatewayWithClock } from './support/communications-gateway.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

const confirmLinkIn = (text: string) => /http\S+(\/api\/v1\/subscriptions\/confirm\/[\w-]+)/.exec(text)![1]!;

describe('email double opt-in that cannot be turned against an inbox or a subscriber list', () => {
  const smtp = new LoopbackSmtpServer();
  let database: TempDatabase;
  let app: INestApplication | null = null;

  const environment: NodeJS.ProcessEnv = {
    SMTP_URL: smtp.url,
    NOTIFY_FROM: 'Status <status@example.test>',
    COMMS_TICK_MS: '40',
    // The rate limits would stop a single test client long before the inbox is at risk: off, to test the inbox.
    SUBSCRIBE_RATE_LIMIT: '100000',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
  };
  const api = () => request(app!.getHttpServer());
  const subscribe = (email: string) => api().post('/api/v1/subscriptions').send({ email });
  const settled = async () => {
    const queue = app!.get(NotificationQueue);
    await eventually(async () => (await queue.pendingCount()) === 0);
  };

  beforeAll(async () => {
    await smtp.start();
    environment['SMTP_URL'] = smtp.url;
  });
  afterAll(() => smtp.stop());
  beforeEach(() => {
    database = new TempDatabase();
    smtp.messages.length = 0;
  });
  afterEach(async () => {
    await app?.close();
    app = null;
    database.remove();
  });

  it('mails one confirmation however often, and however concurrently, an address is subscribed', async () => {
    app = await startGateway(database.url, environment);
    const answers = [];
    for (let n = 0; n < 20; n += 1)
      answers.push(await subscribe(n % 2 ? 'Bea.Müller@Example.test' : 'bea.müller@example.test'));
    answers.push(
      ...(await Promise.all(Array.from({ length: 25 }, () => subscribe('BEA.MÜLLER@EXAMPLE.TEST')))),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(45).fill(202));
    await eventually(() => smtp.to('bea.müller@example.test').length >= 1);
    await settled();
    expect(smtp.to('bea.müller@example.test')).toHaveLength(1);
  });

  it('answers a new, a pending and a confirmed address alike', async () => {
    app = await startGateway(database.url, environment);
    await subscribe('confirmed@example.test').expect(202);
    await eventually(() => smtp.to('confirmed@example.test').length === 1);
    await api()
      .post(confirmLinkIn(smtp.to('confirmed@example.test')[0]!.text))
      .expect(200);

    const fresh = await subscribe('new@example.test');
    const pending = await subscribe('new@example.test');
    const confirmed = await subscribe('confirmed@example.test');
    for (const answer of [fresh, pending, confirmed]) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ channel: 'email', state: 'pending', componentIds: [] });
    }
    const form = (email: string) =>
      api()
        .post('/api/v1/subscriptions')
        .type('form')
        .set('Accept', 'text/html')
        .send(`email=${encodeURIComponent(email)}`);
    const pages = await Promise.all(
      ['other@example.test', 'new@example.test', 'confirmed@example.test'].map(form),
    );
    expect(new Set(pages.map((page) => `${page.status} ${page.text}`)).size).toBe(1);
  });

  it('confirms only when the button is pressed: a mail scanner following the link confirms nothing', async () => {
    app = await startGateway(database.url, environment);
    // The REST routes, not the command language: its parser is not what this test is about.
    const authorised = (path: string, body: object) =>
      api().post(path).set('Authorization', BEARER).send(body).expect(201);
    await authorised('/api/v1/incidents', {
      title: 'Payments are slow for customers in Zürich',
      publicTitle: 'Payments are slow for customers in Zürich',
    });
    await subscribe('scanned@example.test').expect(202);
    await eventually(() => smtp.to('scanned@example.test').length === 1);
    const link = confirmLinkIn(smtp.to('scanned@example.test')[0]!.text);

    for (let scan = 0; scan < 3; scan += 1) {
      const page = await api().get(link).expect(200);
      expect(page.text).toContain(`<form method="post" action="${link}">`);
    }
    const subscribers = app.get(SubscriberRepository);
    expect((await subscribers.findLive('email', 'scanned@example.test'))!.state).toBe('pending');
    await authorised('/api/v1/incidents/INC-1/updates', {
      body: 'Card payments take up to a minute; we are adding capacity and will update within 30 minutes.',
    });
    await settled();
    expect(smtp.to('scanned@example.test')).toHaveLength(1);

    await api().post(link).expect(200);
    expect((await subscribers.findLive('email', 'scanned@example.test'))!.state).toBe('active');
    await api().get('/api/v1/subscriptions/confirm/not-a-real-token-at-all').expect(404);
  });
});

describe('the confirmation window', () => {
  const smtp = new LoopbackSmtpServer();
  const database = new TempDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:09:00.000Z'));
  let app: INestApplication;

  beforeAll(async () => {
    await smtp.start();
    ({ app } = await startGatewayWithClock(database.url, clock, {
      SMTP_URL: smtp.url,
      SUBSCRIBE_CONFIRMATION_WINDOW_MINUTES: '10',
    }));
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
    database.remove();
  });

  it('is a sliding window per address: one mail per window, the next once a window has passed', async () => {
    const subscribe = async () => {
      await request(app.getHttpServer())
        .post('/api/v1/subscriptions')
        .send({ email: 'window@example.test' })
        .expect(202);
      const queue = app.get(NotificationQueue);
      await eventually(async () => (await queue.pendingCount()) === 0);
      return smtp.to('window@example.test').length;
    };
    expect(await subscribe()).toBe(1);
    clock.advance(2 * 60_000); // 09:11, across a ten-minute boundary: still within ten minutes of the first
    expect(await subscribe()).toBe(1);
    clock.advance(7 * 60_000); // 09:18
    expect(await subscribe()).toBe(1);
    clock.advance(1 * 60_000 + 1); // 09:19 and a bit: a window after the first
    expect(await subscribe()).toBe(2);
    expect(await subscribe()).toBe(2);
  });
});
