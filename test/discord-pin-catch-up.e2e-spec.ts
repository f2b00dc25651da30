import type { INestApplication } from '@nestjs/common';
import { DiscordConnector } from '@firebreak/discord';
import { IncidentService, type TimelineEntry } from '@firebreak/incident';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeDiscord } from './fakes/discord/fake-discord.js';
import { discordEnvironment, setUpIncidentsChannel } from './support/discord-gateway.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

const WAIT = { timeout: 20_000, interval: 50 };

/**
 * Pins are incident facts: one made while Discord's API fails, or while the gateway is not connected at all,
 * still enters the timeline once both sides are back.
 */
describe('Discord pins Firebreak could not read at the time', () => {
  const db = new TempDatabase();
  let fake: FakeDiscord;
  let app: INestApplication;
  let ref: string;
  let channelId: string;

  const boot = async () => {
    app = await startGateway(db.url, discordEnvironment(fake));
    await app.get(DiscordConnector).ready();
  };
  const pinOf = async (messageId: string): Promise<TimelineEntry | undefined> =>
    (await app.get(IncidentService).timeline(ref)).find(
      (entry) => entry.kind === 'message_pinned' && entry.message?.messageId === messageId,
    );

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    await boot();
    await setUpIncidentsChannel(app, fake);
    const declared = await request(app.getHttpServer())
      .post('/api/v1/incidents')
      .set('Authorization', BEARER)
      .send({ title: 'Queue consumers stall' })
      .expect(201);
    ref = (declared.body as { ref: string }).ref;
    await vi.waitFor(async () => {
      const space = (await app.get(IncidentService).getIncident(ref)).spaces[0];
      expect(space?.platform).toBe('discord');
      channelId = space!.channelId;
    }, WAIT);
  });

  afterAll(async () => {
    await app?.close();
    await fake?.stop();
    db.remove();
  });

  it('records a pin made while reading pins from Discord failed, once Discord answers again', async () => {
    // discord.js tries 4 times per read: the first sync fails outright, a later one succeeds.
    fake.failNext(4, { status: 503 }, { method: 'GET', path: /\/pins/ });
    const posted = fake.postAsUser(channelId, fake.users.bob, 'Consumers restarted 10:42');
    fake.pinAsUser(channelId, fake.users.alice, posted.id);
    await vi.waitFor(async () => expect(await pinOf(posted.id)).toBeDefined(), WAIT);
    const failed = fake.requests.filter((each) => /\/pins/.test(each.path) && each.status === 503);
    expect(failed).toHaveLength(4);
    expect((await pinOf(posted.id))?.author?.displayName).toBe('Alice');
  });

  it('records pins made while the gateway was down when it connects again, each once', async () => {
    await app.close();
    const posted = fake.postAsUser(channelId, fake.users.bob, 'Backlog drained 11:05');
    fake.pinAsUser(channelId, fake.users.alice, posted.id);
    await boot();
    await vi.waitFor(async () => expect(await pinOf(posted.id)).toBeDefined(), WAIT);
    fake.dispatchChannelPinsUpdate(channelId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pins = (await app.get(IncidentService).timeline(ref)).filter(
      (entry) => entry.kind === 'message_pinned',
    );
    expect(pins.map((entry) => entry.message?.text)).toEqual([
      'Consumers restarted 10:42',
      'Backlog drained 11:05',
    ]);
  });
});
