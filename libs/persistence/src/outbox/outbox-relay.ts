import type { IncidentStores, OutboxConsumer } from '@firebreak/incident';
import { UnitOfWork } from '@firebreak/incident';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ConsumerLag, OutboxPoller } from './outbox-poller.js';

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

export interface OutboxRelayOptions {
  /** Idle pause between polls; commits in this process wake the relay at once. */
  readonly pollMs?: number;
}

/**
 * The outbox poller inside a Nest app: modules register their consumers while the app initialises
 * (onModuleInit), the relay starts polling once the app is up and stops before the database closes.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumers: OutboxConsumer[] = [];
  private poller: OutboxPoller | null = null;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
  ) {}

  register(consumer: OutboxConsumer): void {
    if (this.poller)
      throw new Error(`Outbox consumer "${consumer.name}" registered after the relay started.`);
    this.consumers.push(consumer);
  }

  onApplicationBootstrap(): void {
    if (this.consumers.length === 0) return;
    this.poller = new OutboxPoller(this.dataSource, this.consumers, {
      idleDelayMs: this.options.pollMs ?? 200,
    });
    this.poller.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.poller?.stop();
  }

  wake(): void {
    this.poller?.wake();
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
