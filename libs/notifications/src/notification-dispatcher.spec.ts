import {
  NotificationQueue,
  SubscriberRepository,
  type NewNotificationDelivery,
  type NewSubscriber,
  type NotificationDelivery,
  type Subscriber,
} from '@firebreak/incident';
import { FixedClock } from '@firebreak/incident/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EmailMessage } from './notification-emails.js';
import { NotificationDispatcher } from './notification-dispatcher.js';

class MemorySubscribers extends SubscriberRepository {
  rows: Subscriber[] = [];
  async add(subscriber: NewSubscriber): Promise<Subscriber> {
    const row = {
      ...subscriber,
      id: this.rows.length + 1,
      consecutiveFailures: 0,
      confirmedAt: null,
      disabledAt: null,
    };
    this.rows.push(row);
    return row;
  }
  async findById(id: number) {
    return this.rows.find((row) => row.id === id) ?? null;
  }
  async findByIds(ids: readonly number[]) {
    return this.rows.filter((row) => ids.includes(row.id));
  }
  async findByToken(token: string) {
    return this.rows.find((row) => row.token === token) ?? null;
  }
  async findLive() {
    return null;
  }
  async listActive(afterId: number, limit: number) {
    return this.rows.filter((row) => row.state === 'active' && row.id > afterId).slice(0, limit);
  }
  async setState(id: number, state: Subscriber['state'], at: Date) {
    this.update(id, { state, ...(state === 'disabled' ? { disabledAt: at } : {}) });
  }
  async recordSuccess(id: number) {
    this.update(id, { consecutiveFailures: 0 });
  }
  async recordFailure(id: number) {
    const failures = (await this.findById(id))!.consecutiveFailures + 1;
    this.update(id, { consecutiveFailures: failures });
    return failures;
  }
  private update(id: number, changes: Partial<Subscriber>) {
    this.rows = this.rows.map((row) => (row.id === id ? { ...row, ...changes } : row));
  }
}

type QueuedRow = NotificationDelivery & {
  state: 'pending' | 'delivered' | 'dead';
  nextAttemptAt: Date;
};

class MemoryQueue extends NotificationQueue {
  rows: QueuedRow[] = [];
  async queuedAt(): Promise<Date | null> {
    return null;
  }
  async enqueue(deliveries: readonly NewNotificationDelivery[], now: Date) {
    for (const delivery of deliveries) {
      if (this.rows.some((row) => row.dedupeKey === delivery.dedupeKey)) continue;
      this.rows.push({
        ...delivery,
        id: this.rows.length + 1,
        attempts: 0,
        state: 'pending',
        nextAttemptAt: now,
      });
    }
  }
  async claimDue(now: Date, limit: number) {
    return this.rows.filter((row) => row.state === 'pending' && row.nextAttemptAt <= now).slice(0, limit);
  }
  async delivered(ids: readonly number[]) {
    for (const row of this.rows)
      if (ids.includes(row.id)) Object.assign(row, { state: 'delivered', attempts: row.attempts + 1 });
  }
  async retryLater(id: number, nextAttemptAt: Date) {
    const row = this.rows.find((each) => each.id === id)!;
    Object.assign(row, { nextAttemptAt, attempts: row.attempts + 1 });
  }
  async postponeSubscriber(subscriberId: number, until: Date) {
    for (const row of this.rows)
      if (row.subscriberId === subscriberId && row.state === 'pending') row.nextAttemptAt = until;
  }
  async giveUp(id: number) {
    this.rows.find((row) => row.id === id)!.state = 'dead';
  }
  async giveUpOnSubscriber(subscriberId: number) {
    for (const row of this.rows)
      if (row.subscriberId === subscriberId && row.state === 'pending') row.state = 'dead';
  }
  async pendingCount() {
    return this.rows.filter((row) => row.state === 'pending').length;
  }
}

describe(NotificationDispatcher.name, () => {
  let subscribers: MemorySubscribers;
  let queue: MemoryQueue;
  let clock: FixedClock;
  let emails: EmailMessage[];
  let posts: { url: string; deliveryId: string }[];
  let webhookUp: boolean;
  let sut: NotificationDispatcher;

  const subscriber = (overrides: Partial<NewSubscriber>) =>
    subscribers.add({
      channel: 'webhook',
      address: 'https://hooks.example.com/a',
      componentIds: [],
      state: 'active',
      token: `token-${subscribers.rows.length}-abcdefghijklmnop`,
      secret: 's3cret',
      contactEmail: 'ops@example.com',
      createdAt: clock.now(),
      ...overrides,
    });
  const event = (subscriberId: number, position: number) => ({
    dedupeKey: `event:${position}:${subscriberId}`,
    subscriberId,
    purpose: 'event' as const,
    payload: {
      incident: {
        name: 'Down',
        status: 'investigating',
        shortlink: 'x',
        incident_updates: [{ body: `#${position}` }],
      },
    },
  });

  beforeEach(() => {
    subscribers = new MemorySubscribers();
    queue = new MemoryQueue();
    clock = new FixedClock(new Date('2026-05-01T12:00:00.000Z'));
    emails = [];
    posts = [];
    webhookUp = true;
    sut = new NotificationDispatcher(
      subscribers,
      queue,
      { send: async (message) => void emails.push(message) },
      {
        send: async (url, _secret, deliveryId) => {
          if (!webhookUp) throw new Error('HTTP 503');
          posts.push({ url, deliveryId });
        },
      },
      clock,
      {
        page: { id: 'p', name: 'Acme Status', url: 'https://status.acme.test' },
        links: {
          confirm: (s) => `https://gw/confirm/${s.token}`,
          unsubscribe: (s) => `https://gw/unsubscribe/${s.token}`,
        },
        documentationUrl: 'https://gw/docs',
        maxWebhookFailures: 3,
        retryBaseMs: 1000,
      },
    );
  });

  it('sends a subscriber its deliveries in order, each once', async () => {
    const hook = await subscriber({});
    await queue.enqueue([event(hook.id, 1), event(hook.id, 2), event(hook.id, 1)], clock.now());
    expect(await sut.runOnce()).toBe(2);
    expect(await sut.runOnce()).toBe(0);
    expect(posts.map((post) => post.deliveryId)).toEqual(['event:1:1', 'event:2:1']);
  });

  it('holds a failing webhook back with exponential backoff, keeping order, and resumes when it is up', async () => {
    const hook = await subscriber({});
    await queue.enqueue([event(hook.id, 1), event(hook.id, 2)], clock.now());
    webhookUp = false;
    await sut.runOnce();
    clock.advance(999);
    webhookUp = true;
    expect(await sut.runOnce()).toBe(0);
    clock.advance(1);
    expect(await sut.runOnce()).toBe(2);
    expect(posts.map((post) => post.deliveryId)).toEqual(['event:1:1', 'event:2:1']);
    expect((await subscribers.findById(hook.id))!.consecutiveFailures).toBe(0);
  });

  it('disables a webhook after three failed rounds, drops its queue and emails its contact once', async () => {
    const hook = await subscriber({});
    await queue.enqueue([event(hook.id, 1), event(hook.id, 2)], clock.now());
    webhookUp = false;
    for (let round = 0; round < 5; round += 1) {
      await sut.runOnce();
      clock.advance(60_000);
    }
    expect((await subscribers.findById(hook.id))!.state).toBe('disabled');
    expect(await queue.pendingCount()).toBe(0);
    expect(emails.map((email) => [email.to, email.subject])).toEqual([
      ['ops@example.com', '[Acme Status] Your status webhook was disabled'],
    ]);
  });

  it('emails a pending address only its confirmation, and every email after that carries the unsubscribe link', async () => {
    const ann = await subscriber({
      channel: 'email',
      address: 'ann@example.com',
      state: 'pending',
      secret: null,
    });
    await queue.enqueue(
      [{ dedupeKey: 'confirm:1', subscriberId: ann.id, purpose: 'confirm', payload: {} }, event(ann.id, 1)],
      clock.now(),
    );
    await sut.runOnce();
    expect(emails.map((email) => email.subject)).toEqual(['Confirm your subscription to Acme Status']);
    await subscribers.setState(ann.id, 'active', clock.now());
    await queue.enqueue([event(ann.id, 2)], clock.now());
    await sut.runOnce();
    expect(emails[1]!.subject).toBe('[Acme Status] Down: investigating');
    for (const email of emails) {
      expect(email.text).toContain(`https://gw/unsubscribe/${ann.token}`);
      expect(email.headers['List-Unsubscribe']).toBe(`<https://gw/unsubscribe/${ann.token}>`);
    }
  });
});
