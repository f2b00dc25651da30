import { beforeEach, describe, expect, it } from 'vitest';
import type { NeutralMessage } from '../model/neutral-message.js';
import { FixedClock } from '../ports/clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import type { CommandContext } from '../commands/command-context.js';
import { IncidentService } from '../commands/incident-service.js';
import { FollowupReminders, latestSlot } from './followup-reminders.js';

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
    sut = new FollowupReminders(unitOfWork, clock, { day: 'monday', time: '09:00' });
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
});
