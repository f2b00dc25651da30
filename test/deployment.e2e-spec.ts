/**
 * docker-compose.yml cannot run here (no Docker), so this keeps it consistent with the code instead: every
 * app service's environment, interpolated as Compose does, passes that app's configuration schema; entry points,
 * health checks and the nginx upstreams name what the apps really build and listen on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, load, mergeTag, Schema } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../apps/gateway/src/config/gateway-config.js';
import { loadStatusPageConfig } from '../apps/status-page/src/status-page-config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

/** What `docker compose up` reads from an .env file, per the comment at the top of docker-compose.yml. */
const OPERATOR_ENVIRONMENT: Readonly<Record<string, string>> = {
  POSTGRES_PASSWORD: 'compose-test-password',
  FIREBREAK_API_TOKENS: 'ops:0123456789abcdef0123',
};

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?error}` interpolation. */
function interpolate(text: string, environment: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_match, name: string, kind?: string, rest = '') => {
    const value = environment[name];
    if (value !== undefined && value !== '') return value;
    if (kind === '-') return rest;
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return '';
  });
}

function composeServices(environment = OPERATOR_ENVIRONMENT): Record<string, ComposeService> {
  const text = interpolate(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), environment);
  return (load(text, { schema: COMPOSE_SCHEMA }) as { services: Record<string, ComposeService> }).services;
}

/** YAML 1.2 as Compose reads it, with the `<<` merge keys the file uses for shared settings. */
const COMPOSE_SCHEMA = new Schema([...CORE_SCHEMA.tags, mergeTag]);

const sourceOf = (entryPoint: string): string =>
  join(root, entryPoint.replace(/^dist\//, '').replace(/\.js$/, '.ts'));

describe('docker-compose.yml', () => {
  const services = composeServices();
  const named = (prefix: string) => Object.entries(services).filter(([name]) => name.startsWith(prefix));

  it('refuses to start without the secrets an operator must provide', () => {
    expect(() => composeServices({ POSTGRES_PASSWORD: 'x' })).toThrow(/FIREBREAK_API_TOKENS/);
    expect(() =>
      composeServices({ FIREBREAK_API_TOKENS: OPERATOR_ENVIRONMENT.FIREBREAK_API_TOKENS! }),
    ).toThrow(/POSTGRES_PASSWORD/);
  });

  it('runs two gateways whose environment the gateway accepts, on PostgreSQL and Redis, checked on /readyz', () => {
    const gateways = named('gateway-');
    expect(gateways.map(([name]) => name)).toEqual(['gateway-1', 'gateway-2']);
    for (const [name, service] of gateways) {
      const config = loadGatewayConfig(service.environment);
      expect(config.DATABASE_URL, name).toMatch(
        /^postgres:\/\/firebreak:compose-test-password@postgres:5432\//,
      );
      expect(config.REDIS_URL, name).toBe('redis://redis:6379');
      expect(config.FIREBREAK_API_TOKENS.get('0123456789abcdef0123'), name).toBe('ops');
      expect(existsSync(sourceOf(service.command!.at(-1)!)), name).toBe(true);
      expect(service.command!.at(-1)).toBe('dist/apps/gateway/src/main.js');
      expect(service.healthcheck!.test.join(' '), name).toContain(`127.0.0.1:${config.GATEWAY_PORT}/readyz`);
      expect(service.depends_on, name).toMatchObject({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('runs two status pages whose environment the status page accepts, checked on /readyz', () => {
    const pages = named('status-page-');
    expect(pages.map(([name]) => name)).toEqual(['status-page-1', 'status-page-2']);
    for (const [name, service] of pages) {
      const config = loadStatusPageConfig(service.environment);
      expect(config.DATABASE_URL, name).toMatch(/^postgres:\/\//);
      expect(config.REDIS_URL, name).toBe('redis://redis:6379');
      expect(service.command!.at(-1)).toBe('dist/apps/status-page/src/main.js');
      expect(existsSync(sourceOf(service.command!.at(-1)!)), name).toBe(true);
      expect(service.healthcheck!.test.join(' '), name).toContain(
        `127.0.0.1:${config.STATUS_PAGE_PORT}/readyz`,
      );
    }
  });

  it('puts nginx in front with upstreams on the ports the replicas listen on, and publishes its listeners', () => {
    const proxy = services['proxy']!;
    expect(proxy.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    const nginx = readFileSync(join(root, 'deploy', 'nginx.conf'), 'utf8');
    const gatewayPort = loadGatewayConfig(services['gateway-1']!.environment).GATEWAY_PORT;
    const pagePort = loadStatusPageConfig(services['status-page-1']!.environment).STATUS_PAGE_PORT;
    for (const upstream of [
      `gateway-1:${gatewayPort}`,
      `gateway-2:${gatewayPort}`,
      `status-page-1:${pagePort}`,
      `status-page-2:${pagePort}`,
    ])
      expect(nginx).toContain(`server ${upstream} `);
    const listeners = [...nginx.matchAll(/^[ \t]*listen (\d+);/gm)].map((match) => match[1]);
    expect(proxy.ports!.map((mapping) => mapping.split(':')[1])).toEqual(listeners);
  });
});
