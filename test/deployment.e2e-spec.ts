/**
 * docker-compose.yml cannot run here (no Docker), so this keeps it consistent with the code instead: every
 * app service's environment, interpolated as Compose does, passes that app's configuration schema; entry points,
 * health checks and the nginx upstreams name what the apps really build and listen on. deploy/nginx.conf itself
 * runs in the machine's nginx, in front of real gateways on loopback.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { CORE_SCHEMA, load, mergeTag, Schema } from 'js-yaml';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '@firebreak/incident';
import { AddressRanges } from '@firebreak/operations';
import { TEAMS_CONNECTOR_OFF, teamsEndpointMode } from '@firebreak/teams';
import { type GatewayConfig, loadGatewayConfig } from '../apps/gateway/src/config/gateway-config.js';
import { loadStatusPageConfig } from '../apps/status-page/src/status-page-config.js';
import { FakeBotConnector } from './fakes/bot-connector/fake-bot-connector.js';
import { TeamsActivities } from './fakes/bot-connector/teams-activities.js';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { freePort } from './support/app-process.js';
import { NginxProcess, nginxAvailability, shippedNginxConfiguration } from './support/nginx.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  networks?: Record<string, { ipv4_address?: string }>;
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

interface ComposeFile {
  services: Record<string, ComposeService>;
  networks?: Record<string, { ipam?: { config?: { subnet?: string }[] } }>;
}

function composeFile(environment = OPERATOR_ENVIRONMENT): ComposeFile {
  const text = interpolate(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), environment);
  return load(text, { schema: COMPOSE_SCHEMA }) as ComposeFile;
}

function composeServices(environment = OPERATOR_ENVIRONMENT): Record<string, ComposeService> {
  return composeFile(environment).services;
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
      expect(config.FIREBREAK_API_TOKENS.get('0123456789abcdef0123')?.user, name).toBe('ops');
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

  it('makes both apps believe X-Forwarded-For from the nginx container only, at its fixed address', () => {
    const proxyAddress = services['proxy']!.networks?.['default']?.ipv4_address;
    const subnet = composeFile().networks?.['default']?.ipam?.config?.[0]?.subnet;
    expect(proxyAddress).toBeDefined();
    expect(AddressRanges.parse(subnet ?? '').includes(proxyAddress!)).toBe(true);
    const apps = [...named('gateway-'), ...named('status-page-')];
    expect(apps).toHaveLength(4);
    for (const [name, service] of apps) {
      const { TRUSTED_PROXIES } = name.startsWith('gateway-')
        ? loadGatewayConfig(service.environment)
        : loadStatusPageConfig(service.environment);
      expect(TRUSTED_PROXIES.includes(proxyAddress!), name).toBe(true);
      // Another container on the same network (a compromised replica, say) is not a proxy.
      expect(TRUSTED_PROXIES.toString(), name).toBe(`${proxyAddress}/32`);
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

/** How the gateway's /api/messages treats requests under `config` (as gateway.module.ts wires it). */
const teamsEndpointOf = (config: GatewayConfig) =>
  teamsEndpointMode({
    appId: config.MICROSOFT_APP_ID ?? null,
    developmentMode: config.TEAMS_DEVELOPMENT_MODE,
  });

describe('docker-compose.yml and the Teams endpoint', () => {
  const gateways = (environment: Readonly<Record<string, string>>) =>
    Object.entries(composeServices({ ...OPERATOR_ENVIRONMENT, ...environment })).filter(([name]) =>
      name.startsWith('gateway-'),
    );

  it('turns the Teams connector off without MICROSOFT_APP_ID, even when .env asks for development mode', () => {
    for (const [name, service] of gateways({ TEAMS_DEVELOPMENT_MODE: 'true' })) {
      const config = loadGatewayConfig(service.environment);
      expect(config.TEAMS_DEVELOPMENT_MODE, name).toBe(false);
      expect(teamsEndpointOf(config), name).toBe('off');
    }
  });

  it('checks Bot Framework tokens once the operator gives the app credentials', () => {
    for (const [name, service] of gateways({
      MICROSOFT_APP_ID: '8b1f9c52-7d3e-4a61-9f20-3c5e7a9b1d04',
      MICROSOFT_APP_PASSWORD: 'compose-app-secret',
      MICROSOFT_TEAMS_ADMIN_USER_IDS: '7faf4a48-8b34-4a63-a9c4-5dbd0a1a3f5e',
    })) {
      const config = loadGatewayConfig(service.environment);
      expect(teamsEndpointOf(config), name).toBe('authenticated');
      expect([...config.MICROSOFT_TEAMS_ADMIN_USER_IDS], name).toEqual([
        '7faf4a48-8b34-4a63-a9c4-5dbd0a1a3f5e',
      ]);
    }
  });

  it('could not run a gateway in development mode: its containers listen beyond loopback', () => {
    for (const [name, service] of gateways({})) {
      expect(
        () => loadGatewayConfig({ ...service.environment, TEAMS_DEVELOPMENT_MODE: 'true' }),
        name,
      ).toThrow(/TEAMS_DEVELOPMENT_MODE: .*needs GATEWAY_HOST on loopback/);
    }
  });
});

describe.skipIf(!nginxAvailability().run)('deploy/nginx.conf in front of the gateways (real nginx)', () => {
  const services = composeServices();
  let connector: FakeBotConnector;
  /** A gateway configured as docker-compose.yml configures gateway-1, on a temporary database. */
  let composed: { database: TempDatabase; app: INestApplication };
  /** A gateway in development mode on this machine's loopback, as someone might put behind a local proxy. */
  let development: { database: TempDatabase; app: INestApplication };
  let proxy: Front;
  let developmentProxy: Front;
  const roots: string[] = [];

  /** deploy/nginx.conf as shipped, in front of one gateway (both replicas' upstreams); no status page behind it. */
  interface Front {
    readonly nginx: NginxProcess;
    readonly url: string;
  }

  const portOf = (app: INestApplication) => (app.getHttpServer().address() as { port: number }).port;

  async function gateway(environment: NodeJS.ProcessEnv) {
    const database = new TempDatabase();
    return { database, app: await startGateway(database.url, environment) };
  }

  async function front(app: INestApplication): Promise<Front> {
    const root = mkdtempSync(join(tmpdir(), 'firebreak-nginx-'));
    roots.push(root);
    const ports = {
      gateway: portOf(app),
      statusPage: 9,
      gatewayListen: await freePort(),
      statusPageListen: await freePort(),
    };
    const nginx = await NginxProcess.start(root, shippedNginxConfiguration(ports), [
      ports.gatewayListen,
      ports.statusPageListen,
    ]);
    return { nginx, url: `http://127.0.0.1:${ports.gatewayListen}` };
  }

  beforeAll(async () => {
    connector = await FakeBotConnector.start();
    // Its own database, no Redis, and the suite's API token; everything else as Compose sets it.
    const {
      DATABASE_URL: _database,
      REDIS_URL: _redis,
      FIREBREAK_API_TOKENS: _tokens,
      ...compose
    } = services['gateway-1']!.environment!;
    composed = await gateway(compose);
    development = await gateway({ TEAMS_DEVELOPMENT_MODE: 'true' });
    proxy = await front(composed.app);
    developmentProxy = await front(development.app);
  });

  afterAll(async () => {
    proxy?.nginx.stop();
    developmentProxy?.nginx.stop();
    for (const each of [composed, development]) {
      await each?.app.close();
      each?.database.remove();
    }
    await connector?.close();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  /** POSTs a personal-chat activity to /api/messages through `front`, with `authorization` if given. */
  const postActivity = (front: Front, text: string, authorization?: string) => {
    const teams = new TeamsActivities({ serviceUrl: connector.serviceUrl, appId: '' });
    return fetch(`${front.url}/api/messages`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(authorization === undefined ? {} : { Authorization: authorization }),
      },
      body: JSON.stringify(teams.personalMessage(text)),
    });
  };
  const titles = async (app: INestApplication) =>
    (
      (await request(app.getHttpServer()).get('/api/v1/incidents').set('Authorization', BEARER).expect(200))
        .body as Incident[]
    ).map((each) => each.title);

  it('refuses an activity without a Bot Framework token itself, as problem+json: no gateway sees it', async () => {
    for (const [front, behind] of [
      [proxy, composed],
      [developmentProxy, development],
    ] as const) {
      const response = await postActivity(front, 'declare Anonymous through nginx');
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(await titles(behind.app)).not.toContain('Anonymous through nginx');
    }
    expect(connector.calls).toEqual([]);
  });

  it('passes an activity with a token on to a gateway, which refuses it when Teams is not configured', async () => {
    const response = await postActivity(proxy, 'declare Forged through nginx', 'Bearer not-a-token');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ detail: TEAMS_CONNECTOR_OFF });
    expect(await titles(composed.app)).not.toContain('Forged through nginx');
  });

  it('keeps a development-mode gateway closed when nginx on the same machine proxies to its loopback port', async () => {
    const response = await postActivity(developmentProxy, 'declare Through a local proxy', 'Bearer anything');
    expect(response.status).toBe(403);
    expect(((await response.json()) as { detail: string }).detail).toContain('proxy or tunnel');
    expect(await titles(development.app)).not.toContain('Through a local proxy');
    expect(connector.calls).toEqual([]);
  });

  it('still proxies the rest of the gateway (the HTTP API with its own bearer token)', async () => {
    const response = await fetch(`${proxy.url}/api/v1/incidents`, {
      headers: { Authorization: BEARER },
    });
    expect(response.status).toBe(200);
  });
});
