import { ChatWorkspaceRepository } from '@firebreak/incident';
import { DiscordConnector } from '@firebreak/discord';
import type { INestApplication } from '@nestjs/common';
import { ChannelType, type APIEmbed, type APIOverwrite } from 'discord.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeDiscord } from './fakes/discord/fake-discord.js';
import { discordEnvironment, setUpIncidentsChannel } from './support/discord-gateway.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

const WAIT = { timeout: 15_000, interval: 25 };

describe('calls on Discord: a voice channel beside the incident channel', () => {
  const db = new TempDatabase();
  let fake: FakeDiscord;
  let app: INestApplication;
  let environment: NodeJS.ProcessEnv;
  let archiveCategoryId: string;

  const run = async (text: string) =>
    (
      await request(app.getHttpServer())
        .post('/api/v1/commands')
        .set('Authorization', BEARER)
        .send({ text })
        .expect(200)
    ).body as { message: { text: string } };
  const api = async (path: string) =>
    (await request(app.getHttpServer()).get(path).set('Authorization', BEARER).expect(200)).body;
  const channelOf = async (ref: string): Promise<string> => {
    let channelId = '';
    await vi.waitFor(async () => {
      const incident = await api(`/api/v1/incidents/${ref}`);
      channelId = incident.spaces.find(
        (space: { platform: string }) => space.platform === 'discord',
      )?.channelId;
      expect(channelId).toBeTruthy();
    }, WAIT);
    return channelId;
  };
  const headlineFields = (channelId: string) =>
    ((fake.messagesIn(channelId)[0]?.embeds as APIEmbed[] | undefined)?.[0]?.fields ?? []).map(
      (field) => `${field.name}: ${field.value}`,
    );

  async function boot(): Promise<void> {
    app = await startGateway(db.url, environment);
    await app.get(DiscordConnector).ready();
  }

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    environment = { ...discordEnvironment(fake), CALL_URL_TEMPLATE: 'https://meet.jit.si/firebreak-{ref}' };
    await boot();
    const incidents = fake.findChannelByName('incidents')!;
    archiveCategoryId = fake.createCategory('Archive').id;
    await app.get(ChatWorkspaceRepository).save({
      platform: 'discord',
      workspaceId: fake.guildId,
      incidentsChannelId: incidents.id,
      settings: {
        archiveCategoryId,
        ...(incidents.parent_id ? { incidentCategoryId: incidents.parent_id } : {}),
      },
      updatedAt: new Date(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.stop();
    db.remove();
  });

  it('opens one voice channel with the incident channel’s permissions, its link on the headline and timeline', async () => {
    await run('declare Paiements refusés à São Paulo 💳');
    const channelId = await channelOf('INC-1');
    // A private incident: only the responders' role sees its channel, and so its call.
    const privateOverwrites: APIOverwrite[] = [
      { id: fake.guildId, type: 0, allow: '0', deny: '1024' },
      { id: fake.commanderRoleId, type: 0, allow: '1024', deny: '0' },
    ];
    fake.setPermissionOverwrites(channelId, privateOverwrites);
    expect((await run('call INC-1')).message.text).toContain('is being opened');
    await vi.waitFor(() => expect(fake.voiceChannels()).toHaveLength(1), WAIT);
    const [voice] = fake.voiceChannels();
    const text = fake.channel(channelId);
    expect(voice).toMatchObject({
      type: ChannelType.GuildVoice,
      name: 'INC-1 call',
      parent_id: text.parent_id,
      permission_overwrites: privateOverwrites,
    });
    const link = `https://discord.com/channels/${fake.guildId}/${voice!.id}`;
    await vi.waitFor(async () => expect((await api('/api/v1/incidents/INC-1')).call?.url).toBe(link), WAIT);
    expect((await api('/api/v1/incidents/INC-1')).call.provider).toBe('discord');
    await vi.waitFor(() => expect(headlineFields(channelId)).toContain(`Call: ${link}`), WAIT);
    const timeline = (await api('/api/v1/incidents/INC-1/timeline')) as { kind: string; text: string }[];
    expect(timeline.filter((entry) => entry.kind === 'call_opened').map((entry) => entry.text)).toEqual([
      `Call opened: ${link}`,
    ]);
    expect((await run('call INC-1')).message.text).toBe(`Call for INC-1: ${link}`);
  });

  it('gives the same link after a gateway restart and never opens a second voice channel', async () => {
    await app.close();
    await boot();
    const voice = fake.voiceChannels()[0]!;
    expect((await run('call INC-1')).message.text).toBe(
      `Call for INC-1: https://discord.com/channels/${fake.guildId}/${voice.id}`,
    );
    await run('declare Marker: everything before was delivered');
    await channelOf('INC-2');
    expect(fake.voiceChannels()).toHaveLength(1);
  });

  it('moves the voice channel to the archive category with the incident channel at close', async () => {
    const channelId = await channelOf('INC-1');
    await run('resolve INC-1');
    await run('close INC-1 --override drill');
    await vi.waitFor(() => expect(fake.channel(channelId).parent_id).toBe(archiveCategoryId), WAIT);
    expect(fake.channel(fake.voiceChannels()[0]!.id).parent_id).toBe(archiveCategoryId);
    const closed = await api('/api/v1/incidents/INC-1');
    expect(closed.call.endedAt).toBe(closed.closedAt);
  });

  it('falls back to CALL_URL_TEMPLATE for an incident that has no Discord channel', async () => {
    await app.get(ChatWorkspaceRepository).save({
      platform: 'discord',
      workspaceId: fake.guildId,
      incidentsChannelId: null,
      settings: { archiveCategoryId },
      updatedAt: new Date(),
    });
    // No guild is set up any more: the incident gets no Discord channel.
    await run('declare Search is slow 🐢');
    expect((await run('call INC-3')).message.text).toBe(
      'Call for INC-3: https://meet.jit.si/firebreak-INC-3',
    );
  });
});

describe('channel limits on Discord', () => {
  it('warns in the incidents channel as the guild nears 500 channels, saying what to do', async () => {
    const fake = await FakeDiscord.start();
    const db = new TempDatabase();
    const app = await startGateway(db.url, discordEnvironment(fake));
    try {
      await app.get(DiscordConnector).ready();
      const incidents = fake.findChannelByName('incidents')!;
      await setUpIncidentsChannel(app, fake);
      const run = (text: string) =>
        request(app.getHttpServer())
          .post('/api/v1/commands')
          .set('Authorization', BEARER)
          .send({ text })
          .expect(200);
      const warnings = () =>
        fake
          .messagesIn(incidents.id)
          .flatMap((each) => (each.embeds as APIEmbed[] | undefined) ?? [])
          .filter((embed) => embed.title === 'Running out of channels');
      await run('declare Plenty of room');
      // Until INC-1 is attached to its channel, its delivery may still be counting channels.
      await vi.waitFor(async () => {
        const incident = await request(app.getHttpServer())
          .get('/api/v1/incidents/INC-1')
          .set('Authorization', BEARER);
        expect(incident.body.spaces).toHaveLength(1);
      }, WAIT);
      expect(warnings()).toHaveLength(0);
      fake.fillChannelsTo(455);
      await run('declare Getting crowded');
      await vi.waitFor(() => expect(warnings()).toHaveLength(1), WAIT);
      expect(warnings()[0]!.description).toBe(
        'This Discord server has 456 of its 500 channels. At 500, new incidents cannot get a channel of their own. ' +
          'Delete incident channels you no longer need (closed incidents keep their record in Firebreak; their ' +
          'channels are in the archive category), or run `/incident setup` in another server.',
      );
      // Full: the incident gets no channel, and the incidents channel hears why.
      fake.fillChannelsTo(500);
      await run('declare No room left');
      await vi.waitFor(() => expect(warnings()).toHaveLength(2), WAIT);
      expect(warnings()[1]!.description).toContain('has 500 of its 500 channels. It is full');
      expect(fake.findChannelByName('inc-3-no-room-left')).toBeUndefined();
    } finally {
      await app.close();
      await fake.stop();
      db.remove();
    }
  });
});
