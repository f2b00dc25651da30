import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandSoak, SOAK_WORKLOAD } from '../test/support/command-soak.js';
import { ms, percentile, report } from './bench-report.js';
import { type BuiltApp, startBuiltApp } from './built-apps.js';

/** CPU seconds a child has used so far (Linux /proc; null elsewhere). */
function cpuSecondsOf(app: BuiltApp): number | null {
  const stat = `/proc/${app.child.pid}/stat`;
  if (!existsSync(stat)) return null;
  // After the command name: utime and stime are the 12th and 13th fields, in clock ticks (100 per second).
  const line = readFileSync(stat, 'utf8');
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * The soak e2e's workload, timed (test/soak.e2e-spec.ts asserts its outcome): the gateway and the status page
 * from dist/ as two processes on one SQLite file, every outbox consumer running against the loopback fakes,
 * API clients sending mixed commands while websocket clients watch the status page. The load generator, the
 * fakes and the watchers share the machine's two cores with both apps. Prints figures, asserts nothing.
 */
interface SoakFigures {
  readonly clients: number;
  /** Commands per second the run must reach, and the p99 it must stay under. */
  readonly perSecondTarget: number;
  readonly p99TargetMs: number;
}

/**
 * The soak's 8 clients (the hardening target), then 32 closed-loop clients (the speed target), each run on a
 * fresh database and fresh apps so idempotency keys and incident numbers start over.
 */
const RUNS: readonly SoakFigures[] = [
  { clients: 8, perSecondTarget: 400, p99TargetMs: 50 },
  { clients: 32, perSecondTarget: 1_000, p99TargetMs: 50 },
];

async function runSoak({ clients, perSecondTarget, p99TargetMs }: SoakFigures): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-soak-'));
  const workload = { ...SOAK_WORKLOAD, clients };
  const soak = await CommandSoak.start(`sqlite:${join(dir, 'firebreak.sqlite')}`, startBuiltApp, workload);
  try {
    const { commands, watchers } = workload;
    console.log(
      `${clients} API clients, ${commands} mixed commands (declare, update, action, summary, status, component); ` +
        `status page running with ${watchers} websocket clients; one SQLite file`,
    );
    const cpuBefore = [cpuSecondsOf(soak.gateway), cpuSecondsOf(soak.statusPage), ownCpuSeconds()];
    const run = await soak.run();
    const cpuAfter = [cpuSecondsOf(soak.gateway), cpuSecondsOf(soak.statusPage), ownCpuSeconds()];
    const latencies = run.sent.map((command) => command.milliseconds);
    const perSecond = run.sent.length / run.seconds;
    const p99 = percentile(latencies, 99);
    const serverErrors = run.sent.filter((command) => command.status >= 500).length;
    // Every command of the workload is valid: a 4xx follows from an earlier failure (an incident never declared).
    const refused = run.sent.filter((command) => command.status >= 400 && command.status < 500).length;
    report(
      `commands/s, ${clients} clients, with the status page running`,
      perSecond.toFixed(0),
      `≥ ${perSecondTarget.toLocaleString('en')}`,
      perSecond >= perSecondTarget,
    );
    report('  latency p50', ms(percentile(latencies, 50)));
    report(`  latency p99, ${clients} clients`, ms(p99), `< ${p99TargetMs} ms`, p99 < p99TargetMs);
    report(`  answers 5xx, ${clients} clients`, String(serverErrors), '0', serverErrors === 0);
    report(`  answers 4xx, ${clients} clients`, String(refused), '0', refused === 0);
    const used = cpuAfter.map((after, index) => (after === null ? null : after - cpuBefore[index]!));
    if (!used.includes(null))
      report(
        '  CPU s: gateway / status page / clients, watchers and fakes',
        used.map((seconds) => seconds!.toFixed(1)).join(' / '),
      );
  } finally {
    await soak.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const figures of RUNS) await runSoak(figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
