import { DeliveryLog, IncidentService, jsonified, type OutboxEvent } from '@firebreak/incident';
import { ChatDeliveryRow } from '@firebreak/persistence';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BEARER } from './support/gateway-app.js';
import {
  embedOf,
  postsTitled,
  setUpIncidentsChannel,
  startDiscordGateway,
  type DiscordGatewayHarness,
} from './support/discord-gateway.js';

const WAIT = { timeout: 20_000, interval: 50 };

/**
 * Outbox delivery to Discord while Discord misbehaves: every post must arrive exactly once after recovery.
 * Incidents are declared through the HTTP API so the faults hit only the outbox's posts.
 */
describe('Discord delivery through rate limits and outages', () => {
  let h: DiscordGatewayHarness;
  let incidentsChannelId: string;

  const declare = async (title: string): Promise<string> => {
    const response = await request(h.app.getHttpServer())
      .post('/api/v1/incidents')
      .set('Authorization', BEARER)
      .send({ title, publicTitle: title })
      .expect(201);
    return (response.body as { ref: string }).ref;
  };
  const channelsNamed = (name: string) => h.fake.channels().filter((each) => each.name === name);
  const channelCreations = () =>
    h.fake.requests.filter((each) => each.method === 'POST' && /^\/guilds\/\d+\/channels$/.test(each.path));

  /** Waits until the incident is fully delivered, then checks nothing arrived twice. */
  const expectDeliveredOnce = async (ref: string, channelName: string): Promise<string> => {
    await vi.waitFor(async () => {
      await h.relay.drain();
      expect(channelsNamed(channelName)).toHaveLength(1);
      const incident = await h.incidents.getIncident(ref);
      expect(incident.spaces).toHaveLength(1);
    }, WAIT);
    const channelId = channelsNamed(channelName)[0]!.id;
    expect(postsTitled(h.fake, channelId, `${ref}:`)).toHaveLength(1);
    expect(postsTitled(h.fake, incidentsChannelId, `Incident declared: ${ref}`)).toHaveLength(1);
    return channelId;
  };

  beforeAll(async () => {
    h = await startDiscordGateway();
    incidentsChannelId = h.fake.findChannelByName('incidents')!.id;
    await setUpIncidentsChannel(h.app, h.fake);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('waits out 429s with retry_after and posts each message once', async () => {
    h.fake.failNext(2, { status: 429, retryAfterSeconds: 1 }, { method: 'POST', path: /\/messages$/ });
    const ref = await declare('Rate limited declare');
    await expectDeliveredOnce(ref, 'inc-1-rate-limited-declare');
    const limited = h.fake.requests.filter((each) => each.status === 429);
    expect(limited).toHaveLength(2);
  });

  it('retries through a 503 outage with backoff and delivers everything once after recovery', async () => {
    h.fake.pause('unavailable');
    const ref = await declare('Declared during a Discord outage');
    await vi.waitFor(
      () => expect(h.fake.requests.filter((each) => each.status === 503).length).toBeGreaterThanOrEqual(2),
      WAIT,
    );
    expect(channelsNamed('inc-2-declared-during-a-discord-outage')).toHaveLength(0);
    h.fake.resume();
    await expectDeliveredOnce(ref, 'inc-2-declared-during-a-discord-outage');
    const metrics = await request(h.app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /firebreak_connector_errors_total\{connector="discord",kind="delivery"[^}]*\} [1-9]/,
    );
  });

  it('recovers from a failure between posts: the channel and headline are not made twice', async () => {
    // The headline post succeeds, the announcement fails: the retry must skip what is already there.
    h.fake.failNext(
      1,
      { status: 503 },
      { method: 'POST', path: new RegExp(`^/channels/${incidentsChannelId}/messages$`) },
    );
    const before = channelCreations().length;
    const ref = await declare('Half delivered');
    const channelId = await expectDeliveredOnce(ref, 'inc-3-half-delivered');
    expect(channelCreations().length - before).toBe(1);
    expect(postsTitled(h.fake, channelId, `${ref}:`)).toHaveLength(1);
  });

  it('skips or edits when an event is delivered again after a crash', async () => {
    const channelId = channelsNamed('inc-3-half-delivered')[0]!.id;
    const messagesBefore = h.fake.messagesIn(channelId).length;
    const incident = jsonified(await h.app.get(IncidentService).getIncident('INC-3'));
    const redelivered: OutboxEvent = {
      position: 1,
      type: 'incident.declared',
      incidentRef: 'INC-3',
      occurredAt: new Date(),
      payload: { incident },
    };
    await h.connector.delivery.handle(redelivered);
    await h.connector.delivery.handle({
      ...redelivered,
      type: 'incident.changed',
      payload: { change: 'summary', incident },
    });
    expect(h.fake.messagesIn(channelId)).toHaveLength(messagesBefore);
    expect(channelsNamed('inc-3-half-delivered')).toHaveLength(1);
  });

  it('finds posts that reached Discord before a crash lost their record, instead of posting again', async () => {
    const ref = await declare('Lost response');
    const channelId = await expectDeliveredOnce(ref, 'inc-4-lost-response');
    const log = h.app.get(DeliveryLog);
    const keys = [`discord:channel:${ref}`, `discord:headline:${ref}`, `discord:announcement:${ref}`];
    const before = await Promise.all(keys.map((key) => log.find(key)));
    // As if the process died after each REST call succeeded but before its result was written down.
    await h.app
      .get(DataSource)
      .getRepository(ChatDeliveryRow)
      .delete(keys.map((key) => ({ key })));
    const creations = channelCreations().length;

    await h.connector.delivery.handle({
      position: 1,
      type: 'incident.declared',
      incidentRef: ref,
      occurredAt: new Date(),
      payload: { incident: jsonified(await h.app.get(IncidentService).getIncident(ref)) },
    });

    expect(channelCreations().length).toBe(creations);
    expect(channelsNamed('inc-4-lost-response')).toHaveLength(1);
    expect(postsTitled(h.fake, channelId, `${ref}:`)).toHaveLength(1);
    expect(postsTitled(h.fake, incidentsChannelId, `Incident declared: ${ref}`)).toHaveLength(1);
    const after = await Promise.all(keys.map((key) => log.find(key)));
    expect(after.map((each) => each?.platformMessageId)).toEqual(
      before.map((each) => each?.platformMessageId),
    );
  });

  it('delivers a headline edit made while Discord resets connections, after recovery', async () => {
    h.fake.pause('reset');
    await request(h.app.getHttpServer())
      .post('/api/v1/commands')
      .set('Authorization', BEARER)
      .send({ text: 'sev INC-3 critical' })
      .expect((response) => expect(response.status).toBeLessThan(300));
    await vi.waitFor(
      () => expect(h.fake.requests.filter((each) => each.status === 0).length).toBeGreaterThanOrEqual(1),
      WAIT,
    );
    h.fake.resume();
    const channelId = channelsNamed('inc-3-half-delivered')[0]!.id;
    await vi.waitFor(async () => {
      await h.relay.drain();
      expect(embedOf(postsTitled(h.fake, channelId, 'INC-3:')[0]).fields).toContainEqual(
        expect.objectContaining({ name: 'Severity', value: 'critical' }),
      );
    }, WAIT);
    expect(postsTitled(h.fake, channelId, 'INC-3:')).toHaveLength(1);
  });

  it('skips what Discord refuses for good (a deleted incident channel) instead of holding up every later post', async () => {
    const deleted = await declare('Channel an admin deletes');
    const deletedChannelId = await expectDeliveredOnce(deleted, 'inc-5-channel-an-admin-deletes');
    h.fake.deleteChannel(deletedChannelId);
    await request(h.app.getHttpServer())
      .post('/api/v1/commands')
      .set('Authorization', BEARER)
      .send({ text: `sev ${deleted} critical` })
      .expect((response) => expect(response.status).toBeLessThan(300));
    const next = await declare('Declared after the deletion');
    await expectDeliveredOnce(next, 'inc-6-declared-after-the-deletion');
    const refused = h.fake.requests.filter(
      (each) => each.status === 404 && each.path.startsWith(`/channels/${deletedChannelId}/`),
    );
    // Tried once (discord.js does not retry a 404), skipped, never retried by the relay.
    expect(refused).toHaveLength(1);
  });

  it('still echoes an update when the headline it would edit first was deleted', async () => {
    const ref = await declare('Headline someone deletes');
    const channelId = await expectDeliveredOnce(ref, 'inc-7-headline-someone-deletes');
    h.fake.deleteMessage(channelId, postsTitled(h.fake, channelId, `${ref}:`)[0]!.id);
    await request(h.app.getHttpServer())
      .post(`/api/v1/incidents/${ref}/updates`)
      .set('Authorization', BEARER)
      .send({ body: 'Echoed although the headline is gone.' })
      .expect(201);
    await vi.waitFor(async () => {
      await h.relay.drain();
      expect(postsTitled(h.fake, channelId, `Public update on ${ref}`)).toHaveLength(1);
    }, WAIT);
  });
});
