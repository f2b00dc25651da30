/** Latency percentiles over recorded samples (milliseconds). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** One printed line: the figure, then the target it is measured against. */
export function report(label: string, value: string, target?: string, met?: boolean): void {
  const verdict = target ? `   target ${target.padEnd(12)} ${met ? 'met' : 'NOT met'}` : '';
  console.log(`${label.padEnd(60)} ${value.padStart(14)}${verdict}`);
}

export const ms = (value: number): string => `${value.toFixed(2)} ms`;
