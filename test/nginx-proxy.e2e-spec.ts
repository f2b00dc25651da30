/**
 * deploy/nginx.conf, run for real (Debian nginx) in front of the real apps on loopback: what it hides, and
 * that the gateway behind it tells clients apart. Clients connect from different loopback addresses
 * (127.0.0.2, 127.0.0.3), so nginx sees them as different peers, as it sees different hosts in production.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/app-process.js';
import { startGateway, TempDatabase } from './support/gateway-app.js';
import { NginxProcess, nginxAvailability, shippedNginxConfiguration } from './support/nginx.js';
import { startStatusPage } from './support/status-page-app.js';

const availability = nginxAvailability();

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
}

/** A raw HTTP request: the path goes out exactly as written (no URL normalisation), from `from`. */
function send(
  port: number,
  path: string,
  options: { method?: string; from?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            requestId: String(response.headers['x-request-id'] ?? ''),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

describe.skipIf(!availability.run)('the shipped nginx configuration in front of the apps', () => {
  const database = new TempDatabase();
  const root = mkdtempSync(join(tmpdir(), 'firebreak-nginx-'));
  let gateway: INestApplication;
  let statusPage: INestApplication;
  let nginx: NginxProcess;
  let ports: { gateway: number; statusPage: number; gatewayListen: number; statusPageListen: number };

  beforeAll(async () => {
    gateway = await startGateway(database.url, { TRUSTED_PROXIES: '127.0.0.1', SUBSCRIBE_RATE_LIMIT: '2' });
    statusPage = await startStatusPage(database.url);
    const portOf = (app: INestApplication) => (app.getHttpServer().address() as { port: number }).port;
    ports = {
      gateway: portOf(gateway),
      statusPage: portOf(statusPage),
      gatewayListen: await freePort(),
      statusPageListen: await freePort(),
    };
    nginx = await NginxProcess.start(root, shippedNginxConfiguration(ports), [
      ports.gatewayListen,
      ports.statusPageListen,
    ]);
  });
  afterAll(async () => {
    nginx?.stop();
    await gateway?.close();
    await statusPage?.close();
    database.remove();
    rmSync(root, { recursive: true, force: true });
  });

  it('proxies both apps, which serve /metrics and /readyz themselves', async () => {
    for (const [listen, app] of [
      [ports.gatewayListen, ports.gateway],
      [ports.statusPageListen, ports.statusPage],
    ] as const) {
      expect((await send(listen, '/healthz')).status).toBe(200);
      expect((await send(app, '/metrics')).status).toBe(200);
      expect((await send(app, '/readyz')).status).toBe(200);
    }
  });

  it('hands both apps its request id and upgrades the status page’s live socket', async () => {
    for (const listen of [ports.gatewayListen, ports.statusPageListen])
      expect((await send(listen, '/healthz')).requestId).toMatch(/^[0-9a-f]{32}$/);
    const socket = io(`http://127.0.0.1:${ports.statusPageListen}`, {
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      expect(socket.io.engine.transport.name).toBe('websocket');
    } finally {
      socket.close();
    }
  });

  it.each([
    '/metrics',
    '/METRICS',
    '/Metrics',
    '/metrics/',
    '/metrics?format=openmetrics',
    '/metrics/anything',
    '/readyz',
    '/READYZ/',
    '/ReadyZ',
    '/%6Detrics',
    '/%6d%65trics',
    '//metrics',
    '/./readyz',
    '/healthz/../metrics',
  ])('answers %s itself with 404 on both listeners, never reaching an app', async (path) => {
    for (const listen of [ports.gatewayListen, ports.statusPageListen]) {
      const answer = await send(listen, path);
      expect(answer.status, `${listen} ${path}`).toBe(404);
      expect(answer.body, `${listen} ${path}`).toMatch(/<center>nginx[/\d.]*<\/center>/);
      expect(answer.body).not.toContain('firebreak_');
    }
  });

  it('passes each client’s own address to the gateway, so one client’s limit is not everyone’s', async () => {
    const subscribe = (from: string, n: number, headers: Record<string, string> = {}) =>
      send(ports.gatewayListen, '/api/v1/subscriptions', {
        method: 'POST',
        from,
        headers,
        body: { webhook: `https://hooks.example.com/${from}/${n}` },
      });
    const statuses: number[] = [];
    // Up to twice the hourly allowance: the window may roll over once mid-test.
    for (let n = 0; n < 5 && statuses.at(-1) !== 429; n += 1)
      statuses.push((await subscribe('127.0.0.2', n, { 'X-Forwarded-For': `10.0.0.${n}` })).status);
    expect(statuses.slice(0, 2)).toEqual([202, 202]);
    expect(statuses.at(-1)).toBe(429);
    expect((await subscribe('127.0.0.3', 0)).status).toBe(202);
  });
});
