import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotificationQueue, SubscriberRepository } from '@firebreak/incident';
import { eventually, LoopbackSmtpServer, LoopbackWebhookReceiver } from './support/communications-fakes.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

describe('subscribers: email over real SMTP and signed webhooks through the outbox', () => {
  const smtp = new LoopbackSmtpServer();
  const receiver = new LoopbackWebhookReceiver();
  let database: TempDatabase;
  let app: INestApplication | null = null;

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    SMTP_URL: smtp.url,
    NOTIFY_FROM: 'Status <status@example.test>',
    WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32',
    NOTIFY_RETRY_BASE_MS: '40',
    COMMS_TICK_MS: '40',
    STATUS_PAGE_URL: 'http://status.example.test',
    ...extra,
  });
  const boot = async (extra: NodeJS.ProcessEnv = {}) => {
    app = await startGateway(database.url, env(extra));
  };
  const api = () => request(app!.getHttpServer());
  const command = (text: string) =>
    api().post('/api/v1/commands').set('Authorization', BEARER).send({ text }).expect(200);
  const subscribe = (body: Record<string, unknown>) => api().post('/api/v1/subscriptions').send(body);
  const pathOf = (url: string) => url.slice(url.indexOf('/api/v1/'));

  beforeAll(async () => {
    await smtp.start();
    await receiver.start();
  });
  afterAll(async () => {
    await smtp.stop();
    await receiver.stop();
  });
  beforeEach(async () => {
    database = new TempDatabase();
    receiver.accepted.length = 0;
    receiver.refused = 0;
    receiver.down = false;
    await boot();
    await command('declare Checkout is failing');
    await command('public-title INC-1 --confirm');
    await command('public-impact INC-1 major');
  });
  afterEach(async () => {
    await app?.close();
    app = null;
    database.remove();
  });

  it('confirms an email subscription by link (double opt-in), then mails every update with an unsubscribe link', async () => {
    const answer = await subscribe({ email: 'Ann@Example.test' }).expect(202);
    expect(answer.body).toMatchObject({ channel: 'email', state: 'pending' });
    await command('update INC-1 Not yet confirmed, so not mailed');
    await eventually(() => smtp.to('ann@example.test').length === 1);
    const [confirmation] = smtp.to('ann@example.test');
    expect(confirmation!.subject).toBe('Confirm your subscription to Firebreak Status');
    const confirmLink = /(http\S+\/confirm\/[\w-]+)/.exec(confirmation!.text)![1]!;
    await api().post(pathOf(confirmLink)).expect(200);

    await command('update INC-1 We found the cause and are fixing it.');
    await eventually(() => smtp.to('ann@example.test').length === 2);
    const update = smtp.to('ann@example.test')[1]!;
    expect(update.subject).toBe('[Firebreak Status] Checkout is failing: investigating');
    expect(update.text).toContain('We found the cause and are fixing it.');
    expect(update.raw).toMatch(/^List-Unsubscribe:\s+<http\S+\/unsubscribe\/[\w-]+>/m);
    const unsubscribeLink = /Unsubscribe: (http\S+\/unsubscribe\/[\w-]+)/.exec(update.text)![1]!;
    await api().get(pathOf(unsubscribeLink)).expect(200);
    await api().post(pathOf(unsubscribeLink)).expect(200);

    await command('update INC-1 Fixed.');
    const queue = app!.get(NotificationQueue);
    await eventually(async () => (await queue.pendingCount()) === 0);
    expect(smtp.to('ann@example.test')).toHaveLength(2);
  });

  it('delivers every event to a webhook that is down for a while, exactly once and signed, across a restart', async () => {
    const answer = await subscribe({ webhook: receiver.url() }).expect(202);
    receiver.secret = answer.body.secret;
    receiver.down = true;
    await api().post('/api/v1/components').set('Authorization', BEARER).send({ name: 'API' }).expect(201);
    for (let n = 1; n <= 4; n += 1) await command(`update INC-1 Update number ${n}`);
    await command('component INC-1 API major_outage');
    await eventually(() => receiver.refused >= 3);

    await app!.close();
    await boot();
    await eventually(() => receiver.refused >= 4);
    receiver.down = false;
    await eventually(() => receiver.accepted.length >= 5);
    const queue = app!.get(NotificationQueue);
    await eventually(async () => (await queue.pendingCount()) === 0);

    expect(receiver.accepted).toHaveLength(5);
    expect(new Set(receiver.accepted.map((hook) => hook.deliveryId)).size).toBe(5);
    expect(receiver.accepted.every((hook) => hook.signatureValid)).toBe(true);
    const bodies = receiver.accepted.map((hook) => hook.body);
    expect(
      bodies
        .slice(0, 4)
        .map(
          (body) => (body['incident'] as { incident_updates: { body: string }[] }).incident_updates[0]!.body,
        ),
    ).toEqual(['Update number 1', 'Update number 2', 'Update number 3', 'Update number 4']);
    // The same update has the same id in the webhook as in the status page's JSON API.
    const published = await api()
      .get('/api/v1/incidents/INC-1/updates')
      .set('Authorization', BEARER)
      .expect(200);
    expect(
      bodies
        .slice(0, 4)
        .map((body) => (body['incident'] as { incident_updates: { id: string }[] }).incident_updates[0]!.id),
    ).toEqual((published.body as { id: number }[]).map((update) => String(update.id)).reverse());
    expect(bodies[0]).toMatchObject({
      meta: {
        unsubscribe: expect.stringContaining('/api/v1/subscriptions/unsubscribe/'),
        generated_at: expect.any(String),
      },
      // The page indicator is the JSON API's: from the components (none marked yet), never from the impact.
      page: { id: 'firebreak', status_indicator: 'none', status_description: 'All Systems Operational' },
      incident: {
        id: 'INC-1',
        name: 'Checkout is failing',
        status: 'investigating',
        impact: 'major',
        resolved_at: null,
      },
    });
    expect(bodies[4]).toMatchObject({
      component_update: {
        old_status: 'operational',
        new_status: 'major_outage',
        component_type: 'Component',
        component_id: 'api',
      },
      component: { id: 'api', name: 'API', status: 'major_outage', group_id: null, page_id: 'firebreak' },
      // The only component is down: Statuspage's "critical" for the whole page, as /api/v2/status.json says.
      page: { id: 'firebreak', status_indicator: 'critical', status_description: 'Major System Outage' },
    });
  });

  it('announces a published post-incident write-up once, as a post-mortem, to webhooks and email', async () => {
    const hook = await subscribe({ webhook: receiver.url() }).expect(202);
    receiver.secret = hook.body.secret;
    await subscribe({ email: 'pm@example.test' }).expect(202);
    await eventually(() => smtp.to('pm@example.test').length === 1);
    const confirmLink = /(http\S+\/confirm\/[\w-]+)/.exec(smtp.to('pm@example.test')[0]!.text)![1]!;
    await api().post(pathOf(confirmLink)).expect(200);

    await command('lead INC-1');
    await command('update INC-1 Fixed and verified.');
    await command('resolve INC-1');
    await command('publish INC-1 confirm');
    await api()
      .put('/api/v1/incidents/INC-1/write-up')
      .set('Authorization', BEARER)
      .send({ markdown: '## What happened\n\nAn edit after publishing.' })
      .expect(200);
    const queue = app!.get(NotificationQueue);
    await eventually(async () => (await queue.pendingCount()) === 0 && receiver.accepted.length >= 2);

    const postmortems = receiver.accepted.filter(
      (each) => (each.body['incident'] as { status: string }).status === 'postmortem',
    );
    expect(postmortems).toHaveLength(1);
    expect(postmortems[0]!.body['incident']).toMatchObject({
      id: 'INC-1',
      postmortem_body: expect.stringContaining('## What happened'),
      postmortem_published_at: expect.any(String),
      incident_updates: [{ body: 'Fixed and verified.' }],
    });
    const mails = smtp
      .to('pm@example.test')
      .filter((mail) => mail.subject.includes('Post-incident write-up'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('http://status.example.test/incidents/INC-1');
  });

  it('sends per-component subscribers only what concerns their components', async () => {
    const headers = { Authorization: BEARER };
    await api().post('/api/v1/components').set(headers).send({ name: 'API' }).expect(201);
    await api().post('/api/v1/components').set(headers).send({ name: 'Website' }).expect(201);
    const answer = await subscribe({ webhook: receiver.url('/api-only'), components: ['API'] }).expect(202);
    expect(answer.body.componentIds).toEqual(['api']);
    receiver.secret = answer.body.secret;
    await command('component INC-1 Website degraded_performance');
    await command('component INC-1 API partial_outage');
    await eventually(() => receiver.accepted.length >= 1);
    const queue = app!.get(NotificationQueue);
    await eventually(async () => (await queue.pendingCount()) === 0);
    expect(receiver.accepted.map((hook) => (hook.body['component'] as { id: string }).id)).toEqual(['api']);
  });

  it('disables a webhook after repeated failures and sends its contact a notice', async () => {
    await app!.close();
    await boot({ WEBHOOK_MAX_FAILURES: '3' });
    receiver.down = true;
    const answer = await subscribe({
      webhook: receiver.url('/broken'),
      contactEmail: 'ops@example.test',
    }).expect(202);
    await command('update INC-1 One');
    await command('update INC-1 Two');
    await eventually(() => smtp.to('ops@example.test').length === 1);
    expect(smtp.to('ops@example.test')[0]!.subject).toBe(
      '[Firebreak Status] Your status webhook was disabled',
    );
    expect((await app!.get(SubscriberRepository).findById(answer.body.id))!.state).toBe('disabled');
    expect(receiver.refused).toBe(3);
  });

  it('refuses bad subscriptions with clear messages, and rate-limits', async () => {
    expect((await subscribe({ email: 'not-an-address' }).expect(400)).body.detail).toContain(
      'is not an email address',
    );
    expect(
      (await subscribe({ email: 'a@example.test', webhook: receiver.url() }).expect(400)).body.detail,
    ).toContain('either an email address or a webhook URL');
    expect((await subscribe({ webhook: 'ftp://example.test/x' }).expect(400)).body.detail).toContain(
      'https://',
    );
    // 127.0.0.1 is allowed in this suite (the loopback receiver); none of its neighbours is, however written.
    for (const webhook of [
      'http://0x7f.2/',
      'http://2130706434/',
      'http://[::ffff:127.0.0.2]/',
      'http://[fd00::1]/',
      'http://169.254.169.254/',
    ])
      expect((await subscribe({ webhook }).expect(400)).body.detail, webhook).toBe(
        'The webhook URL must point at a public host.',
      );
    expect(
      (await subscribe({ email: 'b@example.test', components: ['Nope'] }).expect(404)).body.detail,
    ).toContain('There is no component "Nope"');
    await api().get('/api/v1/subscriptions/confirm/not-a-real-token-at-all').expect(404);
    await app!.close();
    await boot({ SUBSCRIBE_RATE_LIMIT: '2' });
    await subscribe({ email: 'c@example.test' }).expect(202);
    await subscribe({ email: 'd@example.test' }).expect(202);
    const limited = await subscribe({ email: 'e@example.test' }).expect(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
  });

  it('accepts the status page form as a plain HTML form post', async () => {
    const response = await api()
      .post('/api/v1/subscriptions')
      .type('form')
      .set('Accept', 'text/html')
      .send('email=form%40example.test&components=')
      .expect(202);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.text).toContain('Check your inbox');
  });
});
