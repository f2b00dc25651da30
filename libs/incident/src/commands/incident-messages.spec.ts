import { describe, expect, it } from 'vitest';
import type { NeutralMessage } from '../model/neutral-message.js';
import { apiParticipant, replaceMentions, type Participant } from '../model/participant.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { ReminderService } from '../communications/reminders.js';
import { FollowupReminders } from '../review/followup-reminders.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import { RecordingRetryBackoff } from '../testing/recording-retry-backoff.js';
import type { CommandContext } from './command-context.js';
import { incidentAnnouncement, incidentHeadline, publicUpdateEcho } from './incident-messages.js';
import { IncidentService } from './incident-service.js';

describe(publicUpdateEcho.name, () => {
  it('links the echo to the incident on the status page, whatever the configured URL ends with', () => {
    for (const url of ['https://status.example.com', 'https://status.example.com/'])
      expect(publicUpdateEcho('INC-4', 'A fix is rolling out.', url)).toMatchObject({
        title: 'Public update on INC-4',
        text: 'A fix is rolling out.\n\nOn the status page: https://status.example.com/incidents/INC-4',
        incidentRef: 'INC-4',
      });
  });

  it('echoes the text alone when no status page is configured', () => {
    expect(publicUpdateEcho('INC-4', 'A fix is rolling out.', null).text).toBe('A fix is rolling out.');
  });
});

describe('every message the domain writes', () => {
  const dana: Participant = { id: 'teams:aaaa0001-4c1e-9e2b-5d7f0a1b2c3d', displayName: 'Dana Ólafsdóttir' };
  const omar: Participant = { id: 'discord:100200300400500600', displayName: 'Omar 🚒' };
  const eli: Participant = { id: 'teams:29:eli', displayName: 'Eli Nakamura' };
  const mentioned = Object.fromEntries([dana, omar, eli].map((each) => [each.id, each.displayName]));
  const as = (actor: Participant): CommandContext => ({ actor, location: null, mentioned });

  /** Every neutral mention in a message's text and fields. */
  function mentionsIn(said: NeutralMessage): string[] {
    const ids: string[] = [];
    for (const text of [said.text, ...said.fields.map((field) => field.value)])
      replaceMentions(text, (id) => {
        ids.push(id);
        return '';
      });
    return ids;
  }

  /** A response from declaration to follow-up reminders, with its answers and the notices it posted. */
  async function respond(): Promise<NeutralMessage[]> {
    const unitOfWork = new InMemoryUnitOfWork();
    const clock = new FixedClock(new Date('2026-03-02T08:00:00.000Z'));
    const sut = new IncidentService(unitOfWork, clock);
    await sut.createComponent({ name: 'Use an LPA' });
    const lines = [
      ['declare Use an LPA refuses sign-ins', dana],
      ['lead INC-1', omar],
      [`scribe INC-1 <@${eli.id}>`, omar],
      ['comms INC-1', dana],
      ['lead INC-1', eli],
      ['component INC-1 Use an LPA major_outage', dana],
      ['update INC-1 --draft Sign-ins to Use an LPA are failing; we are investigating.', eli],
      [`followup INC-1 Alert on certificate expiry <@${eli.id}> due 2026-03-03`, omar],
      ['show INC-1', eli],
      ['list', eli],
      ['updates INC-1', dana],
      ['done 1', eli],
      ['followup INC-1 Rotate the staging certificate', omar],
      ['resolve INC-1', omar],
      ['review INC-1 schedule 2026-03-04 15:00 Europe/London', omar],
      ['followups', dana],
      ['scribe INC-1', dana],
    ] as const;
    const answers: NeutralMessage[] = [];
    for (const [line, actor] of lines) answers.push((await sut.run(line, as(actor))).message);
    const incident = await sut.getIncident('INC-1');
    answers.push(incidentHeadline(incident, await sut.components()), incidentAnnouncement(incident, null));
    clock.set(new Date('2026-03-04T14:50:00.000Z'));
    await new FollowupReminders(
      unitOfWork,
      clock,
      { day: 'wednesday', time: '09:00' },
      new RecordingRetryBackoff(),
    ).runDue();
    await new ReminderService(unitOfWork, clock, new RecordingRetryBackoff()).remindDue();
    const posted = unitOfWork.events.flatMap((event) =>
      event.type === 'chat.notice' || event.type === 'reminder.due'
        ? [event.payload.message as NeutralMessage]
        : [],
    );
    expect(posted.length).toBeGreaterThanOrEqual(2);
    return [...answers, ...posted];
  }

  it('names everyone it mentions, so no platform shows an id', async () => {
    const said = await respond();
    const mentioning = said.filter((each) => mentionsIn(each).length > 0);
    expect(mentioning.length).toBeGreaterThan(10);
    for (const each of mentioning) {
      for (const id of mentionsIn(each))
        expect(each.people[id], `${id} in "${each.text}"`).toBe(mentioned[id]);
    }
  });

  it('notifies only people it names, and those it asks to act rather than whoever acted', async () => {
    const said = await respond();
    for (const each of said)
      for (const id of each.notify ?? []) expect(mentionsIn(each), `${id} in "${each.text}"`).toContain(id);
    const notified = (text: string) => said.find((each) => each.text.startsWith(text))?.notify;
    expect(notified(`<@${eli.id}> is now Scribe.`)).toEqual([eli.id]);
    expect(notified(`<@${omar.id}>, <@${eli.id}> asks to take over as Incident Lead`)).toEqual([omar.id]);
    expect(notified(`<@${omar.id}> is now Incident Lead.`)).toEqual([]);
    expect(notified('Follow-up added to INC-1: ⬜ #1 Alert on certificate expiry')).toEqual([eli.id]);
    expect(notified('Review meeting for INC-1 at')).toEqual([dana.id, omar.id, eli.id]);
    expect(notified('**INC-1**')).toEqual([]);
    const headline = said.find((each) => each.title?.startsWith('INC-1:'));
    expect(headline?.notify).toEqual([]);
    expect(said.filter((each) => (each.notify ?? []).length > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('names people an API call gives by id as the incident knows them, else by platform, never by id', async () => {
    const sut = new IncidentService(
      new InMemoryUnitOfWork(),
      new FixedClock(new Date('2026-03-02T08:00:00Z')),
    );
    const api: CommandContext = { actor: apiParticipant('ops'), location: null, privileged: true };
    await sut.run('declare Use an LPA refuses sign-ins', as(dana));
    await sut.run(`lead INC-1 <@${eli.id}>`, as(dana));
    const stranger = 'teams:bbbb0002-4c1e-9e2b-5d7f0a1b2c3d';
    const first = (await sut.run(`followup INC-1 Rotate the certificate <@${eli.id}>`, api)).message;
    const second = (await sut.run(`followup INC-1 Page the vendor <@${stranger}>`, api)).message;
    const third = (await sut.run(`scribe INC-1 <@${dana.id}>`, api)).message;
    expect(first.people).toEqual({ [eli.id]: 'Eli Nakamura' });
    expect(second.people).toEqual({ [stranger]: 'a Teams user' });
    expect(third.people[dana.id]).toBe('Dana Ólafsdóttir');
    const { roles } = await sut.getIncident('INC-1');
    expect(roles.scribe).toEqual(dana);
    expect(JSON.stringify(roles)).not.toContain('"displayName":"teams:');
  });

  it('writes component names and people’s names, never their ids, outside mentions', async () => {
    for (const each of await respond()) {
      const written = [
        each.title ?? '',
        each.text,
        ...each.fields.map((field) => `${field.name}: ${field.value}`),
      ]
        .map((text) => replaceMentions(text, () => ''))
        .join('\n');
      expect(written).not.toMatch(/use-an-lpa|teams:|discord:|api:/);
    }
  });
});
