import { Writable } from 'node:stream';
import { fastestRunMs } from '@firebreak/incident/testing';
import type { OutboxRelay } from '@firebreak/persistence';
import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { createOperationsLogger } from './operations-logger.js';
import { ReadinessProbe } from './readiness.js';
import type { RedisConnection } from './redis-connection.js';
import { runInRequestContext } from './request-context.js';
import { scrubSecrets } from './secrets.js';
import { ShutdownState } from './shutdown-state.js';

const database = { isInitialized: true, query: async () => [{ one: 1 }] } as unknown as DataSource;
const noRedis = { enabled: false, client: null } as unknown as RedisConnection;
const relayWithLag = (lag: number) =>
  ({
    lag: async () => [{ name: 'chat-delivery', position: 1, head: 1 + lag, lag }],
  }) as unknown as OutboxRelay;

describe(ReadinessProbe.name, () => {
  it('is ready while every outbox consumer is within the threshold', async () => {
    const sut = new ReadinessProbe(
      { service: 'test', maxOutboxLag: 10 },
      database,
      noRedis,
      new ShutdownState(),
      relayWithLag(10),
    );
    expect(await sut.check()).toMatchObject({ status: 'ready', reasons: [] });
  });

  it('is not ready, naming the consumer, when one falls further behind than the threshold', async () => {
    const sut = new ReadinessProbe(
      { service: 'test', maxOutboxLag: 10 },
      database,
      noRedis,
      new ShutdownState(),
      relayWithLag(11),
    );
    const readiness = await sut.check();
    expect(readiness.status).toBe('not_ready');
    expect(readiness.reasons).toEqual(['outbox: consumer "chat-delivery" is 11 events behind (limit 10)']);
  });

  it('is not ready when the database fails or the replica is draining', async () => {
    const broken = {
      isInitialized: true,
      query: async () => Promise.reject(new Error('connection refused')),
    };
    const draining = new ShutdownState();
    draining.draining = true;
    const sut = new ReadinessProbe(
      { service: 'test' },
      broken as unknown as DataSource,
      noRedis,
      draining,
      null,
    );
    expect((await sut.check()).reasons).toEqual([
      'shutdown: the replica is shutting down',
      'database: connection refused',
    ]);
  });
});

describe(ShutdownState.name, () => {
  it('resolves idle once the last unit of work ends, or reports a timeout', async () => {
    const sut = new ShutdownState();
    const end = sut.begin();
    const idle = sut.idle(5_000);
    end();
    end(); // ending twice counts once
    expect(await idle).toBe(true);
    sut.begin();
    expect(await sut.idle(10)).toBe(false);
  });
});

describe('log hygiene', () => {
  it('scrubs passwords in URLs, bearer tokens and secret query parameters from text', () => {
    expect(scrubSecrets('DATABASE_URL=postgres://firebreak:s3cret@db:5432/firebreak')).toBe(
      'DATABASE_URL=postgres://firebreak:***@db:5432/firebreak',
    );
    expect(scrubSecrets('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer [redacted]');
    expect(scrubSecrets('/confirm?token=abc123&x=1')).toBe('/confirm?token=[redacted]&x=1');
  });

  it('scrubs a 16,000-character request URL of any shape in linear time', () => {
    for (const url of [
      `/${'a.'.repeat(8_000)}`,
      `/x?u=${'a://'.repeat(4_000)}`,
      `/${'://a:'.repeat(3_200)}`,
    ]) {
      expect(fastestRunMs(() => scrubSecrets(url), 25)).toBeLessThan(25);
    }
    expect(scrubSecrets('redis://:pw@cache:6379 and https://user:p%40ss@example.com/x')).toBe(
      'redis://:***@cache:6379 and https://user:***@example.com/x',
    );
  });

  it('writes JSON lines with the request and incident ids, redacting secret fields', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createOperationsLogger({ service: 'gateway', logStream: stream });
    runInRequestContext({ requestId: 'r-1', incidentRef: 'INC-7' }, () =>
      logger.info(
        { req: { headers: { authorization: 'Bearer topsecret' } }, password: 'hunter2' },
        'connecting to redis://:pw@cache:6379',
      ),
    );
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      service: 'gateway',
      password: '[redacted]',
      msg: 'connecting to redis://:***@cache:6379',
    });
    expect(lines[0]).not.toContain('topsecret');
    expect(lines[0]).not.toContain('hunter2');
  });

  it('adds the request id and incident to lines written inside a request', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createOperationsLogger({ service: 'gateway', logStream: stream });
    runInRequestContext({ requestId: 'r-2', incidentRef: 'INC-9' }, () => logger.warn('slow command'));
    expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: 'r-2', incident: 'INC-9', msg: 'slow command' });
  });
});
