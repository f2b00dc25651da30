/** Ascending, in a typed array: its native numeric sort is several times faster than a comparator's. */
const sortedCopy = (values: readonly number[]): Float64Array => new Float64Array(values).sort();

/**
 * The p-th percentile (0 < p ≤ 100) by nearest rank: the values sorted ascending, the one at rank ⌈p × n / 100⌉
 * (1-based). It is always one of the values, never an interpolation; the median (p = 50) of an even count is
 * the lower of the two middle values. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(sortedCopy(values), p);
}

/** `percentile` over values already sorted ascending (several percentiles of one list sort it once). */
function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`A percentile is above 0 and at most 100, not ${p}.`);
  if (sorted.length === 0) return null;
  // p × n first: for a whole p the product is exact, so the rank never picks up a rounding error (0.9 × 30).
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.max(1, rank) - 1]!;
}

/** How many values, their median and their 90th percentile (nearest rank); null figures for no values. */
export interface Summary {
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = sortedCopy(values);
  return {
    count: sorted.length,
    median: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
  };
}
