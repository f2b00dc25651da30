import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type CommandContext, IncidentService, SystemClock } from '@firebreak/incident';
import {
  countStatementsOf,
  dataSourceOptionsFromUrl,
  statementsSent,
  TypeOrmUnitOfWork,
} from '@firebreak/persistence';
import { DataSource } from 'typeorm';
import { ms, percentile, report } from './bench-report.js';

/**
 * A mixed command workload through the domain and a real SQLite file (commands/s, p50/p99),
 * and how long a 10,000-entry timeline takes to load.
 */
const COMMANDS = 5_000;
const INCIDENTS = 50;
const CONCURRENCY = 8;

const people = Array.from({ length: 10 }, (_, n) => ({
  id: `discord:${1000 + n}`,
  displayName: `Responder ${n}`,
}));
const contextFor = (n: number): CommandContext => ({
  actor: people[n % people.length]!,
  location: null,
  privileged: true,
});

function mixedCommand(n: number): string {
  const ref = `INC-${(n % INCIDENTS) + 1}`;
  const texts = [
    `summary ${ref} Elevated error rates on checkout (${n})`,
    `impact ${ref} Some customers cannot pay (${n})`,
    `sev ${ref} ${['critical', 'major', 'minor'][n % 3]}`,
    `status ${ref} ${['identified', 'monitoring', 'investigating'][n % 3]}`,
    `${['lead', 'scribe', 'comms'][n % 3]} ${ref}`,
    `action ${ref} Restarted worker pool ${n}`,
    `note ${ref} Looked at dashboards ${n}`,
    `show ${ref}`,
    'list',
    `followup ${ref} Add alert ${n} due 2027-01-15`,
  ];
  return texts[n % texts.length]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-'));
  const dataSource = new DataSource(dataSourceOptionsFromUrl(`sqlite:${join(dir, 'bench.sqlite')}`));
  countStatementsOf(dataSource);
  await dataSource.initialize();
  const service = new IncidentService(new TypeOrmUnitOfWork(dataSource), new SystemClock());
  try {
    for (let n = 0; n < INCIDENTS; n += 1) await service.run(`declare Bench incident ${n}`, contextFor(n));
    await measureMixedWorkload(service);
    await measureCostPerKind(service);
    await measureTimelineLoad(service);
  } finally {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureMixedWorkload(service: IncidentService): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < COMMANDS) {
      const n = next++;
      const started = performance.now();
      await service.run(mixedCommand(n), contextFor(n)).catch(() => undefined);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const perSecond = COMMANDS / seconds;
  console.log(
    `mixed workload: ${COMMANDS} commands over ${INCIDENTS} incidents, ${CONCURRENCY} concurrent callers, SQLite file`,
  );
  report('commands/s', perSecond.toFixed(0), '≥ 3,000', perSecond >= 3_000);
  report('latency p50', ms(percentile(latencies, 50)));
  report('latency p99', ms(percentile(latencies, 99)), '< 10 ms', percentile(latencies, 99) < 10);
}

/** One caller at a time, so each command's CPU time and SQL statements are its own. */
async function measureCostPerKind(service: IncidentService): Promise<void> {
  const REPEATS = 200;
  console.log(`per command, one caller, ${REPEATS} of each kind (CPU time of this process, SQL statements):`);
  const kinds = Array.from({ length: 10 }, (_, kind) => kind);
  for (const kind of kinds) {
    const name = mixedCommand(kind).split(' ')[0]!;
    const cpuBefore = process.cpuUsage();
    const statementsBefore = statementsSent().other;
    for (let repeat = 0; repeat < REPEATS; repeat += 1) {
      const n = 10 * (COMMANDS + repeat) + kind;
      await service.run(mixedCommand(n), contextFor(n)).catch(() => undefined);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const statements = (statementsSent().other - statementsBefore) / REPEATS;
    report(
      `  ${name}`,
      `${((cpu.user + cpu.system) / 1000 / REPEATS).toFixed(2)} ms CPU, ${statements.toFixed(1)} SQL`,
    );
  }
}

async function measureTimelineLoad(service: IncidentService): Promise<void> {
  const declared = await service.run('declare Long-running incident', contextFor(0));
  const ref = declared.incident!.ref;
  const batch = Array.from({ length: 500 }, (_, n) => ({
    kind: 'note' as const,
    ref,
    text: `Observation ${n}`,
  }));
  while ((await service.timeline(ref)).length < 10_000) await service.executeAll(batch, contextFor(1));
  const samples: number[] = [];
  let count = 0;
  for (let run = 0; run < 5; run += 1) {
    const started = performance.now();
    count = (await service.timeline(ref)).length;
    samples.push(performance.now() - started);
  }
  report(`load a ${count.toLocaleString('en')}-entry timeline (median of 5)`, ms(percentile(samples, 50)));
}

await main();
