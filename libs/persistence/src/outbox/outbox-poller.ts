import { Clock, SystemClock, type OutboxConsumer } from '@firebreak/incident';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { connectionTurns } from '../connection-turns.js';
import { OutboxConsumerRow, OutboxEventRow } from '../entities/outbox.entity.js';
import { asOutboxWork } from '../sql-statement-count.js';
import {
  consumerClaimsFor,
  startConsumerAtHead,
  type ConsumerClaim,
  type ConsumerClaims,
} from './consumer-claims.js';

/** Nest's `Logger` fits; failures are reported as warnings because they are retried. */
export interface OutboxPollerLogger {
  warn(message: string): void;
}

export interface OutboxPollerOptions {
  /** Events read per consumer per batch (default 100). */
  readonly batchSize?: number;
  /** Pause when nothing is waiting, unless `wake()` cuts it short (default 1000 ms). */
  readonly idleDelayMs?: number;
  /** First pause after a consumer fails; doubled on each further failure (default 500 ms). */
  readonly initialBackoffMs?: number;
  /** Longest pause after repeated failures (default 60 s). */
  readonly maxBackoffMs?: number;
  /** Decides when a failed consumer is due again. */
  readonly clock?: Clock;
  readonly logger?: OutboxPollerLogger;
  /** Told about each failure that will be retried (metrics). */
  readonly onRetry?: (consumerName: string, failures: number) => void;
}

/** How far behind the outbox a consumer is: `lag` events after `position` are still to be handled. */
export interface ConsumerLag {
  readonly name: string;
  readonly position: number;
  readonly head: number;
  readonly lag: number;
}

interface ConsumerState {
  readonly consumer: OutboxConsumer;
  failures: number;
  /** Epoch ms before which a failed consumer is left alone. */
  retryAt: number;
}

interface BatchOutcome {
  readonly delivered: number;
  /** Nothing more to do for now: caught up, failed, or running in another process. */
  readonly finished: boolean;
}

/**
 * Delivers outbox events to each consumer in position order, at least once. Consumers are independent: each
 * has its own stored position, and one that throws is retried with backoff while the others carry on.
 */
export class OutboxPoller {
  private readonly states: ConsumerState[];
  private readonly claims: ConsumerClaims;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly clock: Clock;
  private readonly logger: OutboxPollerLogger;
  private readonly onRetry: (consumerName: string, failures: number) => void;

  private loop: Promise<void> | null = null;
  private stopping = false;
  private wakeRequested = false;
  private endIdle: (() => void) | null = null;
  /** Batches never overlap, whether they come from the loop or from `drainOnce()`. */
  private batches: Promise<unknown> = Promise.resolve();
  private startPositions: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    consumers: readonly OutboxConsumer[],
    options: OutboxPollerOptions = {},
  ) {
    assertUniqueNames(consumers);
    this.states = consumers.map((consumer) => ({ consumer, failures: 0, retryAt: 0 }));
    this.claims = consumerClaimsFor(dataSource);
    this.batchSize = options.batchSize ?? 100;
    this.idleDelayMs = options.idleDelayMs ?? 1000;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? new Logger(OutboxPoller.name);
    this.onRetry = options.onRetry ?? (() => undefined);
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.runLoop();
  }

  /** Stops polling; resolves once the batch in flight (if any) has finished. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.endIdle?.();
    await this.loop;
    await this.batches;
    this.loop = null;
  }

  /** Polls now instead of after the idle pause: call it after committing events. */
  wake(): void {
    this.wakeRequested = true;
    this.endIdle?.();
  }

  /** Delivers everything available to every consumer, ignoring backoff; returns how many deliveries succeeded. */
  async drainOnce(): Promise<number> {
    let delivered = 0;
    let unfinished = [...this.states];
    while (unfinished.length > 0) {
      const stillUnfinished: ConsumerState[] = [];
      for (const state of unfinished) {
        const outcome = await this.deliverBatch(state);
        delivered += outcome.delivered;
        if (!outcome.finished) stillUnfinished.push(state);
      }
      unfinished = stillUnfinished;
    }
    return delivered;
  }

  async lag(): Promise<ConsumerLag[]> {
    const manager = this.dataSource.manager;
    return connectionTurns(this.dataSource).take(async () => {
      const head = await manager
        .createQueryBuilder(OutboxEventRow, 'event')
        .select('MAX(event.position)', 'head')
        .getRawOne<{ head: number | string | null }>();
      const lags: ConsumerLag[] = [];
      for (const { consumer } of this.states) {
        const row = await manager.findOneBy(OutboxConsumerRow, { name: consumer.name });
        const position = row?.position ?? 0;
        const waiting = await manager
          .createQueryBuilder(OutboxEventRow, 'event')
          .where('event.position > :position', { position })
          .getCount();
        lags.push({ name: consumer.name, position, head: Number(head?.head ?? 0), lag: waiting });
      }
      return lags;
    });
  }

  private async runLoop(): Promise<void> {
    while (!this.stopping) {
      const moreWaiting = await this.deliverDueBatches();
      if (!moreWaiting && !this.stopping) await this.idle(this.idleWaitMs());
    }
  }

  /** One batch for each consumer not in backoff; true when some consumer has more waiting. */
  private async deliverDueBatches(): Promise<boolean> {
    let moreWaiting = false;
    for (const state of this.states) {
      if (this.stopping) return false;
      if (state.retryAt > this.clock.now().getTime()) continue;
      const outcome = await this.deliverBatch(state);
      if (!outcome.finished) moreWaiting = true;
    }
    return moreWaiting;
  }

  private deliverBatch(state: ConsumerState): Promise<BatchOutcome> {
    const batch = this.batches.then(async () => {
      await this.ensureStartPositions();
      return asOutboxWork(() => this.deliverClaimedBatch(state));
    });
    this.batches = batch.catch(() => undefined);
    return batch;
  }

  private async deliverClaimedBatch(state: ConsumerState): Promise<BatchOutcome> {
    let delivered = 0;
    let position: number | null = null;
    try {
      const claim = await this.claims.claim(state.consumer.name, this.batchSize, this.clock.now());
      if (!claim) return { delivered, finished: true };
      try {
        for (const event of claim.events) {
          position = event.position;
          await state.consumer.handle(event);
          await claim.advance(event.position, this.clock.now());
          delivered += 1;
        }
        await this.skipUndecoded(state, claim);
      } finally {
        await claim.release();
      }
      this.recover(state);
      return { delivered, finished: claim.read < this.batchSize };
    } catch (error) {
      this.backOff(state, position, error);
      return { delivered, finished: true };
    }
  }

  /**
   * Rows this version cannot read (a type it does not know, a payload without what its type needs) are logged
   * and passed over, so one such row never holds up the events after it.
   */
  private async skipUndecoded(state: ConsumerState, claim: ConsumerClaim): Promise<void> {
    if (claim.skipped.length === 0) return;
    for (const { position, problem } of claim.skipped)
      this.logger.warn(`${state.consumer.name}: outbox event ${position} skipped: ${problem}`);
    const last = Math.max(...claim.skipped.map((skipped) => skipped.position));
    const handled = claim.events.at(-1)?.position ?? 0;
    if (last > handled) await claim.advance(last, this.clock.now());
  }

  /** Places consumers that skip history at the head before their first batch. */
  private ensureStartPositions(): Promise<void> {
    this.startPositions ??= (async () => {
      for (const { consumer } of this.states) {
        if (consumer.startAt === 'head')
          await startConsumerAtHead(this.dataSource, consumer.name, this.clock.now());
      }
    })().catch((error: unknown) => {
      this.startPositions = null;
      throw error;
    });
    return this.startPositions;
  }

  private recover(state: ConsumerState): void {
    state.failures = 0;
    state.retryAt = 0;
  }

  /** Exponential backoff with "equal jitter": half the delay is fixed, half random, so replicas spread out. */
  private backOff(state: ConsumerState, position: number | null, error: unknown): void {
    state.failures += 1;
    const ceiling = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (state.failures - 1));
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    state.retryAt = this.clock.now().getTime() + delay;
    this.onRetry(state.consumer.name, state.failures);
    const where = position === null ? 'reading the outbox' : `at position ${position}`;
    this.logger.warn(
      `Outbox consumer "${state.consumer.name}" failed ${where} (failure ${state.failures}); ` +
        `retrying in ${delay} ms: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  /** The idle pause, shortened so a consumer in backoff is retried when it is due. */
  private idleWaitMs(): number {
    const now = this.clock.now().getTime();
    const dueTimes = this.states.filter((state) => state.retryAt > now).map((state) => state.retryAt - now);
    return Math.min(this.idleDelayMs, ...dueTimes);
  }

  private idle(milliseconds: number): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endIdle?.(), milliseconds);
      this.endIdle = () => {
        clearTimeout(timer);
        this.endIdle = null;
        this.wakeRequested = false;
        resolve();
      };
    });
  }
}

function assertUniqueNames(consumers: readonly OutboxConsumer[]): void {
  const names = consumers.map((consumer) => consumer.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new Error(`Two outbox consumers are named "${repeated}"; each needs its own position.`);
}
