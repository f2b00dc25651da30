import { randomUUID } from 'node:crypto';
import {
  NotificationQueue,
  SubscriberRepository,
  type NewNotificationDelivery,
  type NewSubscriber,
  type NotificationDelivery,
  type Subscriber,
  type SubscriberChannel,
} from '@firebreak/incident';
import { EntityManager, In, MoreThan, Not } from 'typeorm';
import { NotificationDeliveryRow, SubscriberRow } from '../entities/communications.entity.js';
import { toIsoText } from '../entities/iso-date-column.js';

export class TypeOrmSubscriberRepository extends SubscriberRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async add(subscriber: NewSubscriber): Promise<Subscriber> {
    const result = await this.manager.insert(SubscriberRow, {
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
    return (await this.findById(Number(result.identifiers[0]!['id'])))!;
  }

  async findById(id: number): Promise<Subscriber | null> {
    const row = await this.manager.findOne(SubscriberRow, { where: { id } });
    return row ? toSubscriber(row) : null;
  }

  async findByIds(ids: readonly number[]): Promise<Subscriber[]> {
    const rows: SubscriberRow[] = [];
    for (let start = 0; start < ids.length; start += CHUNK)
      rows.push(
        ...(await this.manager.find(SubscriberRow, { where: { id: In(ids.slice(start, start + CHUNK)) } })),
      );
    return rows.map(toSubscriber);
  }

  async findByToken(token: string): Promise<Subscriber | null> {
    const row = await this.manager.findOne(SubscriberRow, { where: { token } });
    return row ? toSubscriber(row) : null;
  }

  async findLive(channel: SubscriberChannel, address: string): Promise<Subscriber | null> {
    const row = await this.manager.findOne(SubscriberRow, {
      where: { channel, address, state: Not('unsubscribed') },
      order: { id: 'DESC' },
    });
    return row ? toSubscriber(row) : null;
  }

  async listActive(afterId: number, limit: number): Promise<Subscriber[]> {
    const rows = await this.manager.find(SubscriberRow, {
      where: { state: 'active', id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
    return rows.map(toSubscriber);
  }

  async setState(id: number, state: Subscriber['state'], at: Date): Promise<void> {
    const changes: Partial<SubscriberRow> = { state };
    if (state === 'active')
      Object.assign(changes, { confirmedAt: at, consecutiveFailures: 0, disabledAt: null });
    if (state === 'disabled') changes.disabledAt = at;
    await this.manager.update(SubscriberRow, { id }, changes);
  }

  async recordSuccess(id: number): Promise<void> {
    await this.manager.update(
      SubscriberRow,
      { id, consecutiveFailures: MoreThan(0) },
      { consecutiveFailures: 0 },
    );
  }

  async recordFailure(id: number): Promise<number> {
    await this.manager.increment(SubscriberRow, { id }, 'consecutiveFailures', 1);
    return (await this.manager.findOne(SubscriberRow, { where: { id } }))?.consecutiveFailures ?? 0;
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

export class TypeOrmNotificationQueue extends NotificationQueue {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async enqueue(deliveries: readonly NewNotificationDelivery[], now: Date): Promise<void> {
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
      await this.manager
        .createQueryBuilder()
        .insert()
        .into(NotificationDeliveryRow)
        .values(rows)
        .orIgnore()
        .execute();
    }
  }

  async queuedAt(dedupeKey: string): Promise<Date | null> {
    const row = await this.manager.findOne(NotificationDeliveryRow, {
      where: { dedupeKey },
      select: { id: true, createdAt: true },
    });
    return row?.createdAt ?? null;
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<NotificationDelivery[]> {
    const nowText = toIsoText(now);
    const candidates = await this.manager
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
    await this.manager
      .createQueryBuilder()
      .update(NotificationDeliveryRow)
      .set({ leaseUntil: new Date(now.getTime() + leaseMs), leaseOwner: owner })
      .where({ id: In(ids) })
      .andWhere('state = :pending AND (lease_until IS NULL OR lease_until <= :now)', {
        pending: 'pending',
        now: nowText,
      })
      .execute();
    const rows = await this.manager.find(NotificationDeliveryRow, {
      where: { id: In(ids), leaseOwner: owner },
      order: { id: 'ASC' },
    });
    return rows.map((row) => ({
      id: row.id,
      dedupeKey: row.dedupeKey,
      subscriberId: row.subscriberId,
      purpose: row.purpose as NotificationDelivery['purpose'],
      payload: JSON.parse(row.payloadJson) as Record<string, unknown>,
      attempts: row.attempts,
    }));
  }

  async delivered(ids: readonly number[], at: Date): Promise<void> {
    for (let start = 0; start < ids.length; start += CHUNK) {
      await this.manager.update(
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
  }

  async retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.manager.update(
      NotificationDeliveryRow,
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

  async postponeSubscriber(subscriberId: number, until: Date): Promise<void> {
    await this.manager.update(
      NotificationDeliveryRow,
      { subscriberId, state: 'pending' },
      { nextAttemptAt: until, leaseUntil: null, leaseOwner: null },
    );
  }

  async giveUp(id: number, error: string): Promise<void> {
    await this.manager.update(
      NotificationDeliveryRow,
      { id },
      { state: 'dead', lastError: error.slice(0, 1000), leaseUntil: null, leaseOwner: null },
    );
  }

  async giveUpOnSubscriber(subscriberId: number, error: string): Promise<void> {
    await this.manager.update(
      NotificationDeliveryRow,
      { subscriberId, state: 'pending' },
      { state: 'dead', lastError: error.slice(0, 1000), leaseUntil: null, leaseOwner: null },
    );
  }

  pendingCount(): Promise<number> {
    return this.manager.count(NotificationDeliveryRow, { where: { state: 'pending' } });
  }
}
