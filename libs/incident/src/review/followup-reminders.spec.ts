import { beforeEach, describe, expect, it } from 'vitest';
import type { NeutralMessage } from '../model/neutral-message.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import { RecordingRetryBackoff } from '../testing/recording-retry-backoff.js';
import { RefusingUnitOfWork } from '../testing/refusing-unit-of-work.js';
import type { CommandContext } from '../commands/command-context.js';
import { IncidentService } from '../commands/incident-service.js';
import { FollowupReminders, latestSlot, noticeReaches } from './followup-reminders.js';

const lead: CommandContext = {
  actor: { id: 'discord:1', displayName: 'Lee' },
  location: null,
  privileged: true,
};
const owner = { id: 'teams:29:ola', displayName: 'Ola' };

describe(FollowupReminders.name, () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let incidents: IncidentService;
  let sut: FollowupReminders;
  let backoff: RecordingRetryBackoff;
  const notices = () =>
    unitOfWork.events
      .filter((event) => event.type === 'chat.notice')
      .map((event) => ({
        target: event.payload.target,
        text: (event.payload.message as NeutralMessage).text,
      }));

  beforeEach(async () => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(new Date('2026-03-02T08:00:00.000Z')); // a Monday
    incidents = new IncidentService(unitOfWork, clock);
    backoff = new RecordingRetryBackoff();
    sut = new FollowupReminders(unitOfWork, clock, { day: 'monday', time: '09:00' }, backoff);
    await incidents.run('declare Disk full', lead);
    await incidents.run(`followup INC-1 Add disk alerts <@${owner.id}> due 2026-03-04`, {
      ...lead,
      mentioned: { [owner.id]: 'Ola' },
    });
    await incidents.run('followup INC-1 Write the runbook', lead);
  });

  it('finds the most recent weekly slot', () => {
    expect(latestSlot({ day: 'monday', time: '09:00' }, new Date('2026-03-02T08:59:00Z')).toISOString()).toBe(
      '2026-02-23T09:00:00.000Z',
    );
    expect(latestSlot({ day: 'monday', time: '09:00' }, new Date('2026-03-02T09:00:00Z')).toISOString()).toBe(
      '2026-03-02T09:00:00.000Z',
    );
  });

  it('posts the weekly digest to the incidents channel once, mentioning owners', async () => {
    expect(await sut.runDue()).toBe(0);
    clock.set(new Date('2026-03-02T09:00:30.000Z'));
    expect(await sut.runDue()).toBe(1);
    expect(await sut.runDue()).toBe(0);
    expect(notices()).toEqual([
      {
        target: { kind: 'incidents_channel' },
        text: '**Open (2)**\nINC-1: ⬜ #1 Add disk alerts — <@teams:29:ola> (due 2026-03-04)\nINC-1: ⬜ #2 Write the runbook',
      },
    ]);
  });

  it('reminds the owner of an overdue follow-up once a day in the incident channel', async () => {
    clock.set(new Date('2026-03-05T10:00:00.000Z'));
    await sut.runDue();
    await sut.runDue();
    clock.set(new Date('2026-03-06T10:00:00.000Z'));
    await sut.runDue();
    const overdue = notices().filter((notice) => notice.text.includes('overdue'));
    expect(overdue).toHaveLength(2);
    expect(overdue[0]).toEqual({
      target: { kind: 'incident', ref: 'INC-1' },
      text: '<@teams:29:ola> follow-up #1 of INC-1 is overdue: Add disk alerts. Mark it with `done 1`.',
    });
  });

  it('reminds participants shortly before the review meeting, once', async () => {
    await incidents.run('lead INC-1', lead);
    await incidents.run('resolve INC-1', lead);
    await incidents.run('review INC-1 schedule 2026-03-02 12:00', lead);
    clock.set(new Date('2026-03-02T11:50:00.000Z'));
    await sut.runDue();
    await sut.runDue();
    const meeting = notices().filter((notice) => notice.text.startsWith('Review meeting'));
    expect(meeting).toEqual([
      {
        target: { kind: 'incident', ref: 'INC-1' },
        text: 'Review meeting for INC-1 at 2026-03-02 12:00 UTC. <@discord:1>',
      },
    ]);
  });

  it('reminds again when the meeting moves after its reminder went out', async () => {
    await incidents.run('resolve INC-1', lead);
    await incidents.run('review INC-1 schedule 2026-03-02 12:00', lead);
    clock.set(new Date('2026-03-02T11:50:00.000Z'));
    await sut.runDue();
    await incidents.run('review INC-1 schedule 2026-03-03 16:30', lead);
    clock.set(new Date('2026-03-03T16:20:00.000Z'));
    await sut.runDue();
    await sut.runDue();
    expect(notices().filter((notice) => notice.text.startsWith('Review meeting'))).toEqual([
      { target: { kind: 'incident', ref: 'INC-1' }, text: expect.stringContaining('2026-03-02 12:00 UTC') },
      { target: { kind: 'incident', ref: 'INC-1' }, text: expect.stringContaining('2026-03-03 16:30 UTC') },
    ]);
  });

  describe('when one notice cannot be written', () => {
    let refusing: RefusingUnitOfWork;
    const keys = () =>
      unitOfWork.events.flatMap((event) => (event.type === 'chat.notice' ? [event.payload.key] : []));
    const at = (time: string) => clock.set(new Date(`2026-03-09T${time}.000Z`)); // the next Monday

    beforeEach(async () => {
      refusing = new RefusingUnitOfWork(unitOfWork);
      sut = new FollowupReminders(refusing, clock, { day: 'monday', time: '09:00' }, backoff);
      await incidents.run('lead INC-1', lead);
      await incidents.run('resolve INC-1', lead);
      await incidents.run('review INC-1 schedule 2026-03-09 09:10', lead);
      await incidents.run('declare Łódź edge nodes drop 30% of TLS handshakes 🔥', lead);
      await incidents.run(`followup INC-2 Rotate the edge certificates <@${owner.id}> due 2026-03-05`, {
        ...lead,
        mentioned: { [owner.id]: 'Ola' },
      });
      // Everything of INC-1 fails to write (a full disk, say); INC-2 and the digest are unaffected.
      refusing.refuses = (event) => event.incidentRef === 'INC-1' && event.type === 'chat.notice';
    });

    it('still sends the others in the same tick, and retries it after pauses that double', async () => {
      at('09:00:30');
      expect(await sut.runDue()).toBe(2);
      expect(keys()).toEqual(['followup-digest:2026-03-09T09:00:00.000Z', 'followup-overdue:3:2026-03-09']);
      expect(refusing.refusals).toBe(2);

      const tries: [string, number][] = [];
      for (const time of ['09:01:00', '09:01:30', '09:03:29', '09:03:30', '09:07:29', '09:07:30']) {
        at(time);
        await sut.runDue();
        tries.push([time, refusing.refusals]);
      }
      // Tried again 1, 2 and 4 minutes after each failure, and not in between.
      expect(tries).toEqual([
        ['09:01:00', 2],
        ['09:01:30', 4],
        ['09:03:29', 4],
        ['09:03:30', 6],
        ['09:07:29', 6],
        ['09:07:30', 8],
      ]);
      expect(
        backoff.failures.map(({ item, failures, retryAt }) => [
          item.kind,
          item.incidentRef,
          failures,
          retryAt,
        ]),
      ).toEqual([
        ['followup-overdue', 'INC-1', 1, new Date('2026-03-09T09:01:30.000Z')],
        ['review-meeting', 'INC-1', 1, new Date('2026-03-09T09:01:30.000Z')],
        ['followup-overdue', 'INC-1', 2, new Date('2026-03-09T09:03:30.000Z')],
        ['review-meeting', 'INC-1', 2, new Date('2026-03-09T09:03:30.000Z')],
        ['followup-overdue', 'INC-1', 3, new Date('2026-03-09T09:07:30.000Z')],
        ['review-meeting', 'INC-1', 3, new Date('2026-03-09T09:07:30.000Z')],
        ['followup-overdue', 'INC-1', 4, new Date('2026-03-09T09:15:30.000Z')],
        ['review-meeting', 'INC-1', 4, new Date('2026-03-09T09:15:30.000Z')],
      ]);
      expect(String(backoff.failures[0]!.error)).toBe(
        'Error: disk I/O error while appending chat.notice of INC-1',
      );

      refusing.refuses = () => false;
      at('09:15:29');
      expect(await sut.runDue()).toBe(0);
      at('09:15:30');
      expect(await sut.runDue()).toBe(2);
      at('09:16:30');
      expect(await sut.runDue()).toBe(0);
      expect(keys()).toEqual([
        'followup-digest:2026-03-09T09:00:00.000Z',
        'followup-overdue:3:2026-03-09',
        'followup-overdue:1:2026-03-09',
        'review-meeting:INC-1:2026-03-09T09:10:00.000Z',
      ]);
    });

    it('retries a kind whose listing fails, and still sends the other kinds', async () => {
      refusing.unreadable.add('reviews');
      refusing.refuses = () => false;
      at('09:00:30');
      expect(await sut.runDue()).toBe(3);
      expect(backoff.failures.map(({ item }) => [item.kind, item.incidentRef, item.key])).toEqual([
        ['review-meeting', null, 'review-meeting:listing'],
      ]);
      refusing.unreadable.clear();
      at('09:01:30');
      expect(await sut.runDue()).toBe(1);
      expect(keys().at(-1)).toBe('review-meeting:INC-1:2026-03-09T09:10:00.000Z');
    });
  });
});

describe(noticeReaches.name, () => {
  it('sends an incidents-channel notice to every platform’s incidents channel, or only to the one named', () => {
    const everywhere = { kind: 'incidents_channel' } as const;
    const onlyOps = {
      kind: 'incidents_channel',
      only: { platform: 'teams', channelId: '19:ops@thread.tacv2' },
    } as const;
    expect(noticeReaches(everywhere, 'discord', '1100')).toBe(true);
    expect(noticeReaches(everywhere, 'teams', '19:ops@thread.tacv2')).toBe(true);
    expect(noticeReaches(onlyOps, 'teams', '19:ops@thread.tacv2')).toBe(true);
    expect(noticeReaches(onlyOps, 'teams', '19:sales@thread.tacv2')).toBe(false);
    expect(noticeReaches(onlyOps, 'discord', '19:ops@thread.tacv2')).toBe(false);
    expect(noticeReaches({ kind: 'incident', ref: 'INC-1' }, 'discord', '1100')).toBe(false);
  });
});
