import { Inject, Injectable, Optional } from '@nestjs/common';
import { OutboxRelay } from '@firebreak/persistence';
import { DataSource } from 'typeorm';
import { OPERATIONS_OPTIONS, type OperationsOptions } from './operations-options.js';
import { RedisConnection } from './redis-connection.js';
import { ShutdownState } from './shutdown-state.js';

export interface ReadinessCheck {
  readonly ok: boolean;
  readonly detail?: string;
}

export interface Readiness {
  readonly status: 'ready' | 'not_ready';
  readonly checks: Record<string, ReadinessCheck>;
  /** Why the replica is not ready, one sentence each (empty when ready). */
  readonly reasons: string[];
}

const CHECK_TIMEOUT_MS = 2_000;

/** Whether this replica should receive traffic: database answers, Redis answers, the outbox keeps up. */
@Injectable()
export class ReadinessProbe {
  private readonly maxOutboxLag: number;

  constructor(
    @Inject(OPERATIONS_OPTIONS) options: OperationsOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RedisConnection) private readonly redis: RedisConnection,
    @Inject(ShutdownState) private readonly shutdown: ShutdownState,
    @Optional() @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
  ) {
    this.maxOutboxLag = options.maxOutboxLag ?? 1000;
  }

  async check(): Promise<Readiness> {
    const checks: Record<string, ReadinessCheck> = {};
    const reasons: string[] = [];
    const record = (name: string, check: ReadinessCheck) => {
      checks[name] = check;
      if (!check.ok) reasons.push(`${name}: ${check.detail ?? 'failed'}`);
    };
    if (this.shutdown.draining) record('shutdown', { ok: false, detail: 'the replica is shutting down' });
    const [database, redis, outbox] = await Promise.all([
      this.checkDatabase(),
      this.redis.enabled ? this.checkRedis() : Promise.resolve(null),
      this.checkOutbox(),
    ]);
    record('database', database);
    if (redis) record('redis', redis);
    record('outbox', outbox);
    return { status: reasons.length === 0 ? 'ready' : 'not_ready', checks, reasons };
  }

  private async checkDatabase(): Promise<ReadinessCheck> {
    try {
      if (!this.dataSource.isInitialized) return { ok: false, detail: 'the database is closed' };
      await withTimeout(this.dataSource.query('SELECT 1'), 'the database');
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: messageOf(error) };
    }
  }

  private async checkRedis(): Promise<ReadinessCheck> {
    try {
      const answer = await withTimeout(this.redis.client!.ping(), 'Redis');
      return answer === 'PONG' ? { ok: true } : { ok: false, detail: `unexpected PING answer ${answer}` };
    } catch (error) {
      return { ok: false, detail: messageOf(error) };
    }
  }

  private async checkOutbox(): Promise<ReadinessCheck> {
    if (!this.relay) return { ok: true, detail: 'no outbox relay' };
    try {
      const lags = await withTimeout(this.relay.lag(), 'the outbox lag query');
      const behind = lags.filter((each) => each.lag > this.maxOutboxLag);
      if (behind.length === 0) {
        const worst = Math.max(0, ...lags.map((each) => each.lag));
        return { ok: true, detail: `largest lag ${worst} events (limit ${this.maxOutboxLag})` };
      }
      return {
        ok: false,
        detail: behind
          .map((each) => `consumer "${each.name}" is ${each.lag} events behind (limit ${this.maxOutboxLag})`)
          .join('; '),
      };
    } catch (error) {
      return { ok: false, detail: messageOf(error) };
    }
  }
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
