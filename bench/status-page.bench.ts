import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import {
  IncidentService,
  participant,
  SystemClock,
  type Command,
  type CommandContext,
} from '@firebreak/incident';
import { dataSourceOptionsFromUrl, TypeOrmUnitOfWork } from '@firebreak/persistence';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { freePort } from '../test/support/app-process.js';
import { NGINX, NginxProcess } from '../test/support/nginx.js';
import { ms, percentile, report } from './bench-report.js';

/**
 * The status page under load. Requests/s and p99 for `/` and `/api/v2/summary.json` at 100
 * connections (autocannon, in this process) against the real status page (a child process running the built
 * app on a SQLite file) and against nginx (Debian nginx-light, one worker) serving the same bytes as static
 * files on loopback, in the same run; then publish → live update seen by 1,000 websocket clients. Both
 * servers share the machine's two cores with autocannon, so figures are comparative, not absolute.
 */
const here = dirname(fileURLToPath(import.meta.url));
const STATUS_PAGE_MAIN = join(here, '..', 'apps', 'status-page', 'src', 'main.js');
const CONNECTIONS = 100;
const DURATION_S = 8;
const CLIENTS = 1_000;
const PUBLISHES = 10;

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

async function seed(service: IncidentService, context: CommandContext): Promise<void> {
  const groups = ['Core', 'Core', 'Core', 'Integrations', 'Integrations', null, null, null];
  for (const [index, group] of groups.entries())
    await service.createComponent({
      name: `Component ${index + 1}`,
      group,
      description: `Part ${index + 1}`,
    });
  for (let number = 1; number <= 30; number += 1) {
    const declared = await service.execute(
      { kind: 'declare', title: `Incident ${number}`, severity: 'major' },
      context,
    );
    const ref = declared.incident!.ref;
    const on = (command: Omit<Command, 'ref'> & { kind: string }) =>
      service.execute({ ...command, ref } as Command, context);
    await on({
      kind: 'component',
      component: `Component ${(number % 8) + 1}`,
      status: 'partial_outage',
    } as never);
    await on({
      kind: 'update',
      body: `We are investigating problems with component ${(number % 8) + 1}.`,
    } as never);
    await on({ kind: 'update', body: 'The cause is identified; a fix is being deployed.' } as never);
    if (number < 29) {
      await on({
        kind: 'component',
        component: `Component ${(number % 8) + 1}`,
        status: 'operational',
      } as never);
      await on({ kind: 'status', status: 'resolved' } as never);
      await on({ kind: 'update', body: 'Resolved: everything is back to normal.' } as never);
    }
  }
}

interface LoadFigures {
  readonly rps: number;
  readonly p99: number;
  readonly errors: number;
}

/** Browsers ask for gzip; `identity` is what a bare HTTP client gets. */
type Encoding = 'gzip' | 'identity';

async function load(url: string, encoding: Encoding): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    pipelining: 1,
    headers: { 'accept-encoding': encoding },
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Static files with the same bytes (pre-compressed for gzip_static), one worker, as a reference server. */
function staticSiteConfiguration(root: string, port: number): string {
  return `worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/octet-stream;
  types { text/html html; application/json json; }
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    root ${root}/site;
    etag on;
    gzip_static on;
    location / { index index.html; }
  }
}
`;
}

async function liveUpdates(base: string, service: IncidentService, context: CommandContext) {
  const clients: Socket[] = [];
  for (let index = 0; index < CLIENTS; index += 1)
    clients.push(io(base, { transports: ['websocket'], forceNew: true, reconnection: false }));
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve, reject) => {
          client.once('connect', () => resolve());
          client.once('connect_error', reject);
        }),
    ),
  );
  const samples: number[] = [];
  let missed = 0;
  for (let round = 1; round <= PUBLISHES; round += 1) {
    const seen = clients.map(
      (client) =>
        new Promise<number | null>((resolve) => {
          const timer = setTimeout(() => {
            client.off('status', listener);
            resolve(null);
          }, 10_000);
          const listener = (message: { type: string }) => {
            if (message.type !== 'status_update.published') return;
            clearTimeout(timer);
            client.off('status', listener);
            resolve(performance.now());
          };
          client.on('status', listener);
        }),
    );
    const started = performance.now();
    await service.execute({ kind: 'update', ref: 'INC-30', body: `Live update ${round}` }, context);
    for (const at of await Promise.all(seen)) {
      if (at === null) missed += 1;
      else samples.push(at - started);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  for (const client of clients) client.close();
  return { samples, missed };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-status-bench-'));
  const databaseUrl = `sqlite:${join(dir, 'firebreak.sqlite')}`;
  const dataSource = new DataSource(dataSourceOptionsFromUrl(databaseUrl));
  await dataSource.initialize();
  const service = new IncidentService(new TypeOrmUnitOfWork(dataSource), new SystemClock());
  const context: CommandContext = {
    actor: participant('api:bench', 'bench'),
    location: null,
    privileged: true,
  };
  await seed(service, context);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const statusPage = spawn(process.execPath, [STATUS_PAGE_MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      STATUS_PAGE_PORT: String(port),
      STATUS_PAGE_HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let nginx: NginxProcess | null = null;
  try {
    await waitForHttp(`${base}/healthz`, statusPage);
    const paths = [
      { path: '/', file: 'index.html' },
      { path: '/api/v2/summary.json', file: 'api/v2/summary.json' },
    ];
    const bytes = await Promise.all(
      paths.map(async ({ path }) => Buffer.from(await (await fetch(`${base}${path}`)).arrayBuffer())),
    );
    console.log(
      `status page: 8 components, 30 incidents; / is ${bytes[0]!.length} bytes, summary.json ${bytes[1]!.length} bytes`,
    );

    let nginxBase: string | null = null;
    if (NGINX) {
      const site = join(dir, 'nginx', 'site');
      mkdirSync(join(site, 'api', 'v2'), { recursive: true });
      paths.forEach(({ file }, index) => {
        writeFileSync(join(site, file), bytes[index]!);
        writeFileSync(join(site, `${file}.gz`), gzipSync(bytes[index]!));
      });
      for (const path of [dir, join(dir, 'nginx'), site, join(site, 'api'), join(site, 'api', 'v2')])
        chmodSync(path, 0o755);
      const nginxPort = await freePort();
      const nginxRoot = join(dir, 'nginx');
      nginx = await NginxProcess.start(nginxRoot, staticSiteConfiguration(nginxRoot, nginxPort), [nginxPort]);
      nginxBase = `http://127.0.0.1:${nginxPort}`;
      const version = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim();
      console.log(`nginx: ${version}, 1 worker, same bytes as static files (gzip_static for gzip)`);
    } else {
      console.log(
        'nginx is NOT installed (apt-get install -y nginx-light): the nginx comparison is skipped.',
      );
    }

    for (const { path } of paths) {
      for (const encoding of ['gzip', 'identity'] as const) {
        const label = `GET ${path} (${encoding})`;
        const ours = await load(`${base}${path}`, encoding);
        report(`${label} status page requests/s`, ours.rps.toFixed(0));
        report(`${label} status page p99`, ms(ours.p99), '< 20 ms', ours.p99 < 20);
        if (ours.errors) console.log(`  (status page: ${ours.errors} errors/non-2xx)`);
        if (!nginxBase) continue;
        const theirs = await load(`${nginxBase}${path}`, encoding);
        report(`${label} nginx requests/s`, theirs.rps.toFixed(0));
        report(`${label} nginx p99`, ms(theirs.p99));
        const ratio = ours.rps / theirs.rps;
        report(`${label} status page / nginx`, `${(ratio * 100).toFixed(1)} %`, '≥ 70 %', ratio >= 0.7);
      }
    }

    const live = await liveUpdates(base, service, context);
    report(`publish -> live update, ${CLIENTS} websocket clients p50`, ms(percentile(live.samples, 50)));
    report(
      `publish -> live update, ${CLIENTS} websocket clients p99`,
      ms(percentile(live.samples, 99)),
      '< 500 ms',
      percentile(live.samples, 99) < 500,
    );
    console.log(
      `  (${PUBLISHES} publishes x ${CLIENTS} clients = ${live.samples.length} deliveries, ${live.missed} missed; includes the status page's 100 ms outbox poll, as in production)`,
    );
  } finally {
    nginx?.stop();
    statusPage.kill('SIGTERM');
    await new Promise((resolve) => statusPage.once('exit', resolve));
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
