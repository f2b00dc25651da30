import { type Command, type CommandContext, IncidentService, SystemClock } from '@firebreak/incident';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatDeliveryRow } from './entities/chat-delivery.entity.js';
import { NotificationDeliveryRow, SubscriberRow } from './entities/communications.entity.js';
import { IncidentRow } from './entities/incident.entity.js';
import { OutboxConsumerRow, OutboxEventRow } from './entities/outbox.entity.js';
import { OutboxPoller } from './outbox/outbox-poller.js';
import { TypeOrmChatWorkspaceRepository } from './repositories/typeorm-chat-workspace.repository.js';
import { TypeOrmDeliveryLog } from './repositories/typeorm-delivery-log.js';
import { TypeOrmNotificationQueue, TypeOrmSubscriberRepository } from './repositories/typeorm-subscribers.js';
import { anEvent, anIncident } from './testing/incident-fixtures.js';
import { DatabasePeer } from './testing/database-peer.js';
import { TemporarySqliteDatabase } from './testing/temporary-sqlite-database.js';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work.js';
import { TEST_DATABASE } from './testing/test-postgres.js';

const onSqlite = TEST_DATABASE !== 'postgres';

const responders = ['Zoë Ångström 🚒', 'Łukasz Nowak', 'Chloé Dubois', 'Ngozi Okafor'].map((name, n) => ({
  id: `discord:${7000 + n}`,
  displayName: name,
}));
const contextOf = (n: number): CommandContext => ({
  actor: responders[n % responders.length]!,
  location: null,
  privileged: true,
});

/** What a responder does during their incident (already parsed: the write path is under test). */
function responderCommand(ref: string, n: number): Command {
  const commands: Command[] = [
    {
      kind: 'note',
      ref,
      text: `Seeing p95 latency on the payments API climb again after the cache warm-up, mostly for card payments in the EU (${n})`,
    },
    {
      kind: 'update',
      ref,
      body: `We are still investigating elevated checkout errors. Card payments in the EU fail intermittently while we roll back the 14:05 deploy; retrying usually works. Next update in 30 minutes (${n}).`,
    },
    {
      kind: 'action',
      ref,
      text: `Drained the eu-west-1 worker pool and restarted the queue consumers one by one (${n})`,
    },
    { kind: 'severity', ref, severity: (['critical', 'major', 'minor'] as const)[n % 3]! },
    {
      kind: 'summary',
      ref,
      text: `Checkout requests time out for some customers since the 14:05 deploy; the rollback is under way (${n})`,
    },
  ];
  return commands[n % commands.length]!;
}

async function headPosition(dataSource: DataSource): Promise<number> {
  const row = await dataSource.manager
    .createQueryBuilder(OutboxEventRow, 'event')
    .select('MAX(event.position)', 'head')
    .getRawOne<{ head: number | string | null }>();
  return Number(row?.head ?? 0);
}

/** A write made outside units of work, and what it left in the database once it is done. */
interface WritePath {
  readonly name: string;
  write(dataSource: DataSource, n: number): Promise<unknown>;
  stored(dataSource: DataSource, n: number): Promise<boolean>;
}

const WRITE_PATHS: readonly WritePath[] = [
  {
    name: 'a chat delivery record',
    write: (dataSource, n) =>
      new TypeOrmDeliveryLog(dataSource.manager).record({
        key: `headline:INC-${n}`,
        platformMessageId: `m-${n}`,
        channelId: 'c-1',
        at: new Date(),
      }),
    stored: async (dataSource, n) =>
      (await dataSource.manager.countBy(ChatDeliveryRow, { key: `headline:INC-${n}` })) === 1,
  },
  {
    name: 'a chat workspace',
    write: (dataSource, n) =>
      new TypeOrmChatWorkspaceRepository(dataSource.manager).save({
        platform: 'discord',
        workspaceId: `guild-${n}`,
        incidentsChannelId: 'incidents',
        settings: {},
        updatedAt: new Date(),
      }),
    stored: async (dataSource, n) =>
      (await new TypeOrmChatWorkspaceRepository(dataSource.manager).find('discord', `guild-${n}`)) !== null,
  },
  {
    name: 'a subscriber and their confirmation',
    write: async (dataSource, n) => {
      const subscriber = await new TypeOrmSubscriberRepository(dataSource.manager).add({
        channel: 'webhook',
        address: `http://127.0.0.1:9/hooks/${n}`,
        componentIds: [],
        state: 'active',
        token: `token-${n}`,
        secret: `secret-${n}`,
        contactEmail: null,
        createdAt: new Date(),
      });
      const queue = new TypeOrmNotificationQueue(dataSource.manager);
      await queue.enqueue(
        [{ dedupeKey: `confirm:${n}`, subscriberId: subscriber.id, purpose: 'confirm', payload: {} }],
        new Date(),
      );
      await queue.claimDue(new Date(), 10, 60_000);
    },
    stored: async (dataSource, n) =>
      (await dataSource.manager.countBy(SubscriberRow, { token: `token-${n}` })) === 1 &&
      (await dataSource.manager.findOneBy(NotificationDeliveryRow, { dedupeKey: `confirm:${n}` }))
        ?.leaseOwner !== null,
  },
  {
    name: 'an outbox consumer’s position',
    write: (dataSource, n) =>
      new OutboxPoller(dataSource, [{ name: `page-cache@${n}`, startAt: 'head', handle: async () => {} }], {
        logger: { warn: (message) => expect.fail(message) },
      }).drainOnce(),
    stored: async (dataSource, n) =>
      (await dataSource.manager.countBy(OutboxConsumerRow, { name: `page-cache@${n}` })) === 1,
  },
];

describe('writes from two processes on one database', () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  let unitOfWork: TypeOrmUnitOfWork;
  let peer: DatabasePeer;

  beforeAll(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
    unitOfWork = new TypeOrmUnitOfWork(dataSource);
    peer = await DatabasePeer.start(database.url);
  });
  afterAll(async () => {
    await peer?.stop();
    await database?.remove();
  });

  it.runIf(onSqlite)(
    'commits a unit of work that read before the other process committed a write',
    async () => {
      const incidentsBefore = await dataSource.manager.count(IncidentRow);
      await unitOfWork.run((stores) => stores.incidents.save(anIncident(101), null));
      let peerHeld = false;
      let peerHolds: Promise<unknown> = Promise.resolve();
      await unitOfWork.run(async (stores) => {
        await stores.incidents.findByRef('INC-101');
        // The other process writes and commits now, if it can get the write lock (with the lock taken at the
        // start of this unit of work, it cannot: it waits for this one to commit).
        peerHolds = peer.ask({ op: 'hold' });
        peerHeld = await Promise.race([peerHolds.then(() => true), sleep(500, false)]);
        if (peerHeld) await peer.ask({ op: 'release' });
        await stores.incidents.save(anIncident(102), null);
        await stores.outbox.append([anEvent('INC-102')]);
      });
      if (!peerHeld) {
        await peerHolds;
        await peer.ask({ op: 'release' });
      }

      expect(await dataSource.manager.count(IncidentRow)).toBe(incidentsBefore + 2);
      expect(await dataSource.manager.countBy(OutboxEventRow, { incidentRef: 'INC-102' })).toBe(1);
    },
  );

  it.runIf(onSqlite)(
    'waits for the write lock the other process holds, with its event loop free meanwhile',
    async () => {
      await peer.ask({ op: 'hold' });
      let settled = false;
      const waiting = unitOfWork
        .run(async (stores) => {
          await stores.outbox.append([anEvent('INC-201')]);
          await stores.incidents.save(anIncident(201), null);
        })
        .finally(() => (settled = true));
      // Timers run while the unit of work waits: a synchronous busy wait would hold them up until it gave up.
      await sleep(100);
      expect(settled).toBe(false);
      await peer.ask({ op: 'release' });

      await waiting;
      expect(await dataSource.manager.countBy(IncidentRow, { ref: 'INC-201' })).toBe(1);
      expect(await dataSource.manager.countBy(OutboxEventRow, { incidentRef: 'INC-201' })).toBe(1);
    },
  );

  it.runIf(onSqlite).each(WRITE_PATHS.map((path, n) => ({ ...path, n })))(
    'waits for the other process’s write lock to store $name, with its event loop free meanwhile',
    async ({ write, stored, n }) => {
      await peer.ask({ op: 'hold' });
      let settled = false;
      const writing = write(dataSource, n).finally(() => (settled = true));
      await sleep(100);
      expect(settled).toBe(false);
      await peer.ask({ op: 'release' });

      await writing;
      expect(await stored(dataSource, n)).toBe(true);
    },
  );

  it('runs 8 callers’ commands, each on their incident, while the other process follows the outbox, without a failure on either side', async () => {
    const service = new IncidentService(unitOfWork, new SystemClock());
    const refs: string[] = [];
    for (let n = 1; n <= 8; n += 1) {
      const declared = await service.execute(
        { kind: 'declare', title: `Checkout errors in région ${n} — payments ⚠️` },
        contextOf(n),
      );
      refs.push(declared.incident!.ref);
      await service.run(`public-title ${declared.incident!.ref} --confirm`, contextOf(n));
    }
    await peer.ask({ op: 'follow', consumers: ['page-cache', 'page-live'] });
    const headBefore = await headPosition(dataSource);

    const failures: unknown[] = [];
    await Promise.all(
      refs.map(async (ref, caller) => {
        for (let n = 0; n < 25; n += 1)
          await service.execute(responderCommand(ref, n), contextOf(caller)).catch((error: unknown) => {
            failures.push(error);
          });
      }),
    );
    const followed = await peer.ask({ op: 'unfollow' });

    expect(failures).toEqual([]);
    expect(followed.failures).toEqual([]);
    const appended = await dataSource.manager
      .createQueryBuilder(OutboxEventRow, 'event')
      .where('event.position > :headBefore', { headBefore })
      .getCount();
    expect(appended).toBeGreaterThanOrEqual(200);
    expect(followed.handled).toBe(2 * appended);
  }, 60_000);
});
