import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

/** Latency percentiles over recorded samples (milliseconds). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** A figure measured against a target, as `run-all` lists them at the end. */
export interface TargetedFigure {
  readonly bench: string;
  readonly label: string;
  readonly value: string;
  readonly target: string;
  readonly met: boolean;
}

/** Where `run-all` asks each bench to leave its targeted figures (one JSON line each). */
export const FIGURES_FILE_VARIABLE = 'BENCH_FIGURES_FILE';

/** One printed line: the figure, then the target it is measured against. */
export function report(label: string, value: string, target?: string, met?: boolean): void {
  const verdict = target ? `   target ${target.padEnd(12)} ${met ? 'met' : 'NOT met'}` : '';
  console.log(`${label.padEnd(60)} ${value.padStart(14)}${verdict}`);
  const file = process.env[FIGURES_FILE_VARIABLE];
  if (!target || !file) return;
  const bench = basename(process.argv[1] ?? '').replace(/\.bench\.js$/, '');
  const figure: TargetedFigure = { bench, label: label.trim(), value, target, met: met === true };
  appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

export const ms = (value: number): string => `${value.toFixed(2)} ms`;
