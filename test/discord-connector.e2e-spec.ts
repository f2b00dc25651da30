import {
  ChatWorkspaceRepository,
  chatNotice,
  message,
  notifying,
  UnitOfWork,
  WORKSPACE_SETUP_REFUSAL,
} from '@firebreak/incident';
import { INCIDENT_COMMAND, registerDiscordCommands } from '@firebreak/discord';
import {
  ApplicationCommandOptionType,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  OverwriteType,
  PermissionFlagsBits,
  Routes,
  type APIMessage,
  type APIUser,
} from 'discord.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BEARER } from './support/gateway-app.js';
import {
  embedOf,
  postsTitled,
  startDiscordGateway,
  type DiscordGatewayHarness,
} from './support/discord-gateway.js';

const WAIT = { timeout: 10_000, interval: 25 };

describe('Discord connector, with the real discord.js client against a fake Discord', () => {
  let h: DiscordGatewayHarness;
  let incidentsChannelId: string;
  let categoryId: string;
  let archiveCategoryId: string;
  let incidentChannelId: string;
  let headline: () => APIMessage;

  /** The reply the bot left for an interaction (original response or follow-up). */
  const repliesTo = (interactionId: string, channelId = incidentsChannelId): APIMessage[] =>
    h.fake.messagesIn(channelId).filter((each) => each.interaction_metadata?.id === interactionId);
  const answered = async (interactionId: string, channelId?: string): Promise<APIMessage> => {
    let reply: APIMessage | undefined;
    await vi.waitFor(() => {
      reply = repliesTo(interactionId, channelId).find(
        (each) => ((each.flags ?? 0) & MessageFlags.Loading) === 0 && (each.embeds?.length ?? 0) > 0,
      );
      expect(reply).toBeDefined();
    }, WAIT);
    return reply!;
  };

  beforeAll(async () => {
    h = await startDiscordGateway({ STATUS_PAGE_URL: 'http://status.test/' });
    const incidents = h.fake.findChannelByName('incidents')!;
    incidentsChannelId = incidents.id;
    categoryId = incidents.parent_id!;
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('registers /incident with its subcommands, guild-scoped when a guild id is given', async () => {
    const registration = await registerDiscordCommands({
      token: h.fake.token,
      applicationId: h.fake.applicationId,
      guildId: h.fake.guildId,
      apiUrl: h.fake.restUrl,
    });
    expect(registration).toEqual({ scope: 'guild', names: ['incident'] });
    const [command] = h.fake.commands(h.fake.guildId);
    const subcommands = (command?.options ?? []).map((option) => option.name);
    expect(subcommands).toEqual((INCIDENT_COMMAND.options ?? []).map((option) => option.name));
    expect(subcommands).toEqual(
      expect.arrayContaining(['declare', 'sev', 'status', 'lead', 'component', 'setup']),
    );
  });

  it('refuses /incident setup from a member who is no administrator, ephemerally, with the one refusal text', async () => {
    const interaction = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'setup',
      user: h.fake.users.bob,
    });
    const reply = await answered(interaction.id);
    expect(reply.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(embedOf(reply).title).toBe('Not permitted');
    expect(embedOf(reply).description).toBe(WORKSPACE_SETUP_REFUSAL);
    expect(await h.app.get(ChatWorkspaceRepository).find('discord', h.fake.guildId)).toBeNull();
  });

  it('stores the incidents channel, category and archive category per guild with /incident setup', async () => {
    // Admins make archives read-only on the category: closed channels take its overwrites.
    archiveCategoryId = h.fake.createCategory('Archive', [
      {
        id: h.fake.guildId,
        type: OverwriteType.Role,
        allow: '0',
        deny: String(PermissionFlagsBits.SendMessages),
      },
    ]).id;
    const interaction = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'setup',
      options: [
        { name: 'archive_category', type: ApplicationCommandOptionType.Channel, value: archiveCategoryId },
      ],
    });
    const reply = await answered(interaction.id);
    expect(embedOf(reply).title).toBe('Firebreak is set up');
    expect(embedOf(reply).description).toContain(`Closed ones move to <#${archiveCategoryId}>`);
    const workspace = await h.app.get(ChatWorkspaceRepository).find('discord', h.fake.guildId);
    expect(workspace).toMatchObject({
      incidentsChannelId,
      settings: { incidentCategoryId: categoryId, archiveCategoryId },
    });
  });

  it('declares from /incident declare: channel under the category, headline with buttons, announcement, record in the database', async () => {
    const interaction = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'declare',
      options: { title: 'Checkout database down', severity: 'critical', impact: 'Nobody can pay' },
    });
    const reply = await answered(interaction.id);
    expect(embedOf(reply).description).toContain('Declared INC-1');
    expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);

    await vi.waitFor(
      () => expect(h.fake.findChannelByName('inc-1-checkout-database-down')).toBeDefined(),
      WAIT,
    );
    const channel = h.fake.findChannelByName('inc-1-checkout-database-down')!;
    incidentChannelId = channel.id;
    expect(channel.parent_id).toBe(categoryId);

    await vi.waitFor(() => expect(postsTitled(h.fake, incidentChannelId, 'INC-1')).toHaveLength(1), WAIT);
    headline = () => postsTitled(h.fake, incidentChannelId, 'INC-1')[0]!;
    const embed = embedOf(headline());
    expect(embed.title).toBe('INC-1: Checkout database down');
    expect(embed.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Severity', value: 'critical' }),
        expect.objectContaining({ name: 'Impact', value: 'Nobody can pay' }),
        expect.objectContaining({ name: 'Reporter', value: `<@${h.fake.users.alice.id}>` }),
        // The living document on the responders' site (SITE_BASE_URL, here the gateway's local default).
        expect.objectContaining({
          name: 'Document',
          value: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/site\/incidents\/INC-1$/),
        }),
      ]),
    );
    const rows = (headline().components ?? []) as { components: { type: number; custom_id?: string }[] }[];
    const buttons = rows.flatMap((row) => row.components);
    expect(buttons.map((button) => button.custom_id)).toEqual([
      'fb:take_role:INC-1:lead',
      'fb:take_role:INC-1:scribe',
      'fb:take_role:INC-1:comms',
      'fb:post_update:INC-1',
      'fb:resolve:INC-1',
      'fb:page_lead:INC-1',
      'fb:start_call:INC-1',
    ]);
    expect(buttons.every((button) => button.type === ComponentType.Button)).toBe(true);

    await vi.waitFor(
      () => expect(postsTitled(h.fake, incidentsChannelId, 'Incident declared: INC-1')).toHaveLength(1),
      WAIT,
    );
    const announcement = postsTitled(h.fake, incidentsChannelId, 'Incident declared: INC-1')[0]!;
    expect(embedOf(announcement).description).toContain(
      `https://discord.com/channels/${h.fake.guildId}/${incidentChannelId}`,
    );
    expect(embedOf(announcement).description).toMatch(
      /\nDocument: http:\/\/127\.0\.0\.1:\d+\/site\/incidents\/INC-1$/,
    );

    await vi.waitFor(async () => {
      const incident = await h.incidents.getIncident('INC-1');
      expect(incident.spaces).toEqual([
        {
          platform: 'discord',
          channelId: incidentChannelId,
          headlineMessageId: headline().id,
          announcementMessageId: announcement.id,
          url: `https://discord.com/channels/${h.fake.guildId}/${incidentChannelId}`,
        },
      ]);
    }, WAIT);
    const incident = await h.incidents.getIncident('INC-1');
    expect(incident).toMatchObject({
      severity: 'critical',
      declaredIn: { platform: 'discord', channelId: incidentsChannelId },
      roles: { reporter: { id: `discord:${h.fake.users.alice.id}`, displayName: 'Alice' } },
    });
  });

  const pressTakeLead = (user: APIUser) =>
    h.fake.dispatchButtonClick({
      customId: 'fb:take_role:INC-1:lead',
      messageId: headline().id,
      channelId: incidentChannelId,
      user,
    });

  it('gives the lead to whoever presses "Take lead", and edits the headline in place', async () => {
    const click = pressTakeLead(h.fake.users.bob);
    await answered(click.id, incidentChannelId);
    expect((await h.incidents.getIncident('INC-1')).roles.lead).toEqual({
      id: `discord:${h.fake.users.bob.id}`,
      displayName: 'Bob',
    });
    await vi.waitFor(
      () =>
        expect(embedOf(headline()).fields).toContainEqual(
          expect.objectContaining({ name: 'Incident Lead', value: `<@${h.fake.users.bob.id}>` }),
        ),
      WAIT,
    );
    expect(postsTitled(h.fake, incidentChannelId, 'INC-1')).toHaveLength(1);
  });

  it('asks before "Take lead" takes the lead from its holder, even for an administrator', async () => {
    const click = pressTakeLead(h.fake.users.alice);
    const reply = await answered(click.id, incidentChannelId);
    expect(reply.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(embedOf(reply).description).toContain(`Take over from <@${h.fake.users.bob.id}>?`);
    expect((await h.incidents.getIncident('INC-1')).roles.lead?.id).toBe(`discord:${h.fake.users.bob.id}`);
  });

  it('opens a form for "Post update" instead of running it', async () => {
    const click = h.fake.dispatchButtonClick({
      customId: 'fb:post_update:INC-1',
      messageId: headline().id,
      channelId: incidentChannelId,
    });
    await vi.waitFor(
      () =>
        expect(h.fake.interactionResponses().find((each) => each.interactionId === click.id)).toMatchObject({
          type: InteractionResponseType.Modal,
          data: { custom_id: 'fb:post_update:INC-1' },
        }),
      WAIT,
    );
  });

  it('publishes the update typed into that form and echoes it in the incident channel once', async () => {
    await request(h.app.getHttpServer())
      .patch('/api/v1/incidents/INC-1')
      .set('Authorization', BEARER)
      .send({ publicTitle: 'Checkout is failing for some customers' })
      .expect(200);
    const submit = h.fake.dispatchModalSubmit({
      customId: 'fb:post_update:INC-1',
      fields: { text: 'Checkout is failing for some customers; we are on it.' },
      channelId: incidentChannelId,
      user: h.fake.users.bob,
    });
    const reply = await answered(submit.id, incidentChannelId);
    // Only Bob sees the confirmation; the channel sees the text once, in the echo with its link.
    expect(reply.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(embedOf(reply).description).not.toContain('Checkout is failing');
    expect((await h.incidents.statusUpdates('INC-1')).map((each) => each.body)).toEqual([
      'Checkout is failing for some customers; we are on it.',
    ]);
    await vi.waitFor(
      () =>
        expect(
          postsTitled(h.fake, incidentChannelId, 'Public update on INC-1').filter(
            (each) => !each.interaction_metadata, // the reply to Bob's form is the other one
          ),
        ).toHaveLength(1),
      WAIT,
    );
    const [echo] = postsTitled(h.fake, incidentChannelId, 'Public update on INC-1').filter(
      (each) => !each.interaction_metadata,
    );
    expect(embedOf(echo).description).toBe(
      'Checkout is failing for some customers; we are on it.\n\nOn the status page: http://status.test/incidents/INC-1',
    );
  });

  it('assigns a role to the user named in a user option, and pings them (and only them)', async () => {
    const { alice } = h.fake.users;
    const interaction = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'scribe',
      options: [{ name: 'user', type: 6, value: alice.id }],
      channelId: incidentChannelId,
      user: h.fake.users.bob,
    });
    const reply = await answered(interaction.id, incidentChannelId);
    expect((await h.incidents.getIncident('INC-1')).roles.scribe?.id).toBe(`discord:${alice.id}`);
    expect(embedOf(reply).description).toBe(`<@${alice.id}> is now Scribe.`);
    // A new message (an edited deferral would notify no one) whose allowed_mentions let Alice alone through.
    expect(h.fake.pings().filter((ping) => ping.messageId === reply.id)).toEqual([
      { messageId: reply.id, channelId: incidentChannelId, users: [alice.id], roles: [], everyone: false },
    ]);
  });

  it('records a pinned message in the timeline once, with author, text and jump link; unpinning is recorded too', async () => {
    const posted = h.fake.postAsUser(
      incidentChannelId,
      h.fake.users.bob,
      'Root cause: expired TLS certificate',
    );
    await h.connector.client.rest.put(Routes.channelMessagesPin(incidentChannelId, posted.id));
    await vi.waitFor(async () => {
      const pins = (await h.incidents.timeline('INC-1')).filter((entry) => entry.kind === 'message_pinned');
      expect(pins).toHaveLength(1);
    }, WAIT);
    h.fake.dispatchChannelPinsUpdate(incidentChannelId); // a repeated event
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pins = (await h.incidents.timeline('INC-1')).filter((entry) => entry.kind === 'message_pinned');
    expect(pins).toHaveLength(1);
    expect(pins[0]!.message).toEqual({
      platform: 'discord',
      messageId: posted.id,
      link: `https://discord.com/channels/${h.fake.guildId}/${incidentChannelId}/${posted.id}`,
      author: { id: `discord:${h.fake.users.bob.id}`, displayName: 'Bob' },
      text: 'Root cause: expired TLS certificate',
      postedAt: new Date(posted.timestamp),
    });

    await h.connector.client.rest.delete(Routes.channelMessagesPin(incidentChannelId, posted.id));
    await vi.waitFor(async () => {
      const unpins = (await h.incidents.timeline('INC-1')).filter(
        (entry) => entry.kind === 'message_unpinned',
      );
      expect(unpins.map((entry) => entry.message?.messageId)).toEqual([posted.id]);
    }, WAIT);
  });

  it('records who pinned a message (from Discord\'s "pinned a message" notice), not only who wrote it', async () => {
    const posted = h.fake.postAsUser(incidentChannelId, h.fake.users.bob, 'Rollback finished 14:20');
    h.fake.pinAsUser(incidentChannelId, h.fake.users.alice, posted.id);
    await vi.waitFor(async () => {
      const pin = (await h.incidents.timeline('INC-1')).find(
        (entry) => entry.kind === 'message_pinned' && entry.message?.messageId === posted.id,
      );
      expect(pin?.author).toEqual({ id: `discord:${h.fake.users.alice.id}`, displayName: 'Alice' });
      expect(pin?.message?.author).toEqual({ id: `discord:${h.fake.users.bob.id}`, displayName: 'Bob' });
    }, WAIT);
  });

  it('treats a 📌 reaction like a pin, once', async () => {
    const posted = h.fake.postAsUser(
      incidentChannelId,
      h.fake.users.alice,
      'Failover to replica started 14:05',
    );
    h.fake.dispatchReactionAdd({
      channelId: incidentChannelId,
      messageId: posted.id,
      user: h.fake.users.bob,
    });
    h.fake.dispatchReactionAdd({
      channelId: incidentChannelId,
      messageId: posted.id,
      user: h.fake.users.alice,
    });
    await vi.waitFor(async () => {
      const pins = (await h.incidents.timeline('INC-1')).filter(
        (entry) => entry.kind === 'message_pinned' && entry.message?.messageId === posted.id,
      );
      expect(pins).toHaveLength(1);
      expect(pins[0]!.message?.text).toBe('Failover to replica started 14:05');
    }, WAIT);
  });

  it('edits the headline when the status changes', async () => {
    const interaction = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'status',
      options: { state: 'identified' },
      channelId: incidentChannelId,
      user: h.fake.users.bob,
    });
    await answered(interaction.id, incidentChannelId);
    await vi.waitFor(
      () =>
        expect(embedOf(headline()).fields).toContainEqual(
          expect.objectContaining({ name: 'Status', value: 'identified' }),
        ),
      WAIT,
    );
  });

  it('answers a refusal ephemerally: only the lead (or the admin role) may close', async () => {
    const resolve = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'resolve',
      channelId: incidentChannelId,
      user: h.fake.users.bob,
    });
    await answered(resolve.id, incidentChannelId);
    expect((await h.incidents.getIncident('INC-1')).status).toBe('resolved');

    const take = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'lead',
      options: [{ name: 'user', type: 6, value: h.fake.users.alice.id }],
      channelId: incidentChannelId,
      user: h.fake.users.bob,
    });
    await answered(take.id, incidentChannelId);

    const refused = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'close',
      options: { override: 'no review needed for the test' },
      channelId: incidentChannelId,
      user: h.fake.users.bob,
    });
    const reply = await answered(refused.id, incidentChannelId);
    expect(reply.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(embedOf(reply).title).toBe('Not permitted');
    expect(embedOf(reply).description).toBe(
      'Only the Incident Lead (Alice) of INC-1, or an administrator, may close the incident.',
    );
    expect((await h.incidents.getIncident('INC-1')).status).toBe('resolved');
  });

  it('closes for a member with the admin role and edits the announcement', async () => {
    const close = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'close',
      options: { override: 'no review needed for the test', incident: 'INC-1' },
    });
    await answered(close.id);
    expect((await h.incidents.getIncident('INC-1')).status).toBe('closed');
    await vi.waitFor(
      () => expect(postsTitled(h.fake, incidentsChannelId, 'Closed: INC-1')).toHaveLength(1),
      WAIT,
    );
    expect(postsTitled(h.fake, incidentsChannelId, 'Incident declared: INC-1')).toHaveLength(0);
    await vi.waitFor(() => expect(headline().components ?? []).toHaveLength(0), WAIT);
  });

  it('moves the closed incident channel into the archive category, with its permissions', async () => {
    const channel = () => h.fake.channels().find((each) => each.id === incidentChannelId);
    await vi.waitFor(() => expect(channel()?.parent_id).toBe(archiveCategoryId), WAIT);
    expect(channel()?.permission_overwrites).toEqual([
      {
        id: h.fake.guildId,
        type: OverwriteType.Role,
        allow: '0',
        deny: String(PermissionFlagsBits.SendMessages),
      },
    ]);
  });

  it('posts chat notices (reminders, digests) once, in the incident channel or the incidents channel', async () => {
    const now = new Date();
    await h.app.get(UnitOfWork).run((stores) =>
      stores.outbox.append([
        chatNotice(
          { kind: 'incident', ref: 'INC-1' },
          message(`<@discord:${h.fake.users.bob.id}>: post a public update on INC-1`, {
            title: 'Reminder',
            ...notifying([{ id: `discord:${h.fake.users.bob.id}`, displayName: 'Bob' }]),
          }),
          now,
          'test:reminder',
        ),
        chatNotice(
          { kind: 'incidents_channel' },
          message('2 follow-ups are open', { title: 'Weekly digest' }),
          now,
          'test:digest',
        ),
      ]),
    );
    await vi.waitFor(() => {
      expect(postsTitled(h.fake, incidentChannelId, 'Reminder')).toHaveLength(1);
      expect(postsTitled(h.fake, incidentsChannelId, 'Weekly digest')).toHaveLength(1);
    }, WAIT);
    const reminder = postsTitled(h.fake, incidentChannelId, 'Reminder')[0]!;
    expect(reminder.content).toBe(`<@${h.fake.users.bob.id}>`);
    expect(reminder.mentions.map((user) => user.id)).toEqual([h.fake.users.bob.id]);
    expect(h.fake.pings().filter((ping) => ping.messageId === reminder.id)).toEqual([
      {
        messageId: reminder.id,
        channelId: incidentChannelId,
        users: [h.fake.users.bob.id],
        roles: [],
        everyone: false,
      },
    ]);
    const digest = postsTitled(h.fake, incidentsChannelId, 'Weekly digest')[0]!;
    expect(h.fake.pings().some((ping) => ping.messageId === digest.id)).toBe(false);
  });

  it('says which incident is meant when a command runs outside an incident channel without one', async () => {
    const interaction = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'sev',
      options: { level: 'minor' },
    });
    const reply = await answered(interaction.id);
    expect(reply.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(embedOf(reply).title).toBe('Which incident?');
  });

  it('opens the declare form without a title, and declares from its submission', async () => {
    const open = h.fake.dispatchSlashCommand({ name: 'incident', subcommand: 'declare' });
    await vi.waitFor(
      () =>
        expect(h.fake.interactionResponses().find((each) => each.interactionId === open.id)).toMatchObject({
          type: InteractionResponseType.Modal,
          data: { custom_id: 'fb:declare' },
        }),
      WAIT,
    );
    const submit = h.fake.dispatchModalSubmit({
      customId: 'fb:declare',
      fields: { title: 'Search is slow', summary: 'p99 at 4 s', severity: 'minor', impact: 'Search users' },
    });
    await answered(submit.id);
    expect(await h.incidents.getIncident('INC-2')).toMatchObject({
      title: 'Search is slow',
      summary: 'p99 at 4 s',
      severity: 'minor',
      impact: 'Search users',
    });
    await vi.waitFor(() => expect(h.fake.findChannelByName('inc-2-search-is-slow')).toBeDefined(), WAIT);
  });

  it('autocompletes incident references', async () => {
    const interaction = h.fake.dispatchAutocomplete({
      name: 'incident',
      subcommand: 'show',
      focused: { name: 'incident', value: 'search' },
    });
    await vi.waitFor(
      () =>
        expect(
          h.fake.interactionResponses().find((each) => each.interactionId === interaction.id),
        ).toMatchObject({
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices: [{ name: 'INC-2: Search is slow (investigating)', value: 'INC-2' }] },
        }),
      WAIT,
    );
  });

  it('autocompletes component names', async () => {
    await request(h.app.getHttpServer())
      .post('/api/v1/components')
      .set('Authorization', BEARER)
      .send({ name: 'Checkout API' })
      .expect(201);
    const interaction = h.fake.dispatchAutocomplete({
      name: 'incident',
      subcommand: 'component',
      focused: { name: 'name', value: 'check' },
    });
    await vi.waitFor(
      () =>
        expect(
          h.fake.interactionResponses().find((each) => each.interactionId === interaction.id),
        ).toMatchObject({
          data: { choices: [{ name: 'Checkout API', value: 'Checkout API' }] },
        }),
      WAIT,
    );
  });

  it('answers /incident help only to the asker', async () => {
    const interaction = h.fake.dispatchSlashCommand({ name: 'incident', subcommand: 'help' });
    const reply = await answered(interaction.id);
    expect(reply.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  it('posts incidents declared through the HTTP API to the default guild', async () => {
    await request(h.app.getHttpServer())
      .post('/api/v1/incidents')
      .set('Authorization', BEARER)
      .send({ title: 'Webhooks delayed', severity: 'major' })
      .expect(201);
    await vi.waitFor(() => expect(h.fake.findChannelByName('inc-3-webhooks-delayed')).toBeDefined(), WAIT);
    await vi.waitFor(
      () => expect(postsTitled(h.fake, incidentsChannelId, 'Incident declared: INC-3')).toHaveLength(1),
      WAIT,
    );
  });

  it('links the incident channel from the channel it was declared in, once it exists', async () => {
    const general = h.fake.createTextChannel('general', categoryId);
    const interaction = h.fake.dispatchSlashCommand({
      name: 'incident',
      subcommand: 'declare',
      options: { title: 'Search is stale' },
      channelId: general.id,
    });
    await answered(interaction.id, general.id);
    await vi.waitFor(() => expect(h.fake.findChannelByName('inc-4-search-is-stale')).toBeDefined(), WAIT);
    const channel = h.fake.findChannelByName('inc-4-search-is-stale')!;
    const link = `https://discord.com/channels/${h.fake.guildId}/${channel.id}`;
    const notes = () =>
      h.fake
        .messagesIn(general.id)
        .filter((each) => !each.interaction_metadata && embedOf(each).description?.includes(link));
    await vi.waitFor(() => expect(notes()).toHaveLength(1), WAIT);
    expect(embedOf(notes()[0]!).description).toBe(
      `**INC-4** Search is stale is worked in its own space. Join the response: ${link}`,
    );
    // The incidents channel is told by the announcement, not by a second note.
    expect(
      h.fake
        .messagesIn(incidentsChannelId)
        .filter((each) => embedOf(each).description?.includes('own space')),
    ).toEqual([]);
  });
});
