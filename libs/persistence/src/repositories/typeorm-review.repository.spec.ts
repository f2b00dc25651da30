import {
  FollowupReminders,
  IncidentService,
  type CommandContext,
  type NeutralMessage,
} from '@firebreak/incident';
import { FixedClock, RecordingRetryBackoff } from '@firebreak/incident/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { OutboxEventRow } from '../entities/outbox.entity.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { TypeOrmUnitOfWork } from '../typeorm-unit-of-work.js';
import { TypeOrmReviewRepository } from './typeorm-review.repository.js';

const lead: CommandContext = {
  actor: { id: 'discord:41', displayName: 'Zoë Ørsted 🚒' },
  location: null,
  privileged: true,
};
const owner = { id: 'teams:29:joao', displayName: 'João Gonçalves' };

/** The follow-up reminders over the real persistence (SQLite, or PostgreSQL with FIREBREAK_TEST_DATABASE). */
describe('review meeting and follow-up reminders on the database', () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  let clock: FixedClock;
  let incidents: IncidentService;
  let reminders: FollowupReminders;
  const notices = async () =>
    (
      await dataSource.manager.find(OutboxEventRow, {
        where: { type: 'chat.notice' },
        order: { position: 'ASC' },
      })
    )
      .map((row) => JSON.parse(row.payloadJson) as { message: NeutralMessage })
      .map((payload) => payload.message.text);

  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
    clock = new FixedClock(new Date('2026-03-03T10:00:00.000Z')); // a Tuesday: no digest due
    const unitOfWork = new TypeOrmUnitOfWork(dataSource);
    incidents = new IncidentService(unitOfWork, clock);
    const backoff = new RecordingRetryBackoff();
    reminders = new FollowupReminders(unitOfWork, clock, { day: 'monday', time: '09:00' }, backoff);
    await incidents.run('declare Checkout rejects cards after key rotation', lead);
    await incidents.run('lead INC-1', lead);
    await incidents.run(`followup INC-1 Alert on provider key rotation <@${owner.id}> due 2026-03-02`, {
      ...lead,
      mentioned: { [owner.id]: owner.displayName },
    });
    await incidents.run('resolve INC-1', lead);
  });
  afterEach(() => database.remove());

  it('sends the meeting reminder and the overdue reminder once the meeting is within 15 minutes', async () => {
    await incidents.run('review INC-1 schedule 2026-03-03 12:00', lead);
    clock.set(new Date('2026-03-03T11:50:00.000Z'));

    expect(await reminders.runDue()).toBe(2);
    expect(await reminders.runDue()).toBe(0);
    expect(await notices()).toEqual([
      `<@${owner.id}> follow-up #1 of INC-1 is overdue: Alert on provider key rotation. Mark it with \`done 1\`.`,
      `Review meeting for INC-1 at 2026-03-03 12:00 UTC. <@${lead.actor.id}>`,
    ]);
  });

  it('sends each notice once when two gateways tick at the same moment', async () => {
    await incidents.run('review INC-1 schedule 2026-03-03 12:00', lead);
    clock.set(new Date('2026-03-03T11:50:00.000Z'));
    const otherGateway = new FollowupReminders(
      new TypeOrmUnitOfWork(await database.open()),
      clock,
      { day: 'monday', time: '09:00' },
      new RecordingRetryBackoff(),
    );
    await Promise.all([reminders.runDue(), otherGateway.runDue(), reminders.runDue()]);
    // A replica that lost a race (or found the database busy) tries again later and finds it sent.
    clock.advance(5 * 60_000);
    await Promise.all([reminders.runDue(), otherGateway.runDue()]);
    expect((await notices()).sort()).toEqual([
      `<@${owner.id}> follow-up #1 of INC-1 is overdue: Alert on provider key rotation. Mark it with \`done 1\`.`,
      `Review meeting for INC-1 at 2026-03-03 12:00 UTC. <@${lead.actor.id}>`,
    ]);
  });

  describe(TypeOrmReviewRepository.name, () => {
    const meetingAt = new Date('2026-03-03T12:00:00.000Z');
    let reviews: TypeOrmReviewRepository;
    const stored = async () => (await reviews.find('INC-1'))!;

    beforeEach(async () => {
      await incidents.run('review INC-1 schedule 2026-03-03 12:00', lead);
      reviews = new TypeOrmReviewRepository(dataSource.manager);
    });

    it('marks a meeting reminded once, only while it is still the scheduled meeting, without a new revision', async () => {
      const at = new Date('2026-03-03T11:46:00.000Z');
      expect(await reviews.claimMeetingReminder('INC-1', new Date('2026-03-03T13:00:00.000Z'), at)).toBe(
        false,
      );
      expect(await reviews.claimMeetingReminder('INC-1', meetingAt, at)).toBe(true);
      expect(await reviews.claimMeetingReminder('INC-1', meetingAt, at)).toBe(false);
      expect((await stored()).meetingRemindedAt).toEqual(at);
      expect((await reviews.revisions('INC-1')).map((revision) => revision.revision)).toEqual([1, 2]);
      expect(await reviews.meetingsDue(meetingAt)).toEqual([]);
    });

    it('keeps the mark through an edit read before the reminder went out, and clears it when the meeting moves', async () => {
      const readBeforeReminder = await stored();
      await reviews.claimMeetingReminder('INC-1', meetingAt, new Date('2026-03-03T11:46:00.000Z'));
      const edited = { ...readBeforeReminder, markdown: '# Edited after the reminder', revision: 3 };
      await reviews.save(edited, 2, 'Edited "Summary"');
      expect((await stored()).meetingRemindedAt).toEqual(new Date('2026-03-03T11:46:00.000Z'));

      const moved = new Date('2026-03-04T09:30:00.000Z');
      await reviews.save({ ...(await stored()), meetingAt: moved, revision: 4 }, 3, 'Rescheduled');
      expect((await stored()).meetingRemindedAt).toBeNull();
      expect((await reviews.meetingsDue(moved)).map((review) => review.incidentRef)).toEqual(['INC-1']);
    });

    it('refuses a save that would not be the next revision, and writes nothing', async () => {
      const current = await stored();
      await expect(reviews.save({ ...current, markdown: '# Same number' }, 2, 'Oops')).rejects.toThrow(
        'The INC-1 review was saved as revision 2 over revision 2; a save must store revision 3.',
      );
      expect(await stored()).toEqual(current);
      expect(await reviews.revisions('INC-1')).toHaveLength(2);
    });
  });
});
