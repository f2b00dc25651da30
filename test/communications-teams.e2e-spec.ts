/**
 * The communications lead's tools through a real chat connector: reminders and scheduled updates reach the incident's Teams thread
 * (the real gateway, botbuilder and the loopback FakeBotConnector).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReminderService, UnitOfWork, UpdateScheduler } from '@firebreak/incident';
import { FixedClock, RecordingRetryBackoff } from '@firebreak/incident/testing';
import { ALICE, BOB, MEGAN } from './fakes/bot-connector/teams-activities.js';
import { TeamsRig } from './support/teams-rig.js';

const MINUTE = 60_000;
let rig: TeamsRig;
let thread: string;

beforeAll(async () => {
  rig = await TeamsRig.start({ COMMS_TICK_MS: '0' });
  rig.connector.setMembers([ALICE, BOB, MEGAN]);
  await rig.setup();
  await rig.send(rig.teams.channelMention('incident declare Payments are failing'));
  thread = await rig.eventually(
    () =>
      rig.connector
        .createdConversations()
        .find((each) => JSON.stringify(each.request.activity).includes('INC-1'))?.response.id,
  );
  await rig
    .api()
    .put('/api/v1/incidents/INC-1/roles/comms')
    .send({ user: 'teams:bob', displayName: 'Bob' })
    .expect(200);
});

afterAll(async () => {
  await rig?.close();
});

/** A clock ahead of the real one: the gateway's own services see real time; these see the future. */
const later = (minutes: number) => new FixedClock(new Date(Date.now() + minutes * MINUTE));

describe('communications in the Teams thread', () => {
  it('posts a reminder mentioning the comms lead with a Post update button, once', async () => {
    const reminders = new ReminderService(rig.app.get(UnitOfWork), later(61), new RecordingRetryBackoff());
    expect(await reminders.remindDue()).toBe(1);
    expect(await reminders.remindDue()).toBe(0);
    const posted = await rig.eventually(() =>
      rig.connector
        .activitiesIn(thread)
        .find((activity) => JSON.stringify(activity).includes('Reminder: INC-1')),
    );
    const json = JSON.stringify(posted);
    expect(json).toContain('No public update yet');
    expect(json).toContain('Post update');
    expect(json).toContain('Bob');
    await rig.drain();
    expect(
      rig.connector.activitiesIn(thread).filter((a) => JSON.stringify(a).includes('Reminder: INC-1')),
    ).toHaveLength(1);
  });

  it('publishes a scheduled update when due and echoes it in the thread', async () => {
    await rig
      .api()
      .post('/api/v1/commands')
      .send({ text: 'public-title INC-1 Payments are slow' })
      .expect(200);
    await rig
      .api()
      .post('/api/v1/commands')
      .send({ text: 'update INC-1 --in 30m Payments recover shortly' })
      .expect(200);
    expect(
      await new UpdateScheduler(rig.app.get(UnitOfWork), later(29), new RecordingRetryBackoff()).publishDue(),
    ).toBe(0);
    expect(
      await new UpdateScheduler(rig.app.get(UnitOfWork), later(31), new RecordingRetryBackoff()).publishDue(),
    ).toBe(1);
    await rig.eventually(() =>
      rig.connector
        .activitiesIn(thread)
        .find((activity) => JSON.stringify(activity).includes('Payments recover shortly')),
    );
  });
});
