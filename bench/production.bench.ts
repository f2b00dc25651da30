import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { ms, percentile, report } from './bench-report.js';
import { type BuiltApp, startBuiltApp, stopBuiltApps } from './built-apps.js';

/**
 * Production mode: commands/s through two gateway replicas on PostgreSQL against one gateway on SQLite, and
 * status-page requests/s on one replica against two. Every app is a child process from dist/; the load
 * generator shares the machine's two cores with them, so the figures compare setups rather than promise
 * capacity. Prints figures, asserts nothing.
 */
const POSTGRES_URL = process.env['FIREBREAK_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['FIREBREAK_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TOKEN = `bench:${randomBytes(12).toString('hex')}`;
const BEARER = `Bearer ${TOKEN.slice(TOKEN.indexOf(':') + 1)}`;
const COMMAND_CLIENTS = 32;
const COMMAND_SECONDS = 8;
const PAGE_CONNECTIONS = 32;
const PAGE_SECONDS = 6;

async function command(base: string, text: string): Promise<{ ok: boolean; ref: string | null }> {
  const response = await fetch(`${base}/api/v1/commands`, {
    method: 'POST',
    headers: { Authorization: BEARER, 'Content-Type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  const body = (await response.json()) as { incident?: { ref: string } | null };
  return { ok: response.ok, ref: body.incident?.ref ?? null };
}

/** Closed loop: each client sends its next command when the previous one is answered; 1 in 5 is a declare. */
async function commandLoad(
  gateways: readonly BuiltApp[],
): Promise<{ perSecond: number; samples: number[]; failed: number }> {
  const refs: string[] = [];
  for (const [index, gateway] of gateways.entries())
    refs.push((await command(gateway.url, `declare Seed ${index}`)).ref!);
  const samples: number[] = [];
  let failed = 0;
  let sent = 0;
  const started = performance.now();
  const endAt = started + COMMAND_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: COMMAND_CLIENTS }, async (_, client) => {
      while (performance.now() < endAt) {
        const target = gateways[sent++ % gateways.length]!;
        const declare = sent % 5 === 0;
        const text = declare
          ? `declare Bench ${client}-${sent}`
          : `note ${refs[Math.floor(Math.random() * refs.length)]} progress ${sent}`;
        const begun = performance.now();
        try {
          const result = await command(target.url, text);
          if (!result.ok) failed += 1;
          else if (declare && result.ref) refs.push(result.ref);
          samples.push(performance.now() - begun);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: samples.length / seconds, samples, failed };
}

async function reachable(): Promise<DataSource | null> {
  const admin = new DataSource({ type: 'postgres', url: POSTGRES_URL, connectTimeoutMS: 3_000 });
  try {
    return await admin.initialize();
  } catch {
    return null;
  }
}

async function redisReachable(): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2_000 });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function pageLoad(
  pages: readonly BuiltApp[],
  path: string,
): Promise<{ rps: number; p99: number; errors: number }> {
  const results = await Promise.all(
    pages.map((page) =>
      autocannon({
        url: `${page.url}${path}`,
        connections: Math.max(1, Math.round(PAGE_CONNECTIONS / pages.length)),
        duration: PAGE_SECONDS,
        // As browsers ask: the pages are served gzip-compressed (compressed once per rendering).
        headers: { 'accept-encoding': 'gzip' },
      }),
    ),
  );
  return {
    rps: results.reduce((sum, result) => sum + result.requests.average, 0),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    errors: results.reduce((sum, result) => sum + result.errors + result.non2xx + result.timeouts, 0),
  };
}

async function main(): Promise<void> {
  const common = { FIREBREAK_API_TOKENS: TOKEN, RATE_LIMIT_COMMANDS_PER_MINUTE: '0' };
  console.log(`${COMMAND_CLIENTS} closed-loop HTTP clients for ${COMMAND_SECONDS} s; 1 declare : 4 notes`);

  const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-production-'));
  const sqliteGateway = await startBuiltApp('gateway', {
    ...common,
    DATABASE_URL: `sqlite:${join(dir, 'firebreak.sqlite')}`,
  });
  let sqlite: Awaited<ReturnType<typeof commandLoad>>;
  try {
    sqlite = await commandLoad([sqliteGateway]);
  } finally {
    await stopBuiltApps([sqliteGateway]);
    rmSync(dir, { recursive: true, force: true });
  }
  report('commands/s, 1 gateway on SQLite', sqlite.perSecond.toFixed(0));
  report('  p50 / p99', `${ms(percentile(sqlite.samples, 50))} / ${ms(percentile(sqlite.samples, 99))}`);

  const admin = await reachable();
  if (!admin) {
    console.log(
      `PostgreSQL unreachable at ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')}: replica figures skipped`,
    );
    return;
  }
  const schema = `firebreak_bench_${randomBytes(5).toString('hex')}`;
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('schema', schema);
  const redis = (await redisReachable()) ? { REDIS_URL, REDIS_KEY_PREFIX: `${schema}:` } : {};
  const shared = { DATABASE_URL: url.toString(), ...redis };
  const apps: BuiltApp[] = [];
  try {
    apps.push(await startBuiltApp('gateway', { ...common, ...shared, OUTBOX_POLL_MS: '1000' }));
    apps.push(await startBuiltApp('gateway', { ...common, ...shared, OUTBOX_POLL_MS: '1000' }));
    const postgres = await commandLoad(apps);
    report('commands/s, 2 gateways on PostgreSQL', postgres.perSecond.toFixed(0));
    report('  p50', ms(percentile(postgres.samples, 50)));
    const p99 = percentile(postgres.samples, 99);
    report('  p99, 2 gateways on PostgreSQL', ms(p99), '< 100 ms', p99 < 100);
    const share = postgres.perSecond / sqlite.perSecond;
    report(
      '  2 gateways on PostgreSQL / 1 on SQLite',
      `${(share * 100).toFixed(0)} %`,
      '≥ 100 %',
      share >= 1,
    );
    if (sqlite.failed + postgres.failed > 0)
      report('  failed commands (SQLite, PostgreSQL)', `${sqlite.failed}, ${postgres.failed}`);
    await stopBuiltApps(apps.splice(0));

    // The status page reads what the commands wrote (hundreds of incidents) from the same schema.
    apps.push(await startBuiltApp('status-page', { ...shared }));
    apps.push(await startBuiltApp('status-page', { ...shared }));
    console.log(`status page: ${PAGE_CONNECTIONS} connections for ${PAGE_SECONDS} s per figure`);
    for (const path of ['/', '/api/v2/summary.json']) {
      const one = await pageLoad(apps.slice(0, 1), path);
      const two = await pageLoad(apps, path);
      report(`GET ${path} requests/s, 1 status page`, one.rps.toFixed(0));
      report(`GET ${path} requests/s, 2 status pages`, two.rps.toFixed(0));
      report(`  p99 with 2 replicas`, ms(two.p99));
      if (one.errors + two.errors > 0) report('  errors', String(one.errors + two.errors));
    }
  } finally {
    await stopBuiltApps(apps);
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
