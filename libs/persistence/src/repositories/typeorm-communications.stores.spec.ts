import {
  IncidentService,
  ReminderService,
  UpdateScheduler,
  type CommandContext,
  DEFAULT_UPDATE_TEMPLATES,
} from '@firebreak/incident';
import { FixedClock, RecordingRetryBackoff } from '@firebreak/incident/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { StatusUpdateRow } from '../entities/status-update.entity.js';
import { OutboxEventRow } from '../entities/outbox.entity.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { TypeOrmUnitOfWork } from '../typeorm-unit-of-work.js';

const MINUTE = 60_000;
const ada: CommandContext = { actor: { id: 'discord:1', displayName: 'Ada' }, location: null };

describe('TypeORM communications stores', () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  let clock: FixedClock;
  let service: IncidentService;

  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
    clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    const unitOfWork = new TypeOrmUnitOfWork(dataSource);
    service = new IncidentService(unitOfWork, clock);
    await unitOfWork.run((stores) => stores.communications.templates.replaceAll(DEFAULT_UPDATE_TEMPLATES));
    await service.run('declare Checkout errors', ada);
    await service.run('public-title INC-1 --confirm', ada);
    await service.run('lead INC-1', ada);
  });
  afterEach(() => database.remove());

  it('replaces the templates: changed bodies are updated and names no longer configured are removed', async () => {
    const unitOfWork = new TypeOrmUnitOfWork(dataSource);
    await unitOfWork.run((stores) =>
      stores.communications.templates.replaceAll({ Fixed: 'Fixed for good.', custom: 'Custom body' }),
    );
    const listed = await unitOfWork.read((stores) => stores.communications.templates.list());
    expect(listed).toEqual({ custom: 'Custom body', fixed: 'Fixed for good.' });
  });

  it('publishes a scheduled update once even when two schedulers race', async () => {
    await service.run('update INC-1 --in 30m template fixed', ada);
    const first = new UpdateScheduler(new TypeOrmUnitOfWork(dataSource), clock, new RecordingRetryBackoff());
    const second = new UpdateScheduler(new TypeOrmUnitOfWork(dataSource), clock, new RecordingRetryBackoff());
    clock.advance(30 * MINUTE);
    const counts = await Promise.all([first.publishDue(), second.publishDue(), first.publishDue()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    const rows = await dataSource.manager.find(StatusUpdateRow);
    expect(rows.map((row) => row.body)).toEqual([DEFAULT_UPDATE_TEMPLATES['fixed']]);
  });

  it('lists, cancels and approves through the database', async () => {
    await service.run('update INC-1 --at 11:00 One', ada);
    await service.run('update INC-1 --draft Two', ada);
    const list = await service.run('updates INC-1', ada);
    expect(list.message.fields.map((field) => field.value).join('\n')).toMatch(
      /#1 at 2026-03-01 11:00 UTC: One[\s\S]*#1 by/,
    );
    await service.run('cancel update 1', ada);
    await service.run('approve 1', ada);
    expect((await dataSource.manager.find(StatusUpdateRow)).map((row) => row.body)).toEqual(['Two']);
  });

  it('records reminders so a second service (a restarted gateway) does not repeat them', async () => {
    clock.advance(60 * MINUTE);
    expect(
      await new ReminderService(
        new TypeOrmUnitOfWork(dataSource),
        clock,
        new RecordingRetryBackoff(),
      ).remindDue(),
    ).toBe(1);
    const restarted = new ReminderService(
      new TypeOrmUnitOfWork(await database.open()),
      clock,
      new RecordingRetryBackoff(),
    );
    expect(await restarted.remindDue()).toBe(0);
    await service.run('snooze INC-1 2h', ada);
    clock.advance(90 * MINUTE);
    expect(await restarted.remindDue()).toBe(0);
    clock.advance(60 * MINUTE);
    expect(await restarted.remindDue()).toBe(1);
    const events = await dataSource.manager.find(OutboxEventRow, { where: { type: 'reminder.due' } });
    expect(events).toHaveLength(2);
  });
});
