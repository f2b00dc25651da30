import { randomUUID } from 'node:crypto';
import {
  NotificationQueue,
  SubscriberRepository,
  type NewNotificationDelivery,
  type NewSubscriber,
  type NotificationDelivery,
  readDeliveryContent,
  type Subscriber,
  type SubscriberChannel,
} from '@firebreak/incident';
import {
  EntityManager,
  In,
  MoreThan,
  Not,
  type FindOptionsWhere,
  type QueryDeepPartialEntity,
} from 'typeorm';
import { inTurn, writeInTurn } from '../connection-turns.js';
import { NotificationDeliveryRow, SubscriberRow } from '../entities/communications.entity.js';
import { toIsoText } from '../entities/iso-date-column.js';

/**
 * Used outside units of work: on SQLite each call takes its own turn on the single connection, and each call
 * that writes is one transaction (see writeInTurn).
 */
export class TypeOrmSubscriberRepository extends SubscriberRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  add(subscriber: NewSubscriber): Promise<Subscriber> {
    return writeInTurn(this.manager, async (writer) => {
      const result = await writer.insert(SubscriberRow, {
        channel: subscriber.channel,
        address: subscriber.address,
        componentIdsJson: JSON.stringify(subscriber.componentIds),
        state: subscriber.state,
        token: subscriber.token,
        secret: subscriber.secret,
        contactEmail: subscriber.contactEmail,
        consecutiveFailures: 0,
        createdAt: subscriber.createdAt,
        confirmedAt: subscriber.state === 'active' ? subscriber.createdAt : null,
        disabledAt: null,
      });
      const row = await writer.findOneOrFail(SubscriberRow, {
        where: { id: Number(result.identifiers[0]!['id']) },
      });
      return toSubscriber(row);
    });
  }

  findById(id: number): Promise<Subscriber | null> {
    return this.findOne({ id });
  }

  findByIds(ids: readonly number[]): Promise<Subscriber[]> {
    return inTurn(this.manager, async () => {
      const rows: SubscriberRow[] = [];
      for (let start = 0; start < ids.length; start += CHUNK)
        rows.push(
          ...(await this.manager.find(SubscriberRow, { where: { id: In(ids.slice(start, start + CHUNK)) } })),
        );
      return rows.map(toSubscriber);
    });
  }

  findByToken(token: string): Promise<Subscriber | null> {
    return this.findOne({ token });
  }

  findLive(channel: SubscriberChannel, address: string): Promise<Subscriber | null> {
    return inTurn(this.manager, async () => {
      const row = await this.manager.findOne(SubscriberRow, {
        where: { channel, address, state: Not('unsubscribed') },
        order: { id: 'DESC' },
      });
      return row ? toSubscriber(row) : null;
    });
  }

  listActive(afterId: number, limit: number): Promise<Subscriber[]> {
    return inTurn(this.manager, async () => {
      const rows = await this.manager.find(SubscriberRow, {
        where: { state: 'active', id: MoreThan(afterId) },
        order: { id: 'ASC' },
        take: limit,
      });
      return rows.map(toSubscriber);
    });
  }

  setState(id: number, state: Subscriber['state'], at: Date): Promise<void> {
    const changes: Partial<SubscriberRow> = { state };
    if (state === 'active')
      Object.assign(changes, { confirmedAt: at, consecutiveFailures: 0, disabledAt: null });
    if (state === 'disabled') changes.disabledAt = at;
    return writeInTurn(this.manager, async (writer) => {
      await writer.update(SubscriberRow, { id }, changes);
    });
  }

  recordSuccess(id: number): Promise<void> {
    return writeInTurn(this.manager, async (writer) => {
      await writer.update(
        SubscriberRow,
        { id, consecutiveFailures: MoreThan(0) },
        { consecutiveFailures: 0 },
      );
    });
  }

  recordFailure(id: number): Promise<number> {
    return writeInTurn(this.manager, async (writer) => {
      await writer.increment(SubscriberRow, { id }, 'consecutiveFailures', 1);
      return (await writer.findOne(SubscriberRow, { where: { id } }))?.consecutiveFailures ?? 0;
    });
  }

  private findOne(where: { id: number } | { token: string }): Promise<Subscriber | null> {
    return inTurn(this.manager, async () => {
      const row = await this.manager.findOne(SubscriberRow, { where });
      return row ? toSubscriber(row) : null;
    });
  }
}

function toSubscriber(row: SubscriberRow): Subscriber {
  return {
    id: row.id,
    channel: row.channel as SubscriberChannel,
    address: row.address,
    componentIds: JSON.parse(row.componentIdsJson) as string[],
    state: row.state as Subscriber['state'],
    token: row.token,
    secret: row.secret,
    contactEmail: row.contactEmail,
    consecutiveFailures: row.consecutiveFailures,
    createdAt: row.createdAt,
    confirmedAt: row.confirmedAt,
    disabledAt: row.disabledAt,
  };
}

const CHUNK = 400;

/** Used outside units of work, like TypeOrmSubscriberRepository: every call that writes is one transaction. */
export class TypeOrmNotificationQueue extends NotificationQueue {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  enqueue(deliveries: readonly NewNotificationDelivery[], now: Date): Promise<void> {
    return writeInTurn(this.manager, async (writer) => {
      for (let start = 0; start < deliveries.length; start += CHUNK) {
        const rows = deliveries.slice(start, start + CHUNK).map((delivery) => ({
          dedupeKey: delivery.dedupeKey,
          subscriberId: delivery.subscriberId,
          purpose: delivery.purpose,
          payloadJson: JSON.stringify(delivery.payload),
          state: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          leaseUntil: null,
          leaseOwner: null,
          createdAt: now,
          deliveredAt: null,
          lastError: null,
        }));
        await writer
          .createQueryBuilder()
          .insert()
          .into(NotificationDeliveryRow)
          .values(rows)
          .orIgnore()
          .execute();
      }
    });
  }

  async queuedAt(dedupeKey: string): Promise<Date | null> {
    const row = await this.manager.findOne(NotificationDeliveryRow, {
      where: { dedupeKey },
      select: { id: true, createdAt: true },
    });
    return row?.createdAt ?? null;
  }

  claimDue(now: Date, limit: number, leaseMs: number): Promise<NotificationDelivery[]> {
    return writeInTurn(this.manager, (writer) => claimDueIn(writer, now, limit, leaseMs));
  }

  delivered(ids: readonly number[], at: Date): Promise<void> {
    return writeInTurn(this.manager, async (writer) => {
      for (let start = 0; start < ids.length; start += CHUNK) {
        await writer.update(
          NotificationDeliveryRow,
          { id: In(ids.slice(start, start + CHUNK)) },
          {
            state: 'delivered',
            deliveredAt: at,
            leaseUntil: null,
            leaseOwner: null,
            attempts: () => 'attempts + 1',
          },
        );
      }
    });
  }

  retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    return this.change(
      { id, state: 'pending' },
      {
        nextAttemptAt,
        lastError: error.slice(0, 1000),
        leaseUntil: null,
        leaseOwner: null,
        attempts: () => 'attempts + 1',
      },
    );
  }

  postponeSubscriber(subscriberId: number, until: Date): Promise<void> {
    return this.change(
      { subscriberId, state: 'pending' },
      { nextAttemptAt: until, leaseUntil: null, leaseOwner: null },
    );
  }

  giveUp(id: number, error: string): Promise<void> {
    return this.change(
      { id },
      { state: 'dead', lastError: error.slice(0, 1000), leaseUntil: null, leaseOwner: null },
    );
  }

  giveUpOnSubscriber(subscriberId: number, error: string): Promise<void> {
    return this.change(
      { subscriberId, state: 'pending' },
      { state: 'dead', lastError: error.slice(0, 1000), leaseUntil: null, leaseOwner: null },
    );
  }

  pendingCount(): Promise<number> {
    return inTurn(this.manager, () =>
      this.manager.count(NotificationDeliveryRow, { where: { state: 'pending' } }),
    );
  }

  private change(
    where: FindOptionsWhere<NotificationDeliveryRow>,
    changes: QueryDeepPartialEntity<NotificationDeliveryRow>,
  ): Promise<void> {
    return writeInTurn(this.manager, async (writer) => {
      await writer.update(NotificationDeliveryRow, where, changes);
    });
  }
}

async function claimDueIn(
  manager: EntityManager,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<NotificationDelivery[]> {
  const nowText = toIsoText(now);
  const candidates = await manager
    .createQueryBuilder(NotificationDeliveryRow, 'delivery')
    .select('delivery.id', 'id')
    .where('delivery.state = :pending', { pending: 'pending' })
    .andWhere('delivery.next_attempt_at <= :now', { now: nowText })
    .andWhere('(delivery.lease_until IS NULL OR delivery.lease_until <= :now)', { now: nowText })
    .orderBy('delivery.id', 'ASC')
    .limit(limit)
    .getRawMany<{ id: number }>();
  if (candidates.length === 0) return [];
  // Lease with an owner token, conditionally: a concurrent claimer's rows are not taken twice.
  const owner = randomUUID();
  const ids = candidates.map((candidate) => Number(candidate.id));
  await manager
    .createQueryBuilder()
    .update(NotificationDeliveryRow)
    .set({ leaseUntil: new Date(now.getTime() + leaseMs), leaseOwner: owner })
    .where({ id: In(ids) })
    .andWhere('state = :pending AND (lease_until IS NULL OR lease_until <= :now)', {
      pending: 'pending',
      now: nowText,
    })
    .execute();
  const rows = await manager.find(NotificationDeliveryRow, {
    where: { id: In(ids), leaseOwner: owner },
    order: { id: 'ASC' },
  });
  const deliveries: NotificationDelivery[] = [];
  const unreadable: number[] = [];
  for (const row of rows) {
    const content = readDeliveryContent(row.purpose, parsedOrNull(row.payloadJson));
    if (!content) unreadable.push(row.id);
    else
      deliveries.push({
        id: row.id,
        dedupeKey: row.dedupeKey,
        subscriberId: row.subscriberId,
        attempts: row.attempts,
        ...content,
      });
  }
  // A delivery this version cannot send would only be claimed again and again: it is given up, saying why.
  if (unreadable.length > 0)
    await manager.update(
      NotificationDeliveryRow,
      { id: In(unreadable) },
      { state: 'dead', lastError: 'unreadable purpose or payload', leaseUntil: null, leaseOwner: null },
    );
  return deliveries;
}

function parsedOrNull(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}
