import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../commands/command-context.js';
import { parseCommand } from '../commands/command-parser.js';
import { IncidentService } from '../commands/incident-service.js';
import { IncidentError } from '../errors.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { Participant } from '../model/participant.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import { RecordingRetryBackoff } from '../testing/recording-retry-backoff.js';
import { RefusingUnitOfWork } from '../testing/refusing-unit-of-work.js';
import { ReminderService } from './reminders.js';
import { DEFAULT_REMINDER_POLICY } from './communications.js';
import type { NeutralMessage } from '../model/neutral-message.js';
import { UpdateScheduler } from './update-scheduler.js';

const alice: Participant = { id: 'discord:1', displayName: 'Alice' };
const bob: Participant = { id: 'discord:2', displayName: 'Bob' };
const carol: Participant = { id: 'discord:3', displayName: 'Carol' };
const MINUTE = 60_000;

describe('communications lead tools', () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let service: IncidentService;
  let scheduler: UpdateScheduler;
  let reminders: ReminderService;
  const as = (actor: Participant): CommandContext => ({ actor, location: null });
  const published = () => unitOfWork.state.updates.map((update) => update.body);
  const reminderEvents = () => unitOfWork.events.filter((event) => event.type === 'reminder.due');

  async function refusal(text: string, actor: Participant = alice): Promise<IncidentError> {
    const error = await service.run(text, as(actor)).then(
      () => null,
      (caught: unknown) => caught,
    );
    if (error instanceof IncidentError) return error;
    throw new Error(`"${text}" was not refused`);
  }

  beforeEach(async () => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    service = new IncidentService(unitOfWork, clock);
    scheduler = new UpdateScheduler(unitOfWork, clock, new RecordingRetryBackoff());
    reminders = new ReminderService(unitOfWork, clock, new RecordingRetryBackoff());
    await service.run('declare Checkout errors', as(alice));
    await service.run('public-title INC-1 --confirm', as(alice));
    await service.run('lead INC-1', as(alice));
    await service.run('comms INC-1 <@discord:2>', as(alice));
  });

  describe('parsing', () => {
    it('reads `update --in 1h30m <text>` as a scheduled update and leaves plain text alone', () => {
      expect(parseCommand('update INC-1 --in 1h30m Still working')).toMatchObject({
        kind: 'update_later',
        ref: 'INC-1',
        body: { kind: 'text', text: 'Still working' },
        when: { kind: 'in', milliseconds: 90 * MINUTE },
      });
      expect(parseCommand('update Fixed in 2 regions at 50% capacity')).toEqual({
        kind: 'update',
        ref: null,
        body: 'Fixed in 2 regions at 50% capacity',
      });
    });

    it('reads times of day with IANA zones, ISO instants and templates', () => {
      expect(parseCommand('update --at 14:30 Europe/London Back soon')).toMatchObject({
        kind: 'update_later',
        body: { kind: 'text', text: 'Back soon' },
        when: { kind: 'at', date: null, hour: 14, minute: 30, zone: 'Europe/London' },
      });
      expect(parseCommand('update --at 2026-12-01T10:00Z template fixed')).toMatchObject({
        kind: 'update_later',
        body: { kind: 'template', name: 'fixed' },
        when: { kind: 'at', date: '2026-12-01', hour: 10, minute: 0, zone: 'UTC' },
      });
      expect(parseCommand('update --draft We are on it')).toMatchObject({
        kind: 'update_draft',
        body: { kind: 'text', text: 'We are on it' },
      });
    });

    it.each([
      ['update --at 25:00 Soon', '25:00 is not a time of day'],
      ['update --at 14:30 Mars/Phobos Soon', '"Mars/Phobos" is not a time zone'],
      ['update --in 30x Soon', '"30x" is not a delay'],
      ['update --att 11:45 Back soon', '"--att" is not an option'],
      ['update --in 30m --at 11:45 Back soon', 'Give one time'],
      ['update --draft --in 30m Back soon', 'cannot be scheduled'],
      ['update --in 30m', '`update` needs text'],
      ['snooze later', '"later" is not a time'],
      ['cancel update', 'Name the scheduled update'],
    ])('refuses `%s` with a clear message', (text, expected) => {
      expect(() => parseCommand(text)).toThrow(expected);
    });
  });

  describe('updates that end like a time', () => {
    const updates = [
      'We have identified the cause of the failed card payments: a certificate on the payment gateway ' +
        'expired overnight. A renewed certificate is being rolled out to every region now and we are ' +
        'watching error rates closely. Next update at 11:45',
      'Checkout is working again for most customers after we failed the primary database over to the ' +
        'standby in eu-west-2. Some orders placed between 09:10 and 09:40 may show as pending; they will ' +
        'complete automatically. We will confirm once the backlog is cleared at 5pm',
      'Les paiements par carte sont de nouveau acceptés pour la plupart des clients. Nous surveillons la ' +
        'situation de près et publierons un point complet in 30 minutes',
    ];

    it.each(updates)('publishes "…%s" now, with its closing words, and schedules nothing', async (text) => {
      const words = text.split(' ').length;
      expect(words).toBeGreaterThanOrEqual(20);
      expect(words).toBeLessThanOrEqual(80);
      const reply = await service.run(`update INC-1 ${text}`, as(bob));
      expect(reply.message.title).toBe('Public update on INC-1');
      expect(published()).toEqual([text]);
      expect(unitOfWork.state.communications.scheduled).toEqual([]);
    });

    it('schedules the same text only when asked with --at or --in, and publishes it whole then', async () => {
      await service.run(`update INC-1 --at 10:30 ${updates[0]}`, as(bob));
      await service.run(`update INC-1 --in 45m ${updates[1]}`, as(bob));
      expect(published()).toEqual([]);
      clock.advance(45 * MINUTE);
      expect(await scheduler.publishDue()).toBe(2);
      expect(published().sort()).toEqual([updates[0], updates[1]].sort());
    });
  });

  describe('scheduled updates', () => {
    it('publishes an update scheduled in 30 minutes at 30 minutes, exactly once', async () => {
      const reply = await service.run('update INC-1 --in 30m We expect a fix soon', as(bob));
      expect(reply.message.text).toContain('Update #1 will be published at 2026-03-01 10:30 UTC');
      clock.advance(29 * MINUTE);
      expect(await scheduler.publishDue()).toBe(0);
      clock.advance(MINUTE);
      expect(await scheduler.publishDue()).toBe(1);
      expect(await scheduler.publishDue()).toBe(0);
      clock.advance(60 * MINUTE);
      expect(await scheduler.publishDue()).toBe(0);
      expect(published()).toEqual(['We expect a fix soon']);
      expect(unitOfWork.state.updates[0]!).toMatchObject({
        author: bob,
        publishedAt: new Date('2026-03-01T10:30:00Z'),
      });
    });

    it('converts a time in a named zone to UTC', async () => {
      // London moves to BST (UTC+1) on 29 March 2026.
      await service.run('update INC-1 --at 2026-03-30 14:30 Europe/London Summer note', as(bob));
      const [scheduled] = unitOfWork.state.communications.scheduled;
      expect(scheduled!.publishAt.toISOString()).toBe('2026-03-30T13:30:00.000Z');
    });

    it('lists scheduled updates and cancels one so it never publishes', async () => {
      await service.run('update INC-1 --in 10m First', as(bob));
      await service.run('update INC-1 --in 20m Second', as(bob));
      const list = await service.run('updates INC-1', as(bob));
      expect(list.message.fields[0]!.value).toContain('#1 at 2026-03-01 10:10 UTC: First');
      await service.run('cancel update 1', as(bob));
      clock.advance(30 * MINUTE);
      await scheduler.publishDue();
      expect(published()).toEqual(['Second']);
      expect((await refusal('cancel update 1', bob)).message).toContain('already cancelled');
    });

    it('refuses times in the past, unknown templates and outsiders, scheduling nothing', async () => {
      expect((await refusal('update INC-1 --at 2026-02-01T10:00Z Old', bob)).message).toContain(
        'is in the past',
      );
      expect((await refusal('update INC-1 --in 5m template nosuch', bob)).message).toContain(
        'There is no update template "nosuch". Templates: investigating',
      );
      expect((await refusal('update INC-1 --in 5m Hi', carol)).message).toContain(
        'Only the Communications Lead',
      );
      expect(unitOfWork.state.communications.scheduled).toEqual([]);
    });

    it('gives up on a scheduled update whose incident was closed first, with the reason', async () => {
      await service.run('update INC-1 --in 10m Later', as(bob));
      const incident = unitOfWork.state.incidents.get('INC-1')!;
      unitOfWork.state.incidents.set('INC-1', { ...incident, status: 'closed' });
      clock.advance(10 * MINUTE);
      expect(await scheduler.publishDue()).toBe(0);
      const notice = unitOfWork.events.find((event) => event.type === 'chat.notice');
      expect(notice?.payload).toMatchObject({
        target: { kind: 'incident', ref: 'INC-1' },
        key: 'scheduled-update-failed:1',
      });
      expect(unitOfWork.state.communications.scheduled[0]).toMatchObject({
        state: 'failed',
        note: expect.stringContaining('closed'),
      });
    });
  });

  describe('templates and drafts', () => {
    it('publishes a configured template', async () => {
      await service.run('update INC-1 template investigating', as(bob));
      expect(published()[0]).toMatch(/^We are investigating/);
    });

    it('lets the scribe propose a draft that the comms lead approves, once', async () => {
      await service.run('scribe INC-1 <@discord:3>', as(alice));
      const proposed = await service.run('update INC-1 --draft Payments are slow', as(carol));
      expect(proposed.message.text).toContain('<@discord:2>, please approve');
      expect(proposed.message.buttons[0]).toMatchObject({ intent: { kind: 'approve_draft', id: 1 } });
      expect(published()).toEqual([]);
      expect((await refusal('approve 1', carol)).message).toContain('Only the Communications Lead');
      await service.run('approve 1', as(bob));
      expect(published()).toEqual(['Payments are slow']);
      expect((await refusal('approve 1', bob)).message).toContain('already published');
    });
  });

  describe('reminders', () => {
    it.each([
      ['critical', 30],
      ['major', 60],
      ['minor', 120],
    ])(
      'reminds the comms lead of a %s incident after %i minutes without a public update',
      async (severity, minutes) => {
        await service.run(`sev INC-1 ${severity}`, as(alice));
        await service.run('summary INC-1 s', as(alice));
        await service.run('impact INC-1 i', as(alice));
        await service.run('scribe INC-1 <@discord:3>', as(alice));
        clock.advance((minutes - 1) * MINUTE);
        expect(await reminders.remindDue()).toBe(0);
        clock.advance(MINUTE);
        expect(await reminders.remindDue()).toBe(1);
        expect(await reminders.remindDue()).toBe(0);
        const [event] = reminderEvents();
        expect(event!.payload).toMatchObject({ kinds: ['update'], mentions: ['discord:2'] });
        const { message } = event!.payload;
        expect(message.text).toContain('<@discord:2>');
        expect(message.buttons[0]).toMatchObject({ label: 'Post update', intent: { kind: 'post_update' } });
        // A public update resets the cadence; the next reminder comes a full cadence later.
        await service.run('update INC-1 progress', as(bob));
        clock.advance((minutes - 1) * MINUTE);
        expect(await reminders.remindDue()).toBe(0);
        clock.advance(MINUTE);
        expect(await reminders.remindDue()).toBe(1);
      },
    );

    it('nudges for a missing lead, scribe, summary and impact after ten minutes', async () => {
      await service.run('declare Second one', as(carol));
      await service.run('sev INC-2 critical', as(carol));
      clock.advance(10 * MINUTE);
      await reminders.remindDue();
      const nudge = reminderEvents().find((event) => event.incidentRef === 'INC-2')!;
      expect(nudge.payload['kinds']).toEqual(['lead', 'scribe', 'summary', 'impact']);
      expect(nudge.payload['mentions']).toEqual(['discord:3']);
    });

    it('offers to page the on-call lead in the nudge for a missing lead when paging is configured', async () => {
      const paging = new ReminderService(unitOfWork, clock, new RecordingRetryBackoff(), {
        ...DEFAULT_REMINDER_POLICY,
        paging: true,
      });
      await service.run('declare Second one', as(carol));
      clock.advance(10 * MINUTE);
      await paging.remindDue();
      const nudge = reminderEvents().find((event) => event.incidentRef === 'INC-2')!;
      const post = nudge.payload['message'] as NeutralMessage;
      expect(post.text).toContain('take the lead with `lead`, or page the on-call lead with `page`.');
      expect(post.buttons.map((button) => button.intent.kind)).toEqual(
        expect.arrayContaining(['take_role', 'page_lead']),
      );
    });

    it('stays quiet while snoozed and picks up afterwards', async () => {
      await service.run('sev INC-1 critical', as(alice));
      clock.advance(25 * MINUTE);
      await service.run('snooze INC-1 30m', as(bob));
      clock.advance(10 * MINUTE);
      expect(await reminders.remindDue()).toBe(0);
      clock.advance(20 * MINUTE);
      expect(await reminders.remindDue()).toBe(1);
    });

    it('opens no unit of work on a tick that finds nothing due', async () => {
      await service.run('sev INC-1 critical', as(alice));
      await service.run('summary INC-1 Paiements refusés à Zürich 💳', as(alice));
      await service.run('impact INC-1 Cartes refusées pour 20 % des clients', as(alice));
      await service.run('scribe INC-1 <@discord:3>', as(alice));
      await service.run('update INC-1 We are rolling back the deploy', as(bob));
      const runs = vi.spyOn(unitOfWork, 'run');
      clock.advance(10 * MINUTE);
      expect(await reminders.remindDue()).toBe(0);
      expect(runs).not.toHaveBeenCalled();
      clock.advance(20 * MINUTE);
      expect(await reminders.remindDue()).toBe(1);
      expect(runs).toHaveBeenCalledTimes(1);
    });

    it('stops when the incident is resolved', async () => {
      await service.run('sev INC-1 critical', as(alice));
      await service.run('resolve INC-1', as(alice));
      clock.advance(600 * MINUTE);
      expect(await reminders.remindDue()).toBe(0);
      expect(reminderEvents()).toEqual([]);
    });
  });

  describe('when one item cannot be written', () => {
    let refusing: RefusingUnitOfWork;
    let backoff: RecordingRetryBackoff;
    const failures = () =>
      backoff.failures.map(({ item, failures, retryAt }) => [item.kind, item.incidentRef, failures, retryAt]);

    beforeEach(() => {
      refusing = new RefusingUnitOfWork(unitOfWork);
      backoff = new RecordingRetryBackoff({ initialMs: 5_000, maxMs: 60_000 });
    });

    it("reminds the other incidents when one incident's reminder fails, and retries it after doubling pauses", async () => {
      reminders = new ReminderService(refusing, clock, backoff);
      await service.run('declare Paiements refusés à Zürich après la rotation des clés 💳', as(carol));
      refusing.refuses = (event) => event.type === 'reminder.due' && event.incidentRef === 'INC-1';
      clock.advance(60 * MINUTE);
      expect(await reminders.remindDue()).toBe(1);
      expect(reminderEvents().map((event) => event.incidentRef)).toEqual(['INC-2']);

      for (const seconds of [4, 1, 9, 1, 19, 1]) {
        clock.advance(seconds * 1_000);
        await reminders.remindDue();
      }
      expect(refusing.refusals).toBe(4);
      expect(failures()).toEqual([
        ['incident-reminder', 'INC-1', 1, new Date('2026-03-01T11:00:05.000Z')],
        ['incident-reminder', 'INC-1', 2, new Date('2026-03-01T11:00:15.000Z')],
        ['incident-reminder', 'INC-1', 3, new Date('2026-03-01T11:00:35.000Z')],
        ['incident-reminder', 'INC-1', 4, new Date('2026-03-01T11:01:15.000Z')],
      ]);

      refusing.refuses = () => false;
      clock.set(new Date('2026-03-01T11:01:15.000Z'));
      expect(await reminders.remindDue()).toBe(1);
      expect(reminderEvents().map((event) => event.incidentRef)).toEqual(['INC-2', 'INC-1']);
    });

    it('publishes the other scheduled updates when one fails, and retries it after doubling pauses', async () => {
      scheduler = new UpdateScheduler(refusing, clock, backoff);
      await service.run('update INC-1 --in 10m Paiement par carte rétabli à 80 %', as(bob));
      await service.run('update INC-1 --in 10m The card processor confirms the fix', as(bob));
      const body = (event: DomainEvent) =>
        event.type === 'status_update.published' ? event.payload.update.body : undefined;
      refusing.refuses = (event) => body(event)?.startsWith('Paiement') ?? false;
      clock.advance(10 * MINUTE);
      expect(await scheduler.publishDue()).toBe(1);
      expect(published()).toEqual(['The card processor confirms the fix']);
      clock.advance(4_000);
      expect(await scheduler.publishDue()).toBe(0);
      clock.advance(1_000);
      expect(await scheduler.publishDue()).toBe(0);
      expect(failures()).toEqual([
        ['scheduled-update', 'INC-1', 1, new Date('2026-03-01T10:10:05.000Z')],
        ['scheduled-update', 'INC-1', 2, new Date('2026-03-01T10:10:15.000Z')],
      ]);
      expect(unitOfWork.state.communications.scheduled[0]).toMatchObject({ state: 'scheduled' });

      refusing.refuses = () => false;
      clock.advance(10_000);
      expect(await scheduler.publishDue()).toBe(1);
      expect(published()).toEqual([
        'The card processor confirms the fix',
        'Paiement par carte rétabli à 80 %',
      ]);
    });
  });

  describe('resolving', () => {
    it('offers to set degraded components back to operational, and does so', async () => {
      await service.createComponent({ name: 'API' });
      await service.run('component INC-1 API major_outage', as(bob));
      const resolved = await service.run('resolve INC-1', as(alice));
      expect(resolved.message.buttons).toContainEqual(
        expect.objectContaining({ intent: { kind: 'components_operational' } }),
      );
      await service.run('components INC-1 operational', as(bob));
      expect((await service.components())[0]!.status).toBe('operational');
    });

    it('makes no offer when the components are already operational', async () => {
      const resolved = await service.run('resolve INC-1', as(alice));
      expect(resolved.message.buttons.map((button) => button.intent.kind)).not.toContain(
        'components_operational',
      );
    });
  });
});
