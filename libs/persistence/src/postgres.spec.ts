import { randomBytes } from 'node:crypto';
import { ENTITIES } from './entities/entities.js';
import {
  IncidentService,
  type CommandContext,
  type OutboxConsumer,
  type OutboxEvent,
} from '@firebreak/incident';
import { FixedClock } from '@firebreak/incident/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from './data-source-options.js';
import { OutboxPoller } from './outbox/outbox-poller.js';
import { TypeOrmTimelineRepository } from './repositories/typeorm-timeline.repository.js';
import { aTimelineEntry, anEvent, anIncident } from './testing/incident-fixtures.js';
import {
  createPostgresSchema,
  dropPostgresSchema,
  postgresAvailability,
  schemaOf,
} from './testing/test-postgres.js';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work.js';

const quietLogger = { warn: () => undefined };
const postgres = postgresAvailability('the PostgreSQL persistence specs');

/** Resolves when released: lets a spec hold a transaction open at a chosen point. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.skipIf(!postgres.run)('persistence on PostgreSQL', () => {
  let url: string;
  const opened: DataSource[] = [];
  const open = async (): Promise<DataSource> => {
    const dataSource = new DataSource(dataSourceOptionsFromUrl(url));
    opened.push(dataSource);
    return dataSource.initialize();
  };
  let dataSource: DataSource;

  beforeAll(async () => {
    url = createPostgresSchema('firebreak_spec');
    dataSource = await open();
  });
  afterAll(async () => {
    for (const each of opened) if (each.isInitialized) await each.destroy();
    if (url) dropPostgresSchema(url);
  });

  it('runs the migrations into the schema, and does nothing on a second start', async () => {
    const tables = await dataSource.query<{ table_name: string }[]>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schemaOf(url)],
    );
    expect(tables.map((table) => table.table_name)).toContain('outbox_event');
    expect(tables).toHaveLength(new Set(ENTITIES.map((entity) => entity.name)).size + 1);

    const second = await open();
    expect(await second.showMigrations()).toBe(false);
    await second.destroy();
  });

  it('creates a component once when two replicas add the same name at once; the other is told it exists', async () => {
    const services = [await open(), await open()].map(
      (each) => new IncidentService(new TypeOrmUnitOfWork(each), new FixedClock()),
    );
    const results = await Promise.allSettled(
      services.flatMap((service) => [
        service.createComponent({ name: 'Search' }),
        service.createComponent({ name: 'search' }),
      ]),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((each) => each.status === 'rejected'))
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/already exists/),
      });
    expect(
      (await services[0]!.components()).filter((each) => each.name.toLowerCase() === 'search'),
    ).toHaveLength(1);
  });

  it('round-trips an incident with spaces and a timeline, and refuses a stale save', async () => {
    const unitOfWork = new TypeOrmUnitOfWork(dataSource);
    const incident = anIncident(1, {
      resolvedAt: new Date('2026-03-04T06:00:00.001Z'),
      spaces: [
        {
          platform: 'teams',
          channelId: '19:x@thread.tacv2',
          headlineMessageId: 'h',
          announcementMessageId: null,
          url: null,
        },
      ],
    });
    const written = await unitOfWork.run(async (stores) => {
      await stores.incidents.save(incident, null);
      return stores.timeline.append([aTimelineEntry('INC-1', 'first'), aTimelineEntry('INC-1', 'second')]);
    });

    expect(
      await unitOfWork.read((stores) => stores.incidents.findBySpace('teams', '19:x@thread.tacv2')),
    ).toEqual(incident);
    expect(await new TypeOrmTimelineRepository(dataSource.manager).listFor('INC-1')).toEqual(written);
    await expect(
      unitOfWork.run((stores) => stores.incidents.save(anIncident(1, { version: 2 }), 0)),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('applies changes to one incident from two replicas at once, none refused as changed by someone else', async () => {
    const [first, second] = [await open(), await open()].map(
      (each) => new IncidentService(new TypeOrmUnitOfWork(each), new FixedClock()),
    );
    const context: CommandContext = {
      actor: { id: 'discord:1', displayName: 'Zoë Ångström' },
      location: null,
    };
    const { incident } = await first!.run('declare Card payments fail in the EU', context);
    const changes = [first!, second!, first!, second!, first!, second!].map((service, n) =>
      service.execute(
        {
          kind: 'summary',
          ref: incident!.ref,
          text: `Checkout requests time out for some customers since the deploy; rollback step ${n} of 6 is done`,
        },
        context,
      ),
    );

    const outcomes = await Promise.allSettled(changes);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect((await first!.getIncident(incident!.ref)).version).toBe(incident!.version + 6);
  });

  it('gives 20 concurrent declares distinct numbers', async () => {
    const unitOfWork = new TypeOrmUnitOfWork(dataSource);
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () =>
        unitOfWork.run(async (stores) => {
          const number = await stores.incidents.nextNumber();
          await stores.incidents.save(anIncident(number), null);
          return number;
        }),
      ),
    );
    expect(new Set(numbers).size).toBe(20);
  });

  it('applies a command delivered twice at once only once, answering the second from the first', async () => {
    const service = new IncidentService(new TypeOrmUnitOfWork(dataSource), new FixedClock());
    const context: CommandContext = {
      actor: { id: 'discord:1', displayName: 'Ada' },
      location: null,
      idempotencyKey: `discord:interaction:${randomBytes(4).toString('hex')}`,
    };
    const before = (await service.listIncidents()).length;

    const answers = await Promise.all([
      service.run('declare Twice', context),
      service.run('declare Twice', context),
    ]);

    expect(answers.map((answer) => answer.replayed).sort()).toEqual([false, true]);
    expect(answers[0].incident?.ref).toBe(answers[1].incident?.ref);
    expect(await service.listIncidents()).toHaveLength(before + 1);
  });

  it('never lets a later outbox event become visible before an earlier one', async () => {
    const unitOfWork = new TypeOrmUnitOfWork(dataSource);
    const delivered: number[] = [];
    const poller = new OutboxPoller(
      dataSource,
      [{ name: 'order', handle: async (e) => void delivered.push(e.position) }],
      {
        logger: quietLogger,
      },
    );
    await poller.drainOnce();
    delivered.length = 0;

    const firstHeld = gate();
    const firstAppended = gate();
    const first = unitOfWork.run(async (stores) => {
      await stores.outbox.append([anEvent(null, 1)]);
      firstAppended.open();
      await firstHeld.opened;
    });
    await firstAppended.opened;
    const second = unitOfWork.run((stores) => stores.outbox.append([anEvent(null, 2)]));
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(await poller.drainOnce()).toBe(0);
    firstHeld.open();
    await Promise.all([first, second]);
    expect(await poller.drainOnce()).toBe(2);
    expect(delivered[1]).toBeGreaterThan(delivered[0]!);
  });

  it('lets only one replica run a consumer at a time', async () => {
    await new TypeOrmUnitOfWork(dataSource).run((stores) =>
      stores.outbox.append([anEvent(null), anEvent(null)]),
    );
    const replicaB = await open();
    const held = gate();
    const claimed = gate();
    const seenByA: OutboxEvent[] = [];
    const seenByB: OutboxEvent[] = [];
    const slowA: OutboxConsumer = {
      name: 'replicated',
      handle: async (event) => {
        claimed.open();
        await held.opened;
        seenByA.push(event);
      },
    };
    const fastB: OutboxConsumer = { name: 'replicated', handle: async (event) => void seenByB.push(event) };

    const draining = new OutboxPoller(dataSource, [slowA], { logger: quietLogger }).drainOnce();
    await claimed.opened;
    expect(await new OutboxPoller(replicaB, [fastB], { logger: quietLogger }).drainOnce()).toBe(0);
    held.open();
    const deliveredByA = await draining;

    expect(seenByB).toEqual([]);
    expect(seenByA).toHaveLength(deliveredByA);
    expect(await new OutboxPoller(replicaB, [fastB], { logger: quietLogger }).drainOnce()).toBe(0);
  });
});
