import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway-config.js';
import { configureGateway } from '../../apps/gateway/src/configure-gateway.js';
import { GatewayModule } from '../../apps/gateway/src/gateway.module.js';
import { createPostgresSchema, dropPostgresSchema, TEST_DATABASE } from '@firebreak/persistence/testing';

export const API_TOKEN = 'ops:e2e-token-0123456789abcdef';
export const BEARER = `Bearer ${API_TOKEN.slice(API_TOKEN.indexOf(':') + 1)}`;

/**
 * A temporary database removed by `remove()`: a SQLite file in a temp directory, or a fresh PostgreSQL schema
 * when FIREBREAK_TEST_DATABASE=postgres (createPostgresSchema in @firebreak/persistence/testing).
 */
export class TempDatabase {
  readonly dir = mkdtempSync(join(tmpdir(), 'firebreak-e2e-'));
  readonly url =
    TEST_DATABASE === 'postgres' ? createPostgresSchema() : `sqlite:${join(this.dir, 'firebreak.sqlite')}`;

  remove(): void {
    if (TEST_DATABASE === 'postgres') dropPostgresSchema(this.url);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Boots the real gateway (the same module and configure function as main.ts) on loopback, on a free port unless
 * one is given (a client that must reach it again after a restart needs the same one).
 */
export async function startGateway(
  databaseUrl: string,
  environment: NodeJS.ProcessEnv = {},
  port = 0,
): Promise<INestApplication> {
  const config = loadGatewayConfig({
    DATABASE_URL: databaseUrl,
    FIREBREAK_API_TOKENS: API_TOKEN,
    OUTBOX_POLL_MS: '20',
    LOG_LEVEL: 'silent',
    ...environment,
  });
  const app = await NestFactory.create(GatewayModule.forRoot(config), { rawBody: true, logger: false });
  configureGateway(app);
  await app.listen(port, '127.0.0.1');
  return app;
}
