/**
 * The Teams connector end to end: the real gateway, the real botbuilder CloudAdapter and Bot Framework token
 * validation, against the loopback FakeBotConnector and FakeTokenIssuer.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  chatNotice,
  FollowupReminders,
  message,
  notifying,
  UnitOfWork,
  type Incident,
  type TimelineEntry,
} from '@firebreak/incident';
import { ADAPTIVE_CARD_CONTENT_TYPE, ADD_TO_TIMELINE_COMMAND } from '@firebreak/teams';
import { ALICE, BOB, MEGAN } from './fakes/bot-connector/teams-activities.js';
import type { RecordedCall } from './fakes/bot-connector/fake-bot-connector.js';
import { TeamsRig } from './support/teams-rig.js';

let rig: TeamsRig;

beforeAll(async () => {
  rig = await TeamsRig.start();
  rig.connector.setMembers([ALICE, BOB, MEGAN]);
  await rig.setup();
});

afterAll(async () => {
  await rig.close();
});

interface CardActivity {
  text?: string;
  attachments?: Array<{
    contentType: string;
    content: { body: Array<Record<string, unknown>>; actions: Array<Record<string, unknown>> };
  }>;
}

function factsOf(activity: CardActivity): Record<string, string> {
  const card = activity.attachments?.find((each) => each.contentType === ADAPTIVE_CARD_CONTENT_TYPE)?.content;
  const factSet = card?.body.find((block) => block['type'] === 'FactSet') as
    { facts: Array<{ title: string; value: string }> } | undefined;
  return Object.fromEntries((factSet?.facts ?? []).map((fact) => [fact.title, fact.value]));
}

function lastUpdateOf(activityId: string): CardActivity | undefined {
  return rig.connector
    .updates()
    .filter((call) => call.activityId === activityId)
    .at(-1)?.body as CardActivity | undefined;
}

async function incident(ref: string): Promise<Incident> {
  return (await rig.api().get(`/api/v1/incidents/${ref}`).expect(200)).body as Incident;
}

async function timeline(ref: string): Promise<TimelineEntry[]> {
  return (await rig.api().get(`/api/v1/incidents/${ref}/timeline`).expect(200)).body as TimelineEntry[];
}

function repliesTo(activityId: string): RecordedCall[] {
  return rig.connector.calls.filter(
    (call) => call.operation === 'replyToActivity' && call.activityId === activityId && call.status < 300,
  );
}

describe('setup', () => {
  it('stores the channel as the team incidents channel and confirms in the channel', async () => {
    const activity = rig.teams.channelMention('setup');
    expect((await rig.send(activity)).status).toBe(200);
    expect(repliesTo(activity.id)[0]?.body).toMatchObject({ type: 'message' });
    expect(JSON.stringify(repliesTo(activity.id)[0]?.body)).toContain('incidents channel');
  });
});

describe('declaring from a channel mention', () => {
  let ref: string;
  let thread: { id: string; rootId: string };

  it('declares, replies in place, and opens a thread with the headline card in the incidents channel', async () => {
    const activity = rig.teams.channelMention('incident declare DB is down');
    const response = await rig.send(activity);
    expect(response.status).toBe(200);

    const reply = repliesTo(activity.id)[0]?.body as CardActivity;
    ref = /INC-\d+/.exec(JSON.stringify(reply))![0];

    const created = await rig.eventually(() =>
      rig.connector
        .createdConversations()
        .find((each) => JSON.stringify(each.request.activity).includes(ref)),
    );
    expect(created.request).toMatchObject({
      isGroup: true,
      channelData: { channel: { id: rig.teams.channelId } },
      bot: { id: `28:${rig.appId}` },
    });
    const card = created.request.activity as CardActivity;
    expect(card.attachments?.[0]?.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    expect(factsOf(card)).toMatchObject({ Severity: 'major', Status: 'investigating' });
    expect(card.attachments?.[0]?.content.actions.map((action) => action['title'])).toEqual([
      'Take lead',
      'Take scribe',
      'Take comms',
      'Post update',
      'More…',
    ]);
    thread = { id: created.response.id, rootId: created.response.activityId! };

    const stored = await rig.eventually(async () => {
      const current = await incident(ref);
      return current.spaces.length > 0 ? current : undefined;
    });
    expect(stored.title).toBe('DB is down');
    expect(stored.roles.reporter?.id).toBe(`teams:${MEGAN.aadObjectId}`);
    expect(stored.declaredIn).toEqual({ platform: 'teams', channelId: activity.conversation.id });
    expect(stored.spaces).toEqual([
      expect.objectContaining({ platform: 'teams', channelId: thread.id, headlineMessageId: thread.rootId }),
    ]);
    // The declaring message's conversation gets a deep link to the new thread.
    const link = `https://teams.microsoft.com/l/message/${encodeURIComponent(rig.teams.channelId)}/${thread.rootId}?`;
    const notes = await rig.eventually(() => {
      const found = rig.connector
        .activitiesIn(activity.conversation.id)
        .filter((each) => String(each['text']).includes(link));
      return found.length ? found : undefined;
    });
    expect(notes).toHaveLength(1);
    expect(String(notes[0]!['text'])).toContain(`**${ref}** DB is down is worked in its own space.`);
    expect(String(notes[0]!['text'])).toContain(`groupId=${rig.teams.teamAadGroupId}`);
  });

  it('updates the card in place when someone takes the lead with the card button (Action.Execute)', async () => {
    const press = rig.teams.adaptiveCardAction(
      'lead',
      { intent: 'lead', ref },
      {
        cardMessageId: thread.rootId,
        threadRootId: thread.rootId,
        from: ALICE,
      },
    );
    const response = await rig.send(press);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(response.body)).toContain('Alice Smith');

    const updated = await rig.eventually(() => {
      const card = lastUpdateOf(thread.rootId);
      return card && factsOf(card)['Incident Lead']?.includes('Alice Smith') ? card : undefined;
    });
    expect(factsOf(updated)['Incident Lead']).toContain('Alice Smith');
    expect((await incident(ref)).roles.lead?.id).toBe(`teams:${ALICE.aadObjectId}`);
  });

  it('never hands the lead to someone else who presses "Take lead" while Alice holds it', async () => {
    const press = rig.teams.adaptiveCardAction(
      'lead',
      { intent: 'lead', ref },
      { cardMessageId: thread.rootId, threadRootId: thread.rootId, from: BOB },
    );
    expect((await rig.send(press)).status).toBe(200);
    expect((await incident(ref)).roles.lead?.id).toBe(`teams:${ALICE.aadObjectId}`);
  });

  it('assigns a role to a mentioned user from inside the thread, and mentions them so Teams notifies them', async () => {
    const activity = rig.teams.channelMessageMentioning('scribe {}', [BOB], { threadRootId: thread.rootId });
    const before = rig.connector.pings().length;
    expect((await rig.send(activity)).status).toBe(200);
    const current = await incident(ref);
    expect(current.roles.scribe).toEqual({ id: `teams:${BOB.aadObjectId}`, displayName: 'Bob Jones' });
    const [reply] = repliesTo(activity.id);
    expect((reply?.body as CardActivity).text).toBe('<at>Bob Jones</at> is now Scribe.');
    expect(rig.connector.pings().slice(before)).toEqual([
      { conversationId: activity.conversation.id, userId: BOB.aadObjectId, name: 'Bob Jones', in: 'text' },
    ]);
    await rig.eventually(() => factsOf(lastUpdateOf(thread.rootId) ?? {})['Scribe']?.includes('Bob Jones'));
  });

  it('adds a message to the timeline with the message action, with author and text', async () => {
    const action = rig.teams.messageAction(
      ADD_TO_TIMELINE_COMMAND,
      {
        html: '<p>Failover to <b>replica-2</b> started &amp; running</p>',
        author: BOB,
        threadRootId: thread.rootId,
      },
      { from: ALICE },
    );
    const response = await rig.send(action);
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).toContain(`Added to the timeline of ${ref}`);

    const pinned = (await timeline(ref)).find((entry) => entry.kind === 'message_pinned')!;
    expect(pinned.message).toMatchObject({
      platform: 'teams',
      text: 'Failover to replica-2 started & running',
      author: { id: `teams:${BOB.aadObjectId}`, displayName: 'Bob Jones' },
    });
    expect(pinned.message?.link).toContain('teams.microsoft.com/l/message/');
    expect(pinned.author?.id).toBe(`teams:${ALICE.aadObjectId}`);
  });

  it('adds a reacted-to message in the incident thread to the timeline, once', async () => {
    const reaction = rig.teams.reaction('1700000000123', 'like', {
      threadRootId: thread.rootId,
      from: ALICE,
    });
    expect((await rig.send(reaction)).status).toBe(200);
    expect(
      (await rig.send(rig.teams.reaction('1700000000123', 'heart', { threadRootId: thread.rootId }))).status,
    ).toBe(200);
    const pins = (await timeline(ref)).filter(
      (entry) => entry.kind === 'message_pinned' && entry.message?.messageId === '1700000000123',
    );
    expect(pins).toHaveLength(1);
  });

  it('does not run channel messages that do not mention the bot, but pins them with author and text on a reaction', async () => {
    const chatter = rig.teams.channelMessage('resolve — <b>the replica lag is back to 0</b>', {
      threadRootId: thread.rootId,
      from: BOB,
    });
    expect((await rig.send(chatter)).status).toBe(200);
    expect(repliesTo(chatter.id)).toEqual([]);
    expect((await incident(ref)).status).not.toBe('resolved');

    expect(
      (await rig.send(rig.teams.reaction(chatter.id, 'like', { threadRootId: thread.rootId }))).status,
    ).toBe(200);
    const pinned = (await timeline(ref)).find((entry) => entry.message?.messageId === chatter.id)!;
    expect(pinned.message).toMatchObject({
      text: 'resolve — the replica lag is back to 0',
      author: { id: `teams:${BOB.aadObjectId}`, displayName: 'Bob Jones' },
    });
    expect(pinned.message?.link).toContain(`parentMessageId=${thread.rootId}`);
  });

  it('is worked from the HTTP API and the card follows', async () => {
    await rig.api().post(`/api/v1/incidents/${ref}/status`).send({ status: 'identified' }).expect(200);
    await rig.api().patch(`/api/v1/incidents/${ref}`).send({ severity: 'critical' }).expect(200);
    const card = await rig.eventually(() => {
      const latest = lastUpdateOf(thread.rootId);
      const facts = latest ? factsOf(latest) : {};
      return facts['Status'] === 'identified' && facts['Severity'] === 'critical' ? latest : undefined;
    });
    expect(factsOf(card!)).toMatchObject({ Status: 'identified', Severity: 'critical' });
  });

  it('echoes a public update into the thread, posted once', async () => {
    await rig.api().patch(`/api/v1/incidents/${ref}`).send({ publicTitle: 'Database trouble' }).expect(200);
    await rig
      .api()
      .post(`/api/v1/incidents/${ref}/updates`)
      .send({ body: 'We are failing over.' })
      .expect(201);
    await rig.eventually(() =>
      rig.connector
        .activitiesIn(thread.id)
        .some((each) => JSON.stringify(each).includes('We are failing over.')),
    );
    await rig.drain();
    expect(
      rig.connector
        .activitiesIn(thread.id)
        .filter((each) => JSON.stringify(each).includes('We are failing over.')),
    ).toHaveLength(1);
    const [echo] = rig.connector
      .activitiesIn(thread.id)
      .filter((each) => JSON.stringify(each).includes('We are failing over.'));
    // The domain's echo, as Discord shows it too: a card titled with the update, then where customers read it.
    const card = JSON.stringify(echo?.['attachments']);
    expect(card).toContain(`Public update on ${ref}`);
    expect(card).toContain('We are failing over.');
    expect(card).toContain(`http://localhost:3000/incidents/${ref}`);
    expect(card.indexOf('We are failing over.')).toBeLessThan(card.indexOf(`/incidents/${ref}`));
  });

  it('mentions whom a card notice is meant to reach inside the card, so Teams notifies them', async () => {
    const megan = { id: `teams:${MEGAN.aadObjectId}`, displayName: 'Megan Bowen' };
    const before = rig.connector.pings().length;
    await rig.app.get(UnitOfWork).run((stores) =>
      stores.outbox.append([
        chatNotice(
          { kind: 'incident', ref },
          message(`<@${megan.id}>: no public update for 40 minutes. Post one now?`, {
            title: `Reminder: ${ref}`,
            incidentRef: ref,
            buttons: [{ label: 'Post update', intent: { kind: 'post_update' }, style: 'primary' }],
            ...notifying([megan]),
          }),
          new Date(),
          'test:card-reminder',
        ),
      ]),
    );
    await rig.drain();
    expect(rig.connector.pings().slice(before)).toEqual([
      { conversationId: thread.id, userId: MEGAN.aadObjectId, name: 'Megan Bowen', in: 'card' },
    ]);
  });

  it('posts a reminder the domain asks for (an overdue follow-up) into the thread, once', async () => {
    await rig
      .api()
      .post(`/api/v1/incidents/${ref}/actions`)
      .send({
        kind: 'followup',
        text: 'Rotate the replica credentials',
        owner: 'teams:29:megan',
        due: '2020-01-31',
      })
      .expect(201);
    await rig.app.get(FollowupReminders).runDue();
    await rig.app.get(FollowupReminders).runDue();
    await rig.drain();
    const reminders = rig.connector
      .activitiesIn(thread.id)
      .filter((each) => JSON.stringify(each).includes('Rotate the replica credentials'));
    expect(reminders).toHaveLength(1);
    expect(JSON.stringify(reminders[0])).toContain('is overdue');
    // The owner was named by id through the API: the reminder names them without the id, and notifies them.
    expect(JSON.stringify(reminders[0])).not.toContain('teams:');
    expect(rig.connector.pings()).toContainEqual({
      conversationId: thread.id,
      userId: '29:megan',
      name: 'a Teams user',
      in: 'text',
    });
  });

  it('publishes a public update from the card form (Action.Execute with the typed text)', async () => {
    // What Teams sends: the Send action's data plus the value of the form's input, under the input's id.
    const card = lastUpdateOf(thread.rootId)!.attachments![0]!.content;
    const form = card.actions.find((action) => action['title'] === 'Post update') as {
      card: { body: [{ id: string }]; actions: [{ verb: string; data: Record<string, unknown> }] };
    };
    const send = form.card.actions[0];
    const press = rig.teams.adaptiveCardAction(
      send.verb,
      { ...send.data, [form.card.body[0].id]: 'Replica promoted, errors dropping.' },
      { cardMessageId: thread.rootId, threadRootId: thread.rootId, from: ALICE },
    );
    expect((await rig.send(press)).status).toBe(200);
    const updates = (await rig.api().get(`/api/v1/incidents/${ref}/updates`).expect(200)).body as Array<{
      body: string;
    }>;
    expect(updates.map((each) => each.body)).toContain('Replica promoted, errors dropping.');
  });

  it('resolves with the card button and closes from the thread; the card loses its buttons', async () => {
    const resolve = rig.teams.adaptiveCardAction(
      'resolve',
      { intent: 'resolve', ref },
      {
        cardMessageId: thread.rootId,
        threadRootId: thread.rootId,
        from: ALICE,
      },
    );
    expect((await rig.send(resolve)).status).toBe(200);
    const close = rig.teams.channelMention('close --override verified in the e2e test', {
      threadRootId: thread.rootId,
      from: ALICE,
    });
    expect((await rig.send(close)).status).toBe(200);
    expect((await incident(ref)).status).toBe('closed');
    const card = await rig.eventually(() => {
      const latest = lastUpdateOf(thread.rootId);
      return latest && factsOf(latest)['Status'] === 'closed' ? latest : undefined;
    });
    expect(card.attachments?.[0]?.content.actions).toEqual([]);
    expect(
      rig.connector.activitiesIn(thread.id).some((each) => String(each['text']).includes('is now closed')),
    ).toBe(true);
  });
});

describe('card buttons that the domain refuses', () => {
  it('answer with the refusal as a message and leave the card as it was', async () => {
    const declared = (await rig.api().post('/api/v1/incidents').send({ title: 'Refusal check' }).expect(201))
      .body as Incident;
    const press = () =>
      rig.teams.adaptiveCardAction('reopen', { intent: 'reopen', ref: declared.ref }, { from: ALICE });
    const response = await rig.send(press());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
    });
    expect((await incident(declared.ref)).status).toBe('investigating');
  });
});

describe('commands in personal chat', () => {
  it('answers an unknown command with the list of commands, said once', async () => {
    const activity = rig.teams.personalMessage('restart the primary database');
    expect((await rig.send(activity)).status).toBe(200);
    const reply = repliesTo(activity.id)[0]?.body as CardActivity & { summary?: string };
    expect(reply.summary).toBe('Unknown command');
    expect(reply.text).toBeUndefined();
    const said = JSON.stringify(reply);
    expect(said).toContain('Unknown command \\"restart\\"');
    expect(said.split('Commands:')).toHaveLength(2);
    expect(said.match(/\bdeclare\b/g)).toHaveLength(1);
  });

  it('answers help with the command list', async () => {
    const activity = rig.teams.personalMessage('help');
    expect((await rig.send(activity)).status).toBe(200);
    const reply = JSON.stringify(repliesTo(activity.id)[0]?.body);
    expect(reply).toContain('declare [--private] <what happened>');
    expect(reply).toContain('declare --past <what happened>');
    expect(reply).toContain('resolve [INC-n]');
  });

  it('maps a refusal to a reply once, and changes nothing', async () => {
    const activity = rig.teams.personalMessage('resolve INC-999');
    expect((await rig.send(activity)).status).toBe(200);
    const replies = repliesTo(activity.id);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.body)).toContain('There is no incident INC-999');
  });

  it('opens a form for declare without a title, and declares from the submitted task module', async () => {
    const bare = rig.teams.personalMessage('declare');
    expect((await rig.send(bare)).status).toBe(200);
    const prompt = JSON.stringify(repliesTo(bare.id)[0]?.body);
    expect(prompt).toContain('task/fetch');

    const fetch = await rig.send(rig.teams.taskFetch({ intent: 'declare-form' }));
    expect(fetch.status).toBe(200);
    expect(fetch.body).toMatchObject({ task: { type: 'continue', value: { title: 'Declare an incident' } } });
    const inputs = (
      fetch.body as { task: { value: { card: { content: { body: Array<{ id: string }> } } } } }
    ).task.value.card.content.body.map((input) => input.id);
    expect(inputs).toEqual(['title', 'summary', 'severity', 'impact', 'past']);

    const submit = await rig.send(
      rig.teams.taskSubmit({
        intent: 'declare-form',
        title: 'Checkout errors',
        summary: 'Payments time out',
        severity: 'critical',
        impact: 'Customers cannot pay',
      }),
    );
    expect(submit.status).toBe(200);
    const text = JSON.stringify(submit.body);
    const ref = /INC-\d+/.exec(text)![0];
    // The reply names the reporter; it never shows their id.
    expect(text).toContain('Reporter: **Megan Bowen**');
    expect(text).not.toContain('teams:');
    expect(await incident(ref)).toMatchObject({
      title: 'Checkout errors',
      summary: 'Payments time out',
      severity: 'critical',
      impact: 'Customers cannot pay',
    });
    // Declared in a personal chat: its thread goes to the team that is set up.
    await rig.eventually(() =>
      rig.connector
        .createdConversations()
        .find((each) => JSON.stringify(each.request.activity).includes(ref)),
    );
  });
});

describe('redelivery', () => {
  it('applies a redelivered activity once and answers it again', async () => {
    const activity = rig.teams.channelMention('incident declare Cache is cold');
    expect((await rig.send(activity)).status).toBe(200);
    expect((await rig.send(activity)).status).toBe(200);
    const before = (await rig.api().get('/api/v1/incidents').expect(200)).body as Incident[];
    expect(before.filter((each) => each.title === 'Cache is cold')).toHaveLength(1);
    expect(repliesTo(activity.id)).toHaveLength(2);
  });
});

describe('incidents declared elsewhere', () => {
  it('get a thread in the default team when declared through the HTTP API', async () => {
    const declared = (
      await rig.api().post('/api/v1/incidents').send({ title: 'API-declared outage' }).expect(201)
    ).body as Incident;
    await rig.eventually(() =>
      rig.connector
        .createdConversations()
        .find((each) => JSON.stringify(each.request.activity).includes(declared.ref)),
    );
    const withSpace = await rig.eventually(async () => {
      const current = await incident(declared.ref);
      return current.spaces.some((space) => space.platform === 'teams') ? current : undefined;
    });
    expect(withSpace.spaces[0]!.channelId).toContain(`${rig.teams.channelId};messageid=`);
  });
});

describe('a restart', () => {
  it('keeps posting proactively with the stored conversation reference', async () => {
    const declared = (await rig.api().post('/api/v1/incidents').send({ title: 'Before restart' }).expect(201))
      .body as Incident;
    const created = await rig.eventually(() =>
      rig.connector
        .createdConversations()
        .find((each) => JSON.stringify(each.request.activity).includes(declared.ref)),
    );
    await rig.stop();
    await rig.boot();
    await rig
      .api()
      .post(`/api/v1/incidents/${declared.ref}/status`)
      .send({ status: 'monitoring' })
      .expect(200);
    await rig.eventually(() => {
      const latest = lastUpdateOf(created.response.activityId!);
      return latest && factsOf(latest)['Status'] === 'monitoring';
    });
  });
});

describe('unexpected failures', () => {
  it('never leak a stack trace to the user', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const activity = rig.teams.personalMessage('show INC-424242');
    expect((await rig.send(activity)).status).toBe(200);
    expect(JSON.stringify(repliesTo(activity.id)[0]?.body)).not.toContain('    at ');
    spy.mockRestore();
  });
});
