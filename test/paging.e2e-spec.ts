import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyWebhookSignature } from '@firebreak/notifications';
import { FakePagerDuty, sendWebhook } from './fakes/pagerduty/fake-pagerduty.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

const WAIT = { timeout: 15_000, interval: 25 };
const DEFAULT_KEY = 'DefaultRoutingKey0123456789abcde';
const PAYMENTS_KEY = 'PaymentsRoutingKey0123456789abcd';
const SECRETS = ['pagerduty-secret-old-0123456789', 'pagerduty-secret-new-0123456789'];

describe('paging the on-call lead through PagerDuty', () => {
  const db = new TempDatabase();
  let pagerDuty: FakePagerDuty;
  let app: INestApplication;
  let environment: NodeJS.ProcessEnv;

  const run = async (text: string) =>
    (
      await request(app.getHttpServer())
        .post('/api/v1/commands')
        .set('Authorization', BEARER)
        .send({ text })
        .expect(200)
    ).body as { message: { text: string }; incident: Record<string, unknown> };
  const incident = async (ref: string) =>
    (
      await request(app.getHttpServer())
        .get(`/api/v1/incidents/${ref}`)
        .set('Authorization', BEARER)
        .expect(200)
    ).body;
  const timeline = async (ref: string) =>
    (
      await request(app.getHttpServer())
        .get(`/api/v1/incidents/${ref}/timeline`)
        .set('Authorization', BEARER)
        .expect(200)
    ).body as { kind: string; text: string; at: string }[];
  const webhookUrl = () =>
    `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1/pagers/pagerduty/webhook`;
  const eventsFor = (dedupKey: string, action: string) =>
    pagerDuty.events.filter((event) => event.dedup_key === dedupKey && event.event_action === action);

  beforeAll(async () => {
    pagerDuty = await FakePagerDuty.start();
    environment = {
      PAGERDUTY_ROUTING_KEY: DEFAULT_KEY,
      PAGERDUTY_ROUTING_KEYS: `Payments API=${PAYMENTS_KEY}`,
      PAGERDUTY_EVENTS_URL: pagerDuty.eventsUrl,
      PAGERDUTY_WEBHOOK_SECRETS: SECRETS.join(','),
    };
    app = await startGateway(db.url, environment);
  });
  afterAll(async () => {
    await app?.close();
    await pagerDuty.stop();
    db.remove();
  });

  it('triggers one PagerDuty event keyed by the reference, however often `page` is asked', async () => {
    await run('declare Checkout is failing for customers in Zürich 🛒');
    const paged = await run('page INC-1');
    expect(paged.message.text).toContain('Paged the on-call lead of INC-1 through PagerDuty');
    const again = await run('page INC-1');
    expect(again.message.text).toContain('INC-1 already paged PagerDuty');
    // The payments service has a key of its own: a page there is a second PagerDuty event, on its key.
    await run('page INC-1 payments api');
    await vi.waitFor(() => expect(eventsFor('INC-1', 'trigger')).toHaveLength(2), WAIT);
    const [first, second] = eventsFor('INC-1', 'trigger');
    expect(first).toMatchObject({
      routing_key: DEFAULT_KEY,
      event_action: 'trigger',
      dedup_key: 'INC-1',
      payload: {
        summary: 'INC-1: Checkout is failing for customers in Zürich 🛒',
        severity: 'error',
        source: 'Firebreak',
      },
    });
    expect(second).toMatchObject({ routing_key: PAYMENTS_KEY, payload: { component: 'Payments API' } });
    // The paged lead lands on the incident's living document first.
    expect((first as { links?: { href: string; text: string }[] }).links?.[0]).toMatchObject({
      href: expect.stringMatching(/\/site\/incidents\/INC-1$/),
      text: 'INC-1 document',
    });
    const pages = (await incident('INC-1')).pages;
    expect(pages.map((page: { service: string | null }) => page.service)).toEqual([null, 'Payments API']);
    expect((await timeline('INC-1')).filter((entry) => entry.kind === 'paged')).toHaveLength(2);
  });

  it('refuses a service without a routing key, naming the ones there are', async () => {
    const answer = await request(app.getHttpServer())
      .post('/api/v1/commands')
      .set('Authorization', BEARER)
      .send({ text: 'page INC-1 billing' })
      .expect(400);
    expect(answer.body.detail).toContain('No pager is configured for "billing". Services: Payments API.');
  });

  it('logs an acknowledgement signed with any configured secret once, as the acknowledgement milestone', async () => {
    const forged = await sendWebhook(webhookUrl(), ['not-the-configured-secret'], {
      eventType: 'incident.acknowledged',
      incidentKey: 'INC-1',
      agent: 'Mallory',
      occurredAt: new Date(),
    });
    expect(forged.status).toBe(401);
    const unsigned = await sendWebhook(webhookUrl(), [], {
      eventType: 'incident.acknowledged',
      incidentKey: 'INC-1',
      agent: 'Mallory',
      occurredAt: new Date(),
    });
    expect(unsigned.status).toBe(401);
    expect((await incident('INC-1')).acknowledgedAt).toBeNull();

    const acknowledgedAt = new Date(Date.now() - 1_000);
    const event = {
      id: 'PD-EVENT-1',
      eventType: 'incident.acknowledged',
      incidentKey: 'INC-1',
      agent: 'Zoë Ångström',
      occurredAt: acknowledgedAt,
    };
    const accepted = await sendWebhook(webhookUrl(), [SECRETS[1]!], event);
    expect(accepted).toEqual({ status: 200, body: { outcome: 'acknowledged', incident: 'INC-1' } });
    // PagerDuty retries a delivery it thinks failed: the same event applies once.
    expect((await sendWebhook(webhookUrl(), SECRETS, event)).status).toBe(200);
    const acknowledged = await incident('INC-1');
    expect(acknowledged.acknowledgedAt).toBe(acknowledgedAt.toISOString());
    expect(acknowledged.pages[0].acknowledgedBy).toBe('Zoë Ångström');
    const entries = (await timeline('INC-1')).filter((entry) => entry.kind === 'page_acknowledged');
    expect(entries).toEqual([
      expect.objectContaining({
        text: 'Zoë Ångström acknowledged the page on PagerDuty',
        at: acknowledgedAt.toISOString(),
      }),
    ]);
  });

  it('ignores other events and incidents Firebreak did not page, so PagerDuty does not retry them', async () => {
    const other = await sendWebhook(webhookUrl(), SECRETS, {
      eventType: 'incident.acknowledged',
      incidentKey: 'd3640fbd41094207a1c11e58e46b1662',
      agent: 'Someone',
      occurredAt: new Date(),
    });
    expect(other).toEqual({ status: 200, body: { outcome: 'ignored', incident: null } });
    const annotated = await sendWebhook(webhookUrl(), SECRETS, {
      eventType: 'incident.annotated',
      incidentKey: 'INC-1',
      agent: 'Someone',
      occurredAt: new Date(),
    });
    expect(annotated.body).toEqual({ outcome: 'ignored', incident: null });
    const broken = await sendWebhook(webhookUrl(), SECRETS, { event: { id: 'x', event_type: 1 } });
    expect(broken.status).toBe(400);
  });

  it('resolves every page when the incident is resolved, once, also when it closes', async () => {
    await run('resolve INC-1');
    await vi.waitFor(() => expect(eventsFor('INC-1', 'resolve')).toHaveLength(2), WAIT);
    expect(
      eventsFor('INC-1', 'resolve')
        .map((event) => event.routing_key)
        .sort(),
    ).toEqual([DEFAULT_KEY, PAYMENTS_KEY].sort());
    expect(pagerDuty.alert(DEFAULT_KEY, 'INC-1')?.status).toBe('resolved');
    await run('close INC-1 --override drill');
    await run('declare Marker after close');
    await run('page INC-2');
    await vi.waitFor(() => expect(eventsFor('INC-2', 'trigger')).toHaveLength(1), WAIT);
    expect(eventsFor('INC-1', 'resolve')).toHaveLength(2);
  });

  it('delays a page through a PagerDuty outage and sends it once, also across a gateway restart', async () => {
    await run('declare Search results are empty for every query');
    pagerDuty.failNext(10_000, 503);
    await run('page INC-3');
    await vi.waitFor(
      () => expect(pagerDuty.requests.filter((each) => each.status === 503).length).toBeGreaterThan(1),
      WAIT,
    );
    await app.close();
    pagerDuty.recover();
    app = await startGateway(db.url, environment);
    await vi.waitFor(() => expect(eventsFor('INC-3', 'trigger')).toHaveLength(1), WAIT);
    expect((await run('page INC-3')).message.text).toContain('already paged');
    await run('page INC-3 Payments API');
    await vi.waitFor(() => expect(eventsFor('INC-3', 'trigger')).toHaveLength(2), WAIT);
    expect(pagerDuty.alert(DEFAULT_KEY, 'INC-3')).toMatchObject({ status: 'triggered', triggers: 1 });
  });
});

describe('paging through a signed webhook', () => {
  const db = new TempDatabase();
  const received: { body: string; signature: string | undefined }[] = [];
  let receiver: Server;
  let app: INestApplication;
  const secret = 'webhook-pager-secret-0123456789';

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: req.headers['x-firebreak-signature'] as string | undefined,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    app = await startGateway(db.url, {
      PAGER_WEBHOOK_URL: `http://127.0.0.1:${port}/page`,
      PAGER_WEBHOOK_SECRET: secret,
    });
  });
  afterAll(async () => {
    await app?.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
    db.remove();
  });

  it('posts a signed trigger for any escalation policy named, and a resolve when the incident is', async () => {
    const run = (text: string) =>
      request(app.getHttpServer())
        .post('/api/v1/commands')
        .set('Authorization', BEARER)
        .send({ text })
        .expect(200);
    await run('declare Les paiements échouent 💳');
    await run('page INC-1 Platform on-call');
    await vi.waitFor(() => expect(received).toHaveLength(1), WAIT);
    await run('resolve INC-1');
    await vi.waitFor(() => expect(received).toHaveLength(2), WAIT);
    for (const delivery of received)
      expect(verifyWebhookSignature(secret, delivery.body, delivery.signature)).toBe(true);
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'INC-1',
      service: 'Platform on-call',
      summary: 'INC-1: Les paiements échouent 💳',
      severity: 'major',
    });
    expect(JSON.parse(received[1]!.body)).toMatchObject({ event_action: 'resolve', dedup_key: 'INC-1' });
  });
});
