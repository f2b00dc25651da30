import type { APIMessage } from 'discord.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FollowupReminderScheduler } from '../apps/gateway/src/post-incident/followup-reminder.scheduler.js';
import { BEARER } from './support/gateway-app.js';
import {
  setUpIncidentsChannel,
  startDiscordGateway,
  type DiscordGatewayHarness,
} from './support/discord-gateway.js';

const WAIT = { timeout: 20_000, interval: 50 };

/** `YYYY-MM-DD HH:MM` in UTC, as `review schedule` takes it. */
const meetingTime = (at: Date): string => at.toISOString().slice(0, 16).replace('T', ' ');

/**
 * The follow-up reminders as the gateway sends them on its own timer (real clock, real database, the real
 * discord.js client against the fake Discord): a review meeting 10 minutes ahead and an overdue follow-up.
 */
describe('post-incident reminders reach Discord', () => {
  let h: DiscordGatewayHarness;
  let incidentChannelId: string;
  const api = (method: 'post' | 'put', path: string) =>
    request(h.app.getHttpServer())[method](path).set('Authorization', BEARER);
  const command = (text: string) => api('post', '/api/v1/commands').send({ text }).expect(200);
  const textsIn = (channelId: string): string[] =>
    h.fake
      .messagesIn(channelId)
      .map((each: APIMessage) =>
        [each.content, ...(each.embeds ?? []).map((embed) => embed.description)].join(' '),
      );
  const postsIn = (channelId: string, fragment: string) =>
    textsIn(channelId).filter((text) => text.includes(fragment));

  beforeAll(async () => {
    h = await startDiscordGateway({ FOLLOWUP_REMINDER_TICK_MS: '200' });
    await setUpIncidentsChannel(h.app, h.fake);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('sends the meeting reminder and the overdue follow-up reminder, each once', async () => {
    const { alice, bob } = h.fake.users;
    await command('declare Checkout rejects cards after key rotation');
    await vi.waitFor(async () => {
      await h.relay.drain();
      expect((await h.incidents.getIncident('INC-1')).spaces).toHaveLength(1);
    }, WAIT);
    incidentChannelId = h.fake.channels().find((each) => each.name?.startsWith('inc-1-'))!.id;
    await api('put', '/api/v1/incidents/INC-1/roles/lead')
      .send({ user: `discord:${alice.id}`, displayName: 'Alice Lindqvist' })
      .expect(200);
    await api('post', '/api/v1/incidents/INC-1/actions')
      .send({
        kind: 'followup',
        text: 'Alert when the provider announces a key rotation',
        owner: `discord:${bob.id}`,
        due: '2020-01-31',
      })
      .expect(201);
    await command('resolve INC-1');
    await command(`review INC-1 schedule ${meetingTime(new Date(Date.now() + 10 * 60_000))}`);

    await vi.waitFor(async () => {
      await h.relay.drain();
      expect(postsIn(incidentChannelId, 'Review meeting for INC-1')).toHaveLength(1);
      expect(postsIn(incidentChannelId, 'is overdue')).toHaveLength(1);
    }, WAIT);
    // Later ticks find both claimed and send nothing again.
    await h.app.get(FollowupReminderScheduler).tick();
    await h.app.get(FollowupReminderScheduler).tick();
    await h.relay.drain();
    expect(postsIn(incidentChannelId, 'Review meeting for INC-1')).toEqual([
      expect.stringContaining(`<@${alice.id}>`),
    ]);
    expect(postsIn(incidentChannelId, 'is overdue')).toEqual([
      expect.stringContaining(`<@${bob.id}> follow-up #1 of INC-1 is overdue`),
    ]);
  });
});
