import type { OutboxConsumer } from '@firebreak/incident';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from '../data-source-options.js';
import { OutboxPoller } from '../outbox/outbox-poller.js';
import { TypeOrmUnitOfWork } from '../typeorm-unit-of-work.js';
import type { PeerReply, PeerRequest } from './database-peer.js';

/**
 * The other process of a two-process spec (see DatabasePeer): opens DATABASE_URL as an app does and carries
 * out what the parent asks over IPC, answering each request once it is done.
 */
const dataSource = await new DataSource(dataSourceOptionsFromUrl(process.env['DATABASE_URL'])).initialize();
const unitOfWork = new TypeOrmUnitOfWork(dataSource);
let endHold: (() => void) | null = null;
let holding: Promise<void> = Promise.resolve();
let poller: OutboxPoller | null = null;
const followed = { handled: 0, failures: [] as string[] };

function reply(message: PeerReply): void {
  process.send?.(message);
}

/** A unit of work that writes, then stays open until `release`: this process holds the write lock meanwhile. */
function hold(): void {
  const released = new Promise<void>((resolve) => (endHold = resolve));
  holding = unitOfWork.run(async (stores) => {
    await stores.outbox.append([
      { type: 'review.drafted', incidentRef: null, occurredAt: new Date(), payload: { revision: 1 } },
    ]);
    reply({ op: 'hold', done: true });
    await released;
  });
  holding.catch((error: unknown) => reply({ op: 'hold', done: false, error: messageOf(error) }));
}

/**
 * Outbox consumers like the status page's: they start at the head and store their positions as they go. The
 * first drain places them at the head before the parent is told to go on.
 */
async function follow(names: readonly string[]): Promise<void> {
  const consumers: OutboxConsumer[] = names.map((name) => ({
    name,
    startAt: 'head',
    handle: async () => {
      followed.handled += 1;
    },
  }));
  poller = new OutboxPoller(dataSource, consumers, {
    idleDelayMs: 5,
    batchSize: 10,
    logger: { warn: (message) => followed.failures.push(message) },
  });
  await poller.drainOnce();
  poller.start();
}

async function carryOut(request: PeerRequest): Promise<void> {
  switch (request.op) {
    case 'hold':
      return hold();
    case 'release':
      endHold?.();
      await holding;
      return reply({ op: 'release', done: true });
    case 'follow':
      await follow(request.consumers);
      return reply({ op: 'follow', done: true });
    case 'unfollow':
      await poller?.stop();
      await poller?.drainOnce();
      return reply({ op: 'unfollow', done: true, ...followed });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

process.on('message', (request: PeerRequest) => {
  carryOut(request).catch((error: unknown) =>
    reply({ op: request.op, done: false, error: messageOf(error) }),
  );
});
process.on('disconnect', () => {
  void dataSource.destroy().finally(() => process.exit(0));
});
reply({ op: 'ready', done: true });
