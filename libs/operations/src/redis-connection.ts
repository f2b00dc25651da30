import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { OPERATIONS_OPTIONS, type OperationsOptions } from './operations-options.js';

/**
 * The process's Redis connection when REDIS_URL is set (null client otherwise). Shared by readiness, the
 * rate limiter and the socket.io adapter; closed after everything else has shut down.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis | null;
  /** Prefix of every key and channel. */
  readonly keyPrefix: string;
  private readonly duplicates: Redis[] = [];

  constructor(@Inject(OPERATIONS_OPTIONS) options: OperationsOptions) {
    this.client = options.redisUrl ? createRedis(options.redisUrl) : null;
    this.keyPrefix = options.redisKeyPrefix ?? 'firebreak:';
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  /** Another connection to the same server (a subscriber cannot run other commands). */
  duplicate(options: RedisOptions = {}): Redis {
    if (!this.client) throw new Error('REDIS_URL is not set.');
    const copy = this.client.duplicate(options);
    copy.on('error', () => undefined);
    this.duplicates.push(copy);
    return copy;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const each of [...this.duplicates, ...(this.client ? [this.client] : [])]) {
      // A connection that never reached Redis would queue QUIT until it does (the adapter's wait for ever).
      if (each.status !== 'ready') each.disconnect();
      else await each.quit().catch(() => each.disconnect());
    }
  }
}

function createRedis(url: string): Redis {
  const logger = new Logger('Redis');
  const client = new Redis(url, {
    // Fail commands quickly while Redis is away, instead of queueing them: readiness then reports it.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 3_000,
  });
  let reported = false;
  client.on('error', (error: Error) => {
    if (!reported) logger.warn(`Redis error: ${error.message}`);
    reported = true;
  });
  client.on('ready', () => (reported = false));
  return client;
}
