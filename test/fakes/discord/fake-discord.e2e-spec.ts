import { createPublicKey, verify } from 'node:crypto';
import { once } from 'node:events';
import {
  ChannelType,
  Client,
  Events,
  GatewayOpcodes,
  InteractionResponseType,
  MessageFlags,
  REST,
  RESTEvents,
  Routes,
  type ClientEvents,
  type Guild,
  type RateLimitData,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord, discordClientOptions } from './fake-discord.js';
import { publicKeyHex, sign } from './interaction-signer.js';

const EVENT_TIMEOUT_MS = 3_000;

/** Resolves with the next emission of a client event; register it before triggering the event. */
function nextEvent<E extends keyof ClientEvents>(client: Client, event: E): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[E]) => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`No "${String(event)}" within ${EVENT_TIMEOUT_MS} ms`));
    }, EVENT_TIMEOUT_MS);
    client.once(event, listener);
  });
}

function openTcpHandles(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource.startsWith('TCP')).length;
}

describe('FakeDiscord driven by the real discord.js Client', () => {
  let tcpHandlesBefore: number;
  let fake: FakeDiscord;
  let client: Client;
  let guild: Guild;
  let incidents: TextChannel;

  beforeAll(async () => {
    tcpHandlesBefore = openTcpHandles();
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 200 });
    client = new Client(discordClientOptions(fake));
    const ready = nextEvent(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    guild = client.guilds.cache.get(fake.guildId)!;
    incidents = guild.channels.cache.find((channel) => channel.name === 'incidents') as TextChannel;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.stop();
  });

  it('logs in and builds its cache from READY and GUILD_CREATE', () => {
    expect(client.user?.id).toBe(fake.users.bot.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(guild.available).toBe(true);
    expect(guild.name).toBe('Firebreak Test Ops');
    expect(guild.ownerId).toBe(fake.users.alice.id);
    expect(guild.roles.everyone.id).toBe(fake.guildId);
    expect(guild.members.cache.map((member) => member.user.username).sort()).toEqual([
      'Firebreak',
      'alice.oncall',
      'bob.sre',
    ]);
    expect(incidents.type).toBe(ChannelType.GuildText);
    expect(incidents.parent?.type).toBe(ChannelType.GuildCategory);
    expect(incidents.parent?.name).toBe('Incident Response');

    const identify = fake.gatewayPayloads.find((payload) => payload.op === GatewayOpcodes.Identify);
    expect(identify?.d).toMatchObject({ token: fake.token, compress: false, shard: [0, 1] });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', status: 200 });
  });

  it('notifies only whom allowed_mentions lets through, only from content, and never on an edit', async () => {
    const { alice, bob } = fake.users;
    const before = fake.pings().length;
    const limited = await incidents.send({
      content: `<@${alice.id}> <@${bob.id}> @everyone <@&${fake.guildId}>`,
      embeds: [{ description: `<@${bob.id}>` }],
      allowedMentions: { parse: [], users: [alice.id] },
    });
    const open = await incidents.send({ content: `<@${bob.id}> and @here` });
    const quiet = await incidents.send({ content: `<@${alice.id}>`, allowedMentions: { parse: [] } });
    await quiet.edit({ content: `<@${bob.id}>`, allowedMentions: { users: [bob.id] } });
    expect(fake.pings().slice(before)).toEqual([
      { messageId: limited.id, channelId: incidents.id, users: [alice.id], roles: [], everyone: false },
      { messageId: open.id, channelId: incidents.id, users: [bob.id], roles: [], everyone: true },
    ]);
    await expect(
      incidents.send({ content: `<@${alice.id}>`, allowedMentions: { parse: ['users'], users: [alice.id] } }),
    ).rejects.toMatchObject({ status: 400, code: 50035 });
  });

  it('acknowledges heartbeats, so discord.js measures a ping', async () => {
    await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 2_000 });
    expect(fake.gatewayPayloads.some((payload) => payload.op === GatewayOpcodes.Heartbeat)).toBe(true);
  });

  it('delivers a slash command with its subcommand and options; deferReply + editReply hit the callback and webhook routes', async () => {
    const received = nextEvent(client, Events.InteractionCreate);
    const payload = fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'declare',
      options: { title: 'Checkout database down', severity: 1, page: true },
    });
    const [interaction] = await received;

    if (!interaction.isChatInputCommand())
      throw new Error(`expected a chat input command, got ${interaction.type}`);
    expect(interaction.commandName).toBe('incident');
    expect(interaction.options.getSubcommand()).toBe('declare');
    expect(interaction.options.getString('title')).toBe('Checkout database down');
    expect(interaction.options.getInteger('severity')).toBe(1);
    expect(interaction.options.getBoolean('page')).toBe(true);
    expect(interaction.user.id).toBe(fake.users.alice.id);
    expect(interaction.channelId).toBe(incidents.id);
    expect(interaction.inCachedGuild()).toBe(true);

    await interaction.deferReply();
    await interaction.editReply('Incident INC-1 declared');

    expect(fake.interactionResponses()).toContainEqual(
      expect.objectContaining({
        interactionId: payload.id,
        type: InteractionResponseType.DeferredChannelMessageWithSource,
      }),
    );
    const paths = fake.requests.map((request) => `${request.method} ${request.path}`);
    expect(paths).toContain(`POST /interactions/${payload.id}/${payload.token}/callback`);
    expect(paths).toContain(`PATCH /webhooks/${fake.applicationId}/${payload.token}/messages/@original`);
    const reply = fake
      .messagesIn(incidents.id)
      .find((message) => message.interaction_metadata?.id === payload.id);
    expect(reply).toMatchObject({ content: 'Incident INC-1 declared', author: { id: fake.users.bot.id } });
    expect((reply?.flags ?? 0) & MessageFlags.Loading).toBe(0);
    expect(interaction.replied).toBe(true);
  });

  it('refuses a second acknowledgement of the same interaction, like Discord (40060)', async () => {
    const received = nextEvent(client, Events.InteractionCreate);
    fake.dispatchSlashCommand({ name: 'status' });
    const [interaction] = await received;
    if (!interaction.isRepliable()) throw new Error('expected a repliable interaction');
    await interaction.reply({ content: 'All systems nominal', flags: MessageFlags.Ephemeral });

    const secondCallback = client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
      body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'again' } },
      auth: false,
    });
    await expect(secondCallback).rejects.toMatchObject({ status: 400, code: 40060 });
  });

  it('delivers button clicks, modal submits and autocomplete as their discord.js interaction classes', async () => {
    const posted = await incidents.send({ content: 'INC-2: acknowledge?' });
    let received = nextEvent(client, Events.InteractionCreate);
    fake.dispatchButtonClick({ customId: 'ack:INC-2', messageId: posted.id, user: fake.users.bob });
    const [button] = await received;
    if (!button.isButton()) throw new Error('expected a button interaction');
    expect(button.customId).toBe('ack:INC-2');
    await button.update({ content: 'INC-2: acknowledged by Bob' });
    expect(fake.messagesIn(incidents.id).find((message) => message.id === posted.id)?.content).toBe(
      'INC-2: acknowledged by Bob',
    );

    received = nextEvent(client, Events.InteractionCreate);
    fake.dispatchModalSubmit({ customId: 'resolve:INC-2', fields: { summary: 'Rolled back the deploy' } });
    const [modal] = await received;
    if (!modal.isModalSubmit()) throw new Error('expected a modal submit');
    expect(modal.fields.getTextInputValue('summary')).toBe('Rolled back the deploy');

    received = nextEvent(client, Events.InteractionCreate);
    fake.dispatchAutocomplete({
      name: 'incident',
      subcommand: 'resolve',
      focused: { name: 'id', value: 'INC-' },
    });
    const [autocomplete] = await received;
    if (!autocomplete.isAutocomplete()) throw new Error('expected an autocomplete interaction');
    expect(autocomplete.options.getFocused(true)).toMatchObject({ name: 'id', value: 'INC-' });
    await autocomplete.respond([{ name: 'INC-2', value: 'INC-2' }]);
    expect(fake.interactionResponses().at(-1)).toMatchObject({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: 'INC-2', value: 'INC-2' }] },
    });
  });

  it('stores what channel.send() posts and echoes it back as messageCreate', async () => {
    const echoed = nextEvent(client, Events.MessageCreate);
    const sent = await incidents.send({
      content: 'Timeline started',
      embeds: [{ title: 'INC-3', color: 0xe74c3c }],
    });
    const [created] = await echoed;

    expect(created.id).toBe(sent.id);
    const stored = fake.messagesIn(incidents.id).find((message) => message.id === sent.id);
    expect(stored).toMatchObject({
      channel_id: incidents.id,
      content: 'Timeline started',
      author: { id: fake.users.bot.id, bot: true },
      embeds: [{ type: 'rich', title: 'INC-3', color: 0xe74c3c }],
    });
    expect(sent.createdTimestamp).toBeGreaterThan(Date.now() - 5_000);
  });

  it('creates a channel with guild.channels.create(), normalising its name like Discord', async () => {
    const announced = nextEvent(client, Events.ChannelCreate);
    const created = await guild.channels.create({
      name: 'INC 42 Database Down',
      type: ChannelType.GuildText,
      parent: incidents.parentId,
    });
    const [fromGateway] = await announced;

    expect(created.name).toBe('inc-42-database-down');
    expect(fromGateway.id).toBe(created.id);
    expect(fake.findChannelByName('inc-42-database-down')).toMatchObject({
      id: created.id,
      type: ChannelType.GuildText,
      parent_id: incidents.parentId,
    });
  });

  it('pins with message.pin() on /messages/pins and dispatches CHANNEL_PINS_UPDATE', async () => {
    const message = await incidents.send('Current status: mitigating');
    const pinsUpdated = nextEvent(client, Events.ChannelPinsUpdate);
    await message.pin();
    const [channel, pinnedAt] = await pinsUpdated;

    expect(channel.id).toBe(incidents.id);
    // discord.js 14.28 emits Date.parse(last_pin_timestamp), a number, although its typings say Date.
    expect(new Date(pinnedAt).getTime()).toBeGreaterThan(Date.now() - 5_000);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: `/channels/${incidents.id}/messages/pins/${message.id}`,
      status: 204,
    });
    const pins = await incidents.messages.fetchPins();
    expect(pins.items.map((pin) => pin.message.id)).toEqual([message.id]);
    const systemMessage = fake.messagesIn(incidents.id).at(-1);
    expect(systemMessage).toMatchObject({ type: 6, message_reference: { message_id: message.id } });
  });

  it('delivers MESSAGE_REACTION_ADD on an uncached message as a partial messageReactionAdd', async () => {
    const fromBob = fake.postAsUser(incidents.id, fake.users.bob, 'Seeing 500s on checkout');
    await vi.waitFor(() => expect(incidents.messages.cache.has(fromBob.id)).toBe(true));
    incidents.messages.cache.delete(fromBob.id); // as if it was posted before the bot connected

    const reacted = nextEvent(client, Events.MessageReactionAdd);
    const payload = fake.dispatchReactionAdd({ channelId: incidents.id, messageId: fromBob.id });
    const [reaction, user] = await reacted;

    expect(payload).toMatchObject({ user_id: fake.users.alice.id, emoji: { id: null, name: '📌' } });
    expect(reaction.partial).toBe(true);
    expect(reaction.message.partial).toBe(true);
    expect(reaction.emoji.name).toBe('📌');
    expect(user.id).toBe(fake.users.alice.id);
    const fetched = await reaction.message.fetch();
    expect(fetched.content).toBe('Seeing 500s on checkout');
  });

  it('waits out a 429 and stores the message exactly once', async () => {
    const messagesPath = new RegExp(`^/channels/${incidents.id}/messages$`);
    fake.failNext(1, { status: 429, retryAfterSeconds: 1 }, { method: 'POST', path: messagesPath });
    const rateLimits: RateLimitData[] = [];
    client.rest.on(RESTEvents.RateLimited, (data) => rateLimits.push(data));

    const startedAt = Date.now();
    await incidents.send('Posted through a rate limit');

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_000);
    const attempts = fake.requests.filter(
      (request) => request.method === 'POST' && messagesPath.test(request.path),
    );
    expect(attempts.slice(-2).map((request) => request.status)).toEqual([429, 200]);
    const stored = fake
      .messagesIn(incidents.id)
      .filter((message) => message.content === 'Posted through a rate limit');
    expect(stored).toHaveLength(1);
    expect(rateLimits).toHaveLength(1);
    client.rest.removeAllListeners(RESTEvents.RateLimited);
  });

  it('is retried by discord.js on 5xx (3 retries by default, none with rest.retries = 0)', async () => {
    fake.failNext(2, { status: 503 }, { method: 'POST' });
    await incidents.send('Posted through two 503s');
    expect(fake.requests.slice(-3).map((request) => request.status)).toEqual([503, 503, 200]);

    const noRetries = new REST({ api: fake.restUrl, retries: 0 }).setToken(fake.token);
    fake.failNext(1, { status: 500 });
    await expect(
      noRetries.post(Routes.channelMessages(incidents.id), { body: { content: 'x' } }),
    ).rejects.toMatchObject({
      status: 500,
    });
  });

  it('pause() makes REST unavailable: discord.js retries 3 times, then throws; resume() recovers', async () => {
    fake.pause('unavailable');
    const attemptsBefore = fake.requests.length;
    await expect(incidents.send('During the outage')).rejects.toMatchObject({ status: 503 });
    expect(fake.requests.length - attemptsBefore).toBe(4);

    fake.resume();
    await incidents.send('After the outage');
    expect(fake.messagesIn(incidents.id).map((message) => message.content)).toContain('After the outage');
    expect(fake.messagesIn(incidents.id).map((message) => message.content)).not.toContain(
      'During the outage',
    );
  });

  it('blanks human messages over the gateway without the MESSAGE_CONTENT intent, unless they mention the bot', async () => {
    let received = nextEvent(client, Events.MessageCreate);
    fake.postAsUser(incidents.id, fake.users.bob, 'Root cause: expired certificate');
    expect((await received)[0].content).toBe('');

    received = nextEvent(client, Events.MessageCreate);
    fake.postAsUser(incidents.id, fake.users.bob, `<@${fake.users.bot.id}> status?`);
    expect((await received)[0].content).toBe(`<@${fake.users.bot.id}> status?`);
  });

  it('resumes the session after an op 7 RECONNECT and keeps receiving dispatches', async () => {
    const resumed = nextEvent(client, Events.ShardResume);
    fake.requestReconnect();
    await resumed;

    const pinsUpdated = nextEvent(client, Events.ChannelPinsUpdate);
    fake.dispatchChannelPinsUpdate(incidents.id);
    const [channel] = await pinsUpdated;
    expect(channel.id).toBe(incidents.id);
    expect(fake.gatewayPayloads.some((payload) => payload.op === GatewayOpcodes.Resume)).toBe(true);
  });

  it('signs interaction payloads the way Discord does (Ed25519 over timestamp + body)', () => {
    const body = JSON.stringify({ type: 1 });
    const timestamp = '1767225600';
    const publicKey = createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyHex, 'hex')]),
      format: 'der',
      type: 'spki',
    });
    expect(publicKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(
      verify(null, Buffer.from(timestamp + body), publicKey, Buffer.from(sign(timestamp, body), 'hex')),
    ).toBe(true);
    expect(
      verify(null, Buffer.from(timestamp + '{}'), publicKey, Buffer.from(sign(timestamp, body), 'hex')),
    ).toBe(false);
  });

  it('leaves no open sockets after client.destroy() and fake.stop(), even with a client still connected', async () => {
    const lingering = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
    await once(lingering, 'open');
    const lingeringClosed = once(lingering, 'close', { signal: AbortSignal.timeout(2_000) });

    await client.destroy();
    await fake.stop();

    await lingeringClosed;
    await vi.waitFor(() => expect(openTcpHandles()).toBe(tcpHandlesBefore));
  });
});
