import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIGURES_FILE_VARIABLE, type TargetedFigure } from './bench-report.js';

/** Runs every `*.bench.js` next to this file, one after another, so they do not compete for the two cores. */
const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const benches = readdirSync(here)
  .filter((file) => file.endsWith('.bench.js'))
  .filter((file) => !only || file.includes(only))
  .sort();

const figuresDir = mkdtempSync(join(tmpdir(), 'firebreak-bench-figures-'));
const figuresFile = join(figuresDir, 'figures.jsonl');
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file.replace(/\.bench\.js$/, '')}`);
  const run = spawnSync(process.execPath, [join(here, file)], {
    stdio: 'inherit',
    env: { ...process.env, [FIGURES_FILE_VARIABLE]: figuresFile },
  });
  if (run.status !== 0) failed += 1;
}
printTargets();
rmSync(figuresDir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;

/** Every figure that has a target, from every bench that ran, in one table at the end. */
function printTargets(): void {
  if (!existsSync(figuresFile)) return;
  const figures = readFileSync(figuresFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TargetedFigure);
  console.log('\n=== every figure with a target');
  for (const { bench, label, value, target, met } of figures)
    console.log(
      `${bench.padEnd(22)} ${label.padEnd(58)} ${value.padStart(14)}   ${target.padEnd(12)} ${met ? 'met' : 'NOT met'}`,
    );
  const missed = figures.filter((figure) => !figure.met).length;
  console.log(`${figures.length - missed} of ${figures.length} targets met`);
}
