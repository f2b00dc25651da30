import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './percentile.js';

const values = fc.array(fc.integer({ min: 0, max: 10 * 86_400_000 }), { minLength: 1, maxLength: 200 });
const rank = fc.integer({ min: 1, max: 100 });

describe(percentile.name, () => {
  it('picks by nearest rank, as in the textbook example', () => {
    const scores = [15, 20, 35, 40, 50];
    expect([5, 30, 40, 50, 100].map((p) => percentile(scores, p))).toEqual([15, 20, 20, 35, 50]);
  });

  it('takes the lower middle value as the median of an even count, and ties as they come', () => {
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([5, 5, 15], 50)).toBe(5);
    expect(percentile([5, 5, 15], 90)).toBe(15);
    expect(percentile([7, 7, 7, 7], 90)).toBe(7);
  });

  it('has no rounding error in the rank: the 90th of 30 values is the 27th', () => {
    const thirty = Array.from({ length: 30 }, (_, index) => index + 1);
    expect(percentile(thirty, 90)).toBe(27);
  });

  it('answers null for no values and refuses a percentile outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNull();
    for (const p of [0, -1, 100.5, Number.NaN]) expect(() => percentile([1], p)).toThrow(RangeError);
  });

  it('is always one of the values, with at least p % of them at or below it and fewer than that below', () => {
    fc.assert(
      fc.property(values, rank, (sample, p) => {
        const result = percentile(sample, p)!;
        const needed = Math.ceil((p * sample.length) / 100);
        expect(sample).toContain(result);
        expect(sample.filter((value) => value <= result).length).toBeGreaterThanOrEqual(needed);
        expect(sample.filter((value) => value < result).length).toBeLessThan(needed);
      }),
    );
  });

  it('does not depend on the order of the values, and grows with p', () => {
    fc.assert(
      fc.property(values, rank, rank, fc.func(fc.integer()), (sample, p, q, order) => {
        const shuffled = [...sample].sort((a, b) => order(a) - order(b) || a - b);
        expect(percentile(shuffled, p)).toBe(percentile(sample, p));
        const [low, high] = p <= q ? [p, q] : [q, p];
        expect(percentile(sample, low)!).toBeLessThanOrEqual(percentile(sample, high)!);
      }),
    );
  });
});

describe(summarize.name, () => {
  it('counts the values and gives their median and 90th percentile', () => {
    expect(summarize([3, 1, 2, 10])).toEqual({ count: 4, median: 2, p90: 10 });
    expect(summarize([])).toEqual({ count: 0, median: null, p90: null });
  });
});
