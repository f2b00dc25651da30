/**
 * Every button Firebreak shows, pressed on both platforms through the loopback fakes (the real discord.js and
 * botbuilder against the fake Discord and the fake Bot Connector), checking each does what its label says.
 * The scenarios are keyed by `ButtonKind`, so a new kind of button does not compile until it is pressed here,
 * and the run fails for a kind the scenarios skip.
 */
import {
  BUTTON_KINDS,
  IncidentService,
  ReminderService,
  UnitOfWork,
  type ButtonKind,
  type Incident,
} from '@firebreak/incident';
import { FixedClock, RecordingRetryBackoff } from '@firebreak/incident/testing';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '@firebreak/teams';
import { MessageFlags, type APIMessage, type APIUser } from 'discord.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALICE, BOB, type TeamsUser } from './fakes/bot-connector/teams-activities.js';
import {
  embedOf,
  postsTitled,
  setUpIncidentsChannel,
  startDiscordGateway,
  type DiscordGatewayHarness,
} from './support/discord-gateway.js';
import { BEARER } from './support/gateway-app.js';
import { TeamsRig } from './support/teams-rig.js';

const WAIT = { timeout: 15_000, interval: 25 };

/** What a person sees of one message: its words and its buttons. */
interface Seen {
  readonly text: string;
  readonly buttons: readonly SeenButton[];
}

interface SeenButton {
  readonly label: string;
  /** Presses it as `who` (typing `text` into its form first, if it has one); returns what they see next. */
  press(who: Who, text?: string): Promise<Seen[]>;
}

/** The two people of every scenario: A works the incident, B is another responder. */
type Who = 'A' | 'B';

/** One platform, driven as its users drive it. */
interface ChatPlatform {
  readonly incidents: IncidentService;
  readonly unitOfWork: UnitOfWork;
  /** Declares an incident through the HTTP API and returns it with its headline as posted on the platform. */
  declare(title: string): Promise<{ ref: string; headline: () => Promise<Seen> }>;
  /** Types a command, as `who`, in the incident's space; returns the replies. */
  type(who: Who, ref: string, command: string): Promise<Seen[]>;
  /** The latest post in the incident's space whose title starts with `title`. */
  post(ref: string, title: string): Promise<Seen>;
}

function buttonIn(seen: readonly Seen[], label: string): SeenButton {
  const found = seen.flatMap((each) => each.buttons).find((each) => each.label.startsWith(label));
  if (!found) throw new Error(`no "${label}" button in ${JSON.stringify(seen.map((each) => each.text))}`);
  return found;
}

const textOf = (seen: readonly Seen[]): string => seen.map((each) => each.text).join('\n');

/** Two hours on, with nothing done: a reminder of everything still missing. */
async function remind(platform: ChatPlatform, ref: string): Promise<Seen> {
  const later = new FixedClock(new Date(Date.now() + 2 * 3_600_000));
  await new ReminderService(platform.unitOfWork, later, new RecordingRetryBackoff()).remindDue();
  return platform.post(ref, `Reminder: ${ref}`);
}

/** Customers' name for the incident: nothing reaches the status page before it has one. */
async function nameForCustomers(platform: ChatPlatform, ref: string): Promise<void> {
  await platform.incidents.run(`public-title ${ref} --confirm`, {
    actor: { id: 'api:e2e', displayName: 'e2e' },
    location: null,
    privileged: true,
  });
}

const UPDATE =
  'Card payments in São Paulo fail with 502 after a certificate expired on the gateway; we are renewing it ' +
  'and failing over meanwhile. Next update at 11:45';

/**
 * One press per kind of button, from a message that offers it, and what it must have done. Typed on the
 * record's key: a kind missing here is a compile error.
 */
const SCENARIOS: Record<ButtonKind, (platform: ChatPlatform) => Promise<void>> = {
  async take_role(platform) {
    const { ref, headline } = await platform.declare('Search is slow for queries with diacritics (é, ü, ñ)');
    await buttonIn([await headline()], 'Take scribe').press('A');
    expect((await platform.incidents.getIncident(ref)).roles.scribe?.displayName).toMatch(/^Alice/);
  },

  async hand_over_role(platform) {
    const { ref, headline } = await platform.declare('Checkout database refuses connections');
    const buttons = [await headline()];
    await buttonIn(buttons, 'Take lead').press('A');
    await buttonIn(buttons, 'Take scribe').press('A');
    // B asks; A, who holds the lead, hands it over with the button on the question.
    const asked = await buttonIn(buttons, 'Take lead').press('B');
    expect(textOf(asked)).toContain('asks to take over as Incident Lead');
    expect((await platform.incidents.getIncident(ref)).roles.lead?.displayName).toMatch(/^Alice/);
    await buttonIn(asked, 'Hand over to').press('A');
    expect((await platform.incidents.getIncident(ref)).roles.lead?.displayName).toMatch(/^Bob/);
    // B, now the lead, takes the scribe's role from A only after confirming.
    const confirm = await buttonIn(buttons, 'Take scribe').press('B');
    expect((await platform.incidents.getIncident(ref)).roles.scribe?.displayName).toMatch(/^Alice/);
    await buttonIn(confirm, 'Take over').press('B');
    expect((await platform.incidents.getIncident(ref)).roles.scribe?.displayName).toMatch(/^Bob/);
  },

  async post_update(platform) {
    const { ref, headline } = await platform.declare('Paiements refusés 🔥 à São Paulo');
    await buttonIn([await headline()], 'Take comms').press('A');
    await nameForCustomers(platform, ref);
    await buttonIn([await headline()], 'Post update').press('A', UPDATE);
    // Published at once, whole: the closing time is part of the text, not a schedule.
    expect((await platform.incidents.statusUpdates(ref)).map((each) => each.body)).toEqual([UPDATE]);
  },

  async write_summary(platform) {
    const { ref, headline } = await platform.declare('Queue backlog grows in eu-west-1');
    await buttonIn([await headline()], 'Take lead').press('A');
    await buttonIn([await remind(platform, ref)], 'Write summary').press('A', 'Consumers stalled on a lock.');
    expect((await platform.incidents.getIncident(ref)).summary).toBe('Consumers stalled on a lock.');
  },

  async describe_impact(platform) {
    const { ref, headline } = await platform.declare('Login fails for SSO users');
    await buttonIn([await headline()], 'Take lead').press('A');
    await buttonIn([await remind(platform, ref)], 'Describe impact').press('A', 'Every Entra ID sign-in.');
    expect((await platform.incidents.getIncident(ref)).impact).toBe('Every Entra ID sign-in.');
  },

  async resolve(platform) {
    const { ref, headline } = await platform.declare('Webhooks arrive late');
    await buttonIn([await headline()], 'Take lead').press('A');
    await buttonIn([await headline()], 'Resolve').press('A');
    expect((await platform.incidents.getIncident(ref)).status).toBe('resolved');
  },

  async snooze(platform) {
    const { ref, headline } = await platform.declare('Exports time out');
    await buttonIn([await headline()], 'Take lead').press('A');
    const reminder = await remind(platform, ref);
    const pressedAt = Date.now();
    const seen = await buttonIn([reminder], 'Snooze 30m').press('A');
    expect(textOf(seen)).not.toContain('is not a duration');
    const pressedBy = Date.now();
    const state = await platform.unitOfWork.read((stores) => stores.communications.reminders.find(ref));
    // Thirty minutes from the press, whenever in the round trip the domain read its clock.
    const until = state.snoozedUntil!.getTime();
    expect(until).toBeGreaterThanOrEqual(pressedAt + 30 * 60_000);
    expect(until).toBeLessThanOrEqual(pressedBy + 30 * 60_000);
  },

  async cancel_scheduled_update(platform) {
    const { ref, headline } = await platform.declare('Status emails bounce');
    await buttonIn([await headline()], 'Take comms').press('A');
    await nameForCustomers(platform, ref);
    const scheduled = await platform.type('A', ref, `update ${ref} --in 30m Mail relay replaced, resending.`);
    const seen = await buttonIn(scheduled, 'Cancel it').press('A');
    expect(textOf(seen)).not.toContain('Name the scheduled update');
    const listed = await platform.incidents.run(`updates ${ref}`, {
      actor: { id: 'api:e2e', displayName: 'e2e' },
      location: null,
      privileged: true,
    });
    expect(listed.message.text).not.toContain('Mail relay replaced');
  },

  async approve_draft(platform) {
    const { ref, headline } = await platform.declare('Map tiles missing');
    await buttonIn([await headline()], 'Take comms').press('A');
    await buttonIn([await headline()], 'Take scribe').press('B');
    await nameForCustomers(platform, ref);
    const draft = await platform.type('B', ref, `update ${ref} --draft Tiles are served again from the CDN.`);
    const seen = await buttonIn(draft, 'Approve and publish').press('A');
    expect(textOf(seen)).not.toContain('Name the draft');
    expect((await platform.incidents.statusUpdates(ref)).map((each) => each.body)).toEqual([
      'Tiles are served again from the CDN.',
    ]);
  },

  async components_operational(platform) {
    const name = `Paiements ${Math.random().toString(36).slice(2, 8)}`;
    await platform.incidents.createComponent({ name });
    const { ref, headline } = await platform.declare('Card payments fail');
    await buttonIn([await headline()], 'Take lead').press('A');
    await buttonIn([await headline()], 'Take comms').press('A');
    await platform.type('A', ref, `component ${ref} ${name} major_outage`);
    const resolved = await platform.type('A', ref, `resolve ${ref}`);
    const seen = await buttonIn(resolved, 'Set components operational').press('A');
    expect(textOf(seen)).not.toContain('Usage');
    const component = (await platform.incidents.components()).find((each) => each.name === name);
    expect(component?.status).toBe('operational');
  },

  async publish_write_up(platform) {
    const { ref, headline } = await platform.declare('Search index stale');
    await buttonIn([await headline()], 'Take lead').press('A');
    await buttonIn([await headline()], 'Resolve').press('A');
    await nameForCustomers(platform, ref);
    const preview = await platform.type('A', ref, `publish ${ref}`);
    await buttonIn(preview, 'Publish').press('A');
    const published = await platform.incidents.run(`publish ${ref}`, {
      actor: { id: 'api:e2e', displayName: 'e2e' },
      location: null,
      privileged: true,
    });
    expect(published.message.buttons).toEqual([]);
  },

  async page_lead(platform) {
    const { ref, headline } = await platform.declare('Ledger writes stall 🧾 in Zürich');
    await buttonIn([await headline()], 'Page lead').press('A');
    // The page is recorded with the incident at once; its delivery to PagerDuty is the outbox's.
    const pages = (await platform.incidents.getIncident(ref)).pages ?? [];
    expect(pages.map((page) => [page.pager, page.pagedBy.displayName])).toEqual([
      ['pagerduty', expect.stringMatching(/^Alice/)],
    ]);
  },

  async start_call(platform) {
    const { ref, headline } = await platform.declare('Mobile push notifications delayed');
    await buttonIn([await headline()], 'Start call').press('A');
    let url: string | null = null;
    await vi.waitFor(async () => {
      url = (await platform.incidents.getIncident(ref)).call?.url ?? null;
      expect(url).not.toBeNull();
    }, WAIT);
    // Asked again, the same call.
    await buttonIn([await headline()], 'Start call').press('B');
    expect((await platform.incidents.getIncident(ref)).call?.url).toBe(url);
  },
};

/** Paging and calls configured, delivering to nothing that answers: the presses are recorded all the same. */
const ENGAGEMENT = {
  PAGERDUTY_ROUTING_KEY: 'e2e0routing0key0of0thirty0two0ch',
  PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:9/v2/enqueue',
  CALL_URL_TEMPLATE: 'https://meet.example.test/firebreak-{ref}',
};

function pressEveryButton(platform: () => ChatPlatform): void {
  it('has a scenario for every kind of button', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...BUTTON_KINDS].sort());
  });

  it.each(BUTTON_KINDS.map((kind) => [kind]))('does what a "%s" button says when pressed', async (kind) => {
    await SCENARIOS[kind](platform());
  });
}

describe('every button on Discord', () => {
  let h: DiscordGatewayHarness;
  const users = (): Record<Who, APIUser> => ({ A: h.fake.users.alice, B: h.fake.users.bob });

  const seenOf = (message: APIMessage): Seen => {
    const embed = message.embeds?.[0];
    const rows = (message.components ?? []) as { components: { custom_id?: string; label?: string }[] }[];
    return {
      text: `${embed?.title ?? ''}\n${embed?.description ?? ''}`,
      buttons: rows
        .flatMap((row) => row.components)
        .map((button) => ({
          label: button.label ?? '',
          press: (who, text) => press(message, button.custom_id!, who, text),
        })),
    };
  };

  const answered = async (interactionId: string, channelId: string): Promise<Seen[]> => {
    let replies: APIMessage[] = [];
    await vi.waitFor(() => {
      replies = h.fake
        .messagesIn(channelId)
        .filter(
          (each) =>
            each.interaction_metadata?.id === interactionId &&
            ((each.flags ?? 0) & MessageFlags.Loading) === 0 &&
            (each.embeds?.length ?? 0) > 0,
        );
      expect(replies.length).toBeGreaterThan(0);
    }, WAIT);
    return replies.map(seenOf);
  };

  async function press(message: APIMessage, customId: string, who: Who, text?: string): Promise<Seen[]> {
    const channelId = message.channel_id;
    const user = users()[who];
    const click = h.fake.dispatchButtonClick({ customId, messageId: message.id, channelId, user });
    if (text === undefined) return answered(click.id, channelId);
    let form: { data?: { custom_id?: string } } | undefined;
    await vi.waitFor(() => {
      form = h.fake.interactionResponses().find((each) => each.interactionId === click.id) as typeof form;
      expect(form?.data?.custom_id).toBeDefined();
    }, WAIT);
    const submit = h.fake.dispatchModalSubmit({
      customId: form!.data!.custom_id!,
      fields: { text },
      channelId,
      user,
    });
    return answered(submit.id, channelId);
  }

  async function channelOf(ref: string): Promise<Incident['spaces'][number]> {
    let space: Incident['spaces'][number] | undefined;
    await vi.waitFor(async () => {
      space = (await h.incidents.getIncident(ref)).spaces.find(
        (each) => each.platform === 'discord' && each.headlineMessageId,
      );
      expect(space).toBeDefined();
    }, WAIT);
    return space!;
  }

  const platform = (): ChatPlatform => ({
    incidents: h.incidents,
    unitOfWork: h.app.get(UnitOfWork),
    async declare(title) {
      const { body } = await request(h.app.getHttpServer())
        .post('/api/v1/incidents')
        .set('Authorization', BEARER)
        .send({ title, severity: 'critical' })
        .expect(201);
      const ref = (body as Incident).ref;
      const space = await channelOf(ref);
      const headline = async () =>
        seenOf(h.fake.messagesIn(space.channelId).find((each) => each.id === space.headlineMessageId)!);
      return { ref, headline };
    },
    async type(who, ref, command) {
      const { channelId } = await channelOf(ref);
      const interaction = h.fake.dispatchSlashCommand({
        name: 'incident',
        subcommand: 'run',
        options: { command },
        channelId,
        user: users()[who],
      });
      return answered(interaction.id, channelId);
    },
    async post(ref, title) {
      const { channelId } = await channelOf(ref);
      let posts: APIMessage[] = [];
      await vi.waitFor(() => {
        posts = postsTitled(h.fake, channelId, title).filter((each) => !each.interaction_metadata);
        expect(posts.length).toBeGreaterThan(0);
      }, WAIT);
      embedOf(posts.at(-1));
      return seenOf(posts.at(-1)!);
    },
  });

  beforeAll(async () => {
    h = await startDiscordGateway({ STATUS_PAGE_URL: 'http://status.test/', ...ENGAGEMENT });
    await setUpIncidentsChannel(h.app, h.fake);
  });

  afterAll(async () => {
    await h?.stop();
  });

  pressEveryButton(platform);
});

describe('every button on Teams', () => {
  let rig: TeamsRig;
  const users: Record<Who, TeamsUser> = { A: ALICE, B: BOB };

  interface CardAction {
    type: string;
    title: string;
    verb?: string;
    data?: Record<string, unknown>;
    card?: { body: { id: string }[]; actions: CardAction[] };
  }
  interface TeamsActivity {
    text?: string;
    attachments?: { contentType: string; content: { actions: CardAction[] } }[];
  }

  /** A card's buttons as Teams shows them: "More…" opens the rest, a form's Send button sends its input. */
  function buttonsOf(actions: readonly CardAction[], thread: Thread): SeenButton[] {
    return actions.flatMap((action): SeenButton[] => {
      if (action.type === 'Action.ShowCard' && action.title === 'More…')
        return buttonsOf(action.card!.actions, thread);
      if (action.type === 'Action.ShowCard') {
        const send = action.card!.actions[0]!;
        const input = action.card!.body[0]!.id;
        return [
          { label: action.title, press: (who, text) => press(thread, send, who, { [input]: text ?? '' }) },
        ];
      }
      return [{ label: action.title, press: (who) => press(thread, action, who, {}) }];
    });
  }

  const seenOf = (activity: TeamsActivity, thread: Thread): Seen => {
    const card = activity.attachments?.find(
      (each) => each.contentType === ADAPTIVE_CARD_CONTENT_TYPE,
    )?.content;
    return {
      text: activity.text ?? JSON.stringify(card ?? {}),
      buttons: buttonsOf(card?.actions ?? [], thread),
    };
  };

  interface Thread {
    readonly id: string;
    readonly rootId: string;
  }

  /** Everything the bot sent since call number `since`: replies and posts in the thread. */
  const sentSince = (since: number, thread: Thread): Seen[] =>
    rig.connector.calls
      .slice(since)
      .filter(
        (call) =>
          (call.operation === 'sendToConversation' || call.operation === 'replyToActivity') &&
          call.status < 300,
      )
      .map((call) => seenOf(call.body as TeamsActivity, thread));

  async function press(
    thread: Thread,
    action: CardAction,
    who: Who,
    typed: Record<string, string>,
  ): Promise<Seen[]> {
    const since = rig.connector.calls.length;
    const response = await rig.send(
      rig.teams.adaptiveCardAction(
        action.verb!,
        { ...action.data, ...typed },
        { cardMessageId: thread.rootId, threadRootId: thread.rootId, from: users[who] },
      ),
    );
    expect(response.status).toBe(200);
    const answer = response.body as { type: string; value: unknown };
    const shown: Seen =
      answer.type === ADAPTIVE_CARD_CONTENT_TYPE
        ? seenOf(
            { attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: answer.value as never }] },
            thread,
          )
        : { text: String(answer.value), buttons: [] };
    return [shown, ...sentSince(since, thread)];
  }

  async function threadOf(ref: string): Promise<Thread> {
    const space = await rig.eventually(async () =>
      (await rig.app.get(IncidentService).getIncident(ref)).spaces.find((each) => each.platform === 'teams'),
    );
    return { id: space.channelId, rootId: space.headlineMessageId! };
  }

  const platform = (): ChatPlatform => ({
    incidents: rig.app.get(IncidentService),
    unitOfWork: rig.app.get(UnitOfWork),
    async declare(title) {
      const { body } = await rig
        .api()
        .post('/api/v1/incidents')
        .send({ title, severity: 'critical' })
        .expect(201);
      const ref = (body as Incident).ref;
      const thread = await threadOf(ref);
      const headline = async () => {
        const updated = rig.connector
          .updates()
          .filter((call) => call.activityId === thread.rootId)
          .at(-1)?.body;
        const created = rig.connector
          .createdConversations()
          .find((each) => JSON.stringify(each.request.activity).includes(`${ref}:`))!.request.activity;
        return seenOf((updated ?? created) as TeamsActivity, thread);
      };
      return { ref, headline };
    },
    async type(who, ref, command) {
      const thread = await threadOf(ref);
      const since = rig.connector.calls.length;
      const activity = rig.teams.channelMention(command, { threadRootId: thread.rootId, from: users[who] });
      expect((await rig.send(activity)).status).toBe(200);
      return sentSince(since, thread);
    },
    async post(ref, title) {
      const thread = await threadOf(ref);
      return rig.eventually(() => {
        const posts = rig.connector
          .activitiesIn(thread.id)
          .filter((each) => JSON.stringify(each).includes(`"text":"${title}`));
        return posts.length ? seenOf(posts.at(-1) as TeamsActivity, thread) : undefined;
      });
    },
  });

  beforeAll(async () => {
    rig = await TeamsRig.start({ STATUS_PAGE_URL: 'http://status.test/', ...ENGAGEMENT });
    rig.connector.setMembers([ALICE, BOB]);
    await rig.setup();
  });

  afterAll(async () => {
    await rig?.close();
  });

  pressEveryButton(platform);
});
