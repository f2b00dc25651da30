import type { IncidentStores, OutboxConsumer } from '@firebreak/incident';
import { UnitOfWork } from '@firebreak/incident';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxListener, OutboxNotifier } from './outbox-notifications.js';
import { type ConsumerLag, OutboxPoller } from './outbox-poller.js';

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

export interface OutboxRelayOptions {
  /** Idle pause between polls; commits in this process wake the relay at once. */
  readonly pollMs?: number;
  /**
   * Idle pause on PostgreSQL while LISTEN is up (default: the larger of pollMs and 2 s): commits in other
   * processes announce themselves with NOTIFY, so the poll is only a fallback.
   */
  readonly listeningPollMs?: number;
}

/**
 * The outbox poller inside a Nest app: modules register their consumers while the app initialises
 * (onModuleInit), the relay starts polling once the app is up and stops before the database closes.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumers: OutboxConsumer[] = [];
  private poller: OutboxPoller | null = null;
  private listener: OutboxListener | null = null;
  private readonly notifier: OutboxNotifier;
  private readonly retryListeners: ((consumerName: string) => void)[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
  ) {
    this.notifier = new OutboxNotifier(dataSource);
  }

  /** Observes deliveries that failed and will be retried (metrics). */
  onConsumerRetry(listener: (consumerName: string) => void): void {
    this.retryListeners.push(listener);
  }

  register(consumer: OutboxConsumer): void {
    if (this.poller)
      throw new Error(`Outbox consumer "${consumer.name}" registered after the relay started.`);
    this.consumers.push(consumer);
  }

  onApplicationBootstrap(): void {
    if (this.consumers.length === 0) return;
    const pollMs = this.options.pollMs ?? 200;
    const listens = OutboxListener.supports(this.dataSource);
    this.poller = new OutboxPoller(this.dataSource, this.consumers, {
      idleDelayMs: listens ? (this.options.listeningPollMs ?? Math.max(pollMs, 2_000)) : pollMs,
      onRetry: (name) => this.retryListeners.forEach((listener) => listener(name)),
    });
    this.poller.start();
    if (listens) {
      this.listener = new OutboxListener(this.dataSource, () => this.poller?.wake());
      void this.listener.start();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
    await this.poller?.stop();
    await this.notifier.flush();
  }

  /** Polls now, and on PostgreSQL announces the commit to the relays of other processes (NOTIFY). */
  wake(): void {
    this.poller?.wake();
    this.notifier.notify();
  }

  /** Delivers everything waiting now (tests and benchmarks). */
  async drain(): Promise<number> {
    return this.poller ? this.poller.drainOnce() : 0;
  }

  lag(): Promise<ConsumerLag[]> {
    return this.poller ? this.poller.lag() : Promise.resolve([]);
  }
}

/** Wakes the relay after each committed unit of work, so consumers see new events without waiting a poll. */
export class WakingUnitOfWork extends UnitOfWork {
  constructor(
    private readonly inner: UnitOfWork,
    private readonly relay: Pick<OutboxRelay, 'wake'>,
  ) {
    super();
  }

  async run<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T> {
    const result = await this.inner.run(work);
    this.relay.wake();
    return result;
  }

  read<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T> {
    return this.inner.read(work);
  }
}
