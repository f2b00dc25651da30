import { IncidentErrorCode, IncidentService, type CommandContext } from '@firebreak/incident';
import { FixedClock } from '@firebreak/incident/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { IncidentRow } from './entities/incident.entity.js';
import { OutboxEventRow } from './entities/outbox.entity.js';
import { SubscriberRow } from './entities/communications.entity.js';
import { TypeOrmChatWorkspaceRepository } from './repositories/typeorm-chat-workspace.repository.js';
import { TypeOrmNotificationQueue, TypeOrmSubscriberRepository } from './repositories/typeorm-subscribers.js';
import { anEvent, anIncident } from './testing/incident-fixtures.js';
import { TemporarySqliteDatabase } from './testing/temporary-sqlite-database.js';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work.js';

const ada: CommandContext = {
  actor: { id: 'discord:1', displayName: 'Ada' },
  location: { platform: 'discord', channelId: 'g/general' },
};

/** Resolves when released: lets a spec hold a unit of work open at a chosen point. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** A unit of work that has written and waits; `finish()` lets it go on to fail, rolling back what it wrote. */
async function failingUnitOfWorkInFlight(
  unitOfWork: TypeOrmUnitOfWork,
): Promise<{ inFlight: Promise<void>; finish: () => void }> {
  const paused = gate();
  const written = gate();
  const inFlight = unitOfWork.run(async (stores) => {
    await stores.incidents.save(anIncident(1), null);
    written.open();
    await paused.opened;
    throw new Error('rolled back');
  });
  await written.opened;
  return { inFlight, finish: paused.open };
}

describe(TypeOrmUnitOfWork.name, () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  let unitOfWork: TypeOrmUnitOfWork;

  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
    unitOfWork = new TypeOrmUnitOfWork(dataSource);
  });
  afterEach(() => database.remove());

  it("numbers a unit of work's outbox events in the order it produced them, however many", async () => {
    await unitOfWork.run(async (stores) => {
      await stores.incidents.save(anIncident(1), null);
      await stores.outbox.append([anEvent('INC-1', 0)]);
      await stores.outbox.append(Array.from({ length: 450 }, (_, n) => anEvent('INC-1', n + 1)));
    });

    const rows = await dataSource.manager.find(OutboxEventRow, { order: { position: 'ASC' } });
    expect(rows.map((row) => (JSON.parse(row.payloadJson) as { revision: number }).revision)).toEqual(
      Array.from({ length: 451 }, (_, n) => n),
    );
  });

  it('commits the incident and its outbox events together', async () => {
    await unitOfWork.run(async (stores) => {
      await stores.incidents.save(anIncident(1), null);
      await stores.outbox.append([anEvent('INC-1'), anEvent('INC-1', 2)]);
    });

    expect(await unitOfWork.read((stores) => stores.incidents.findByRef('INC-1'))).toEqual(anIncident(1));
    expect(await dataSource.manager.count(OutboxEventRow)).toBe(2);
  });

  it('leaves neither the incident nor its events when the work throws after writing them', async () => {
    const failing = unitOfWork.run(async (stores) => {
      await stores.incidents.save(anIncident(1), null);
      await stores.outbox.append([anEvent('INC-1')]);
      throw new Error('connector exploded');
    });

    await expect(failing).rejects.toThrow('connector exploded');
    expect(await dataSource.manager.count(IncidentRow)).toBe(0);
    expect(await dataSource.manager.count(OutboxEventRow)).toBe(0);
  });

  it('rolls back everything when a stale save is refused', async () => {
    await unitOfWork.run((stores) => stores.incidents.save(anIncident(1), null));
    const stale = unitOfWork.run(async (stores) => {
      await stores.outbox.append([anEvent('INC-1')]);
      await stores.incidents.save(anIncident(1, { title: 'Stale', version: 2 }), 0);
    });

    await expect(stale).rejects.toMatchObject({ code: IncidentErrorCode.Conflict });
    expect(await dataSource.manager.count(OutboxEventRow)).toBe(0);
    expect((await unitOfWork.read((stores) => stores.incidents.findByRef('INC-1')))?.title).toBe(
      anIncident(1).title,
    );
  });

  it('runs 20 concurrent declares one after another, each with its own number', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () =>
        unitOfWork.run(async (stores) => {
          const number = await stores.incidents.nextNumber();
          await new Promise((resolve) => setTimeout(resolve, 1));
          await stores.incidents.save(anIncident(number), null);
          return number;
        }),
      ),
    );

    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(await dataSource.manager.count(IncidentRow)).toBe(20);
  });

  it('does not let a read see what a unit of work in flight has not committed', async () => {
    const { inFlight, finish } = await failingUnitOfWorkInFlight(unitOfWork);

    const read = unitOfWork.read((stores) => stores.incidents.findByRef('INC-1'));
    finish();

    await expect(inFlight).rejects.toThrow('rolled back');
    expect(await read).toBeNull();
  });

  it('keeps a chat workspace saved while another unit of work is in flight, even when that one fails', async () => {
    const { inFlight, finish } = await failingUnitOfWorkInFlight(unitOfWork);

    const workspaces = new TypeOrmChatWorkspaceRepository(dataSource.manager);
    const saving = workspaces.save({
      platform: 'discord',
      workspaceId: 'guild-1',
      incidentsChannelId: null,
      settings: {},
      updatedAt: new Date(),
    });
    finish();

    await expect(inFlight).rejects.toThrow('rolled back');
    await saving;
    expect(await workspaces.find('discord', 'guild-1')).not.toBeNull();
  });

  it('keeps subscriber bookkeeping written while another unit of work is in flight, even when that one fails', async () => {
    const { inFlight, finish } = await failingUnitOfWorkInFlight(unitOfWork);

    const queue = new TypeOrmNotificationQueue(dataSource.manager);
    const subscribing = (async () => {
      const subscriber = await new TypeOrmSubscriberRepository(dataSource.manager).add({
        channel: 'email',
        address: 'zoë.ångström@example.org',
        componentIds: [],
        state: 'pending',
        token: 'confirm-zoë',
        secret: null,
        contactEmail: null,
        createdAt: new Date(),
      });
      await queue.enqueue(
        [
          {
            dedupeKey: `confirm:${subscriber.id}`,
            subscriberId: subscriber.id,
            purpose: 'confirm',
            payload: {},
          },
        ],
        new Date(),
      );
    })();
    finish();

    await expect(inFlight).rejects.toThrow('rolled back');
    await subscribing;
    expect(await dataSource.manager.count(SubscriberRow)).toBe(1);
    expect(await queue.pendingCount()).toBe(1);
  });

  it('lets a read inside a unit of work see that unit of work', async () => {
    const seen = await unitOfWork.run(async (stores) => {
      await stores.incidents.save(anIncident(1), null);
      return unitOfWork.read((inner) => inner.incidents.findByRef('INC-1'));
    });
    expect(seen?.ref).toBe('INC-1');
  });

  describe('behind the IncidentService', () => {
    it('declares an incident, writes its timeline and outbox, and answers a retried delivery from memory', async () => {
      const service = new IncidentService(unitOfWork, new FixedClock(new Date('2026-05-06T07:08:09.123Z')));
      const context = { ...ada, idempotencyKey: 'discord:interaction:77' };

      const first = await service.run('declare Checkout is down', context);
      const retried = await service.run('declare Checkout is down', context);

      expect(first.incident).toMatchObject({ ref: 'INC-1', title: 'Checkout is down', version: 1 });
      expect(first.incident?.declaredAt).toEqual(new Date('2026-05-06T07:08:09.123Z'));
      expect(retried).toMatchObject({ replayed: true, incident: { ref: 'INC-1' } });
      expect(await service.listIncidents()).toHaveLength(1);
      expect(await service.timeline('INC-1')).toEqual([expect.objectContaining({ kind: 'declared' })]);
      const events = await dataSource.manager.find(OutboxEventRow, { order: { position: 'ASC' } });
      expect(events.map((event) => event.type)).toEqual(['incident.declared', 'timeline.entry_added']);
    });

    it('attaches a space and finds the incident from it', async () => {
      const service = new IncidentService(unitOfWork, new FixedClock());
      await service.run('declare API errors', ada);
      await service.attachSpace('INC-1', {
        platform: 'discord',
        channelId: 'g/inc-1',
        headlineMessageId: 'h-1',
        announcementMessageId: null,
        url: null,
      });

      expect((await service.findIncidentBySpace('discord', 'g/inc-1'))?.ref).toBe('INC-1');
      const answer = await service.run('sev critical', {
        ...ada,
        location: { platform: 'discord', channelId: 'g/inc-1' },
      });
      expect(answer.incident).toMatchObject({ severity: 'critical', version: 3 });
    });
  });
});
