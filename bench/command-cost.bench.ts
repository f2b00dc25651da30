import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSourceOptionsFromUrl, OutboxConsumerRow, OutboxEventRow } from '@firebreak/persistence';
import { DataSource } from 'typeorm';
import { CommandSoak, type SoakCommandKind, SOAK_WORKLOAD } from '../test/support/command-soak.js';
import { type BuiltApp, startBuiltApp } from './built-apps.js';

/**
 * What one command costs the gateway, per kind: the soak's setup (gateway and status page from dist/ on one
 * SQLite file, every outbox consumer running against the loopback fakes), then one phase per kind of command.
 * Each phase sends INCIDENTS_PER_CLIENT commands from each client, waits until every outbox consumer has caught
 * up, and divides what the gateway reports in /metrics (process.cpuUsage through prom-client, and the SQL
 * statements it sent, by origin) by the commands sent. Idle polling and schedulers during the phase are in the
 * figures too: they are part of what the gateway spends while commands flow. Prints figures, asserts nothing.
 */
const INCIDENTS_PER_CLIENT = 25;
const PHASES: readonly SoakCommandKind[] = ['declare', 'action', 'update', 'summary', 'status', 'component'];

interface GatewayCounters {
  readonly cpuSeconds: number;
  readonly requestStatements: number;
  readonly outboxStatements: number;
}

async function gatewayCounters(gateway: BuiltApp): Promise<GatewayCounters> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const value = (name: string, label = '') => {
    const line = text.split('\n').find((each) => each.startsWith(name) && each.includes(label));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
  };
  return {
    cpuSeconds: value('firebreak_process_cpu_seconds_total'),
    requestStatements: value('firebreak_sql_statements_total', 'origin="other"'),
    outboxStatements: value('firebreak_sql_statements_total', 'origin="outbox"'),
  };
}

async function caughtUp(probe: DataSource): Promise<boolean> {
  const head = await probe.manager
    .createQueryBuilder(OutboxEventRow, 'event')
    .select('MAX(event.position)', 'head')
    .getRawOne<{ head: number | null }>();
  const consumers = await probe.manager.find(OutboxConsumerRow);
  return consumers.every((row) => Number(row.position) >= Number(head?.head ?? 0));
}

async function untilCaughtUp(probe: DataSource): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (!(await caughtUp(probe))) {
    if (Date.now() > deadline) throw new Error('outbox consumers did not catch up within 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-cost-'));
  const url = `sqlite:${join(dir, 'firebreak.sqlite')}`;
  const soak = await CommandSoak.start(url, startBuiltApp);
  const probe = await new DataSource(dataSourceOptionsFromUrl(url)).initialize();
  try {
    const { clients } = SOAK_WORKLOAD;
    console.log(
      `${clients} API clients, ${INCIDENTS_PER_CLIENT} commands each per kind; the status page and every ` +
        'outbox consumer running; per command, after its consumers caught up:',
    );
    console.log(
      `${'command'.padEnd(12)}${'gateway CPU'.padStart(14)}${'SQL: request'.padStart(14)}` +
        `${'outbox'.padStart(10)}${'answers ≥ 400'.padStart(16)}`,
    );
    const refs: string[][] = Array.from({ length: clients }, () => []);
    for (const [phase, kind] of PHASES.entries()) {
      await untilCaughtUp(probe);
      const before = await gatewayCounters(soak.gateway);
      let refused = 0;
      await Promise.all(
        refs.map(async (own, client) => {
          for (let k = 0; k < INCIDENTS_PER_CLIENT; k += 1) {
            const n = phase * 1_000 + k;
            // The client's one component goes down and back in turn, so every component command is a change.
            const occurrence = kind === 'component' ? k % 2 : 0;
            const sent = await soak.sendCommand(client, kind, own[k] ?? '', n, occurrence);
            if (kind === 'declare') own.push(sent.ref);
            if (sent.status >= 400) refused += 1;
          }
        }),
      );
      await untilCaughtUp(probe);
      const after = await gatewayCounters(soak.gateway);
      const commands = clients * INCIDENTS_PER_CLIENT;
      const per = (key: keyof GatewayCounters, scale = 1) => ((after[key] - before[key]) * scale) / commands;
      console.log(
        `${kind.padEnd(12)}${`${per('cpuSeconds', 1000).toFixed(2)} ms`.padStart(14)}` +
          `${per('requestStatements').toFixed(1).padStart(14)}${per('outboxStatements').toFixed(1).padStart(10)}` +
          `${String(refused).padStart(16)}`,
      );
    }
  } finally {
    await probe.destroy();
    await soak.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
