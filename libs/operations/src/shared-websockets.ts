import type { INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { OperationsMetrics } from './operations-metrics.js';
import { RedisConnection } from './redis-connection.js';

/**
 * socket.io with the Redis adapter when REDIS_URL is set: a broadcast on one replica reaches the clients
 * connected to every replica. Without Redis it is the plain in-process adapter.
 */
class SharedWebsocketAdapter extends IoAdapter {
  constructor(
    app: INestApplication,
    private readonly redis: RedisConnection,
    private readonly metrics: OperationsMetrics | null = null,
  ) {
    super(app);
  }

  override createIOServer(
    ...args: Parameters<IoAdapter['createIOServer']>
  ): ReturnType<IoAdapter['createIOServer']> {
    const server = super.createIOServer(...args);
    this.metrics?.countWebsocketClients(() => server.engine?.clientsCount ?? 0);
    if (this.redis.enabled)
      server.adapter(
        createAdapter(this.redis.duplicate(), this.redis.duplicate(), {
          key: `${this.redis.keyPrefix}socket.io`,
        }),
      );
    return server;
  }
}

/** Call before `listen()` (main.ts and tests), after creating the app with OperationsModule imported. */
export function useSharedWebsockets(app: INestApplication): void {
  app.useWebSocketAdapter(
    new SharedWebsocketAdapter(app, app.get(RedisConnection), app.get(OperationsMetrics)),
  );
}
