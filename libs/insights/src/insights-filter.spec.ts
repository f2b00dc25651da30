import { IncidentError, IncidentErrorCode, SEVERITIES } from '@firebreak/incident';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterParameters, MAX_MONTHS, parseInsightsFilter, type InsightsFilter } from './insights-filter.js';
import { addMonths, monthOf, monthsBetween, monthsSpanned, parseMonth, startOfMonth } from './months.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');

function refusal(query: Record<string, unknown>): IncidentError {
  try {
    parseInsightsFilter(query, NOW);
  } catch (error) {
    if (error instanceof IncidentError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(query)} was not refused`);
}

describe(parseInsightsFilter.name, () => {
  it('covers the twelve months up to the current one, every severity, when nothing is asked', () => {
    expect(parseInsightsFilter({}, NOW)).toEqual({ from: '2025-04', to: '2026-03', severities: SEVERITIES });
    expect(parseInsightsFilter({ to: '2026-01', from: '' }, NOW)).toMatchObject({
      from: '2025-02',
      to: '2026-01',
    });
  });

  it('reads a period and severities given repeated, comma-separated, in any case and order', () => {
    expect(
      parseInsightsFilter(
        { from: '2025-11', to: '2026-02', severity: ['Minor', 'critical,minor'], page: '3' },
        NOW,
      ),
    ).toEqual({ from: '2025-11', to: '2026-02', severities: ['critical', 'minor'] });
    expect(parseInsightsFilter({ severity: ' major ' }, NOW).severities).toEqual(['major']);
  });

  it('refuses a month that is not YYYY-MM, naming the parameter', () => {
    for (const [name, value] of [
      ['from', '2026-13'],
      ['from', '26-01'],
      ['to', '2026-1'],
      ['to', ['2026-01', '2026-02']],
      ['from', '1999-12'],
    ] as const) {
      const error = refusal({ [name]: value });
      expect(error.code).toBe(IncidentErrorCode.InvalidArgument);
      expect(error.field).toBe(name);
      expect(error.message).toBe(`"${name}" takes one month written YYYY-MM, from 2000-01 on.`);
    }
  });

  it('refuses a period that ends before it starts, or is longer than the limit', () => {
    expect(refusal({ from: '2026-03', to: '2026-02' }).message).toBe(
      'The period starts (2026-03) after it ends (2026-02).',
    );
    expect(refusal({ from: '2021-03', to: '2026-03' }).message).toBe(
      `A report covers at most ${MAX_MONTHS} months; 2021-03 to 2026-03 is longer.`,
    );
    expect(parseInsightsFilter({ from: '2021-04', to: '2026-03' }, NOW).from).toBe('2021-04');
  });

  it('refuses an unknown severity with the ones there are', () => {
    const error = refusal({ severity: 'critical,<script>' });
    expect([error.field, error.message]).toEqual([
      'severity',
      '"<script>" is not a severity; use critical, major, minor.',
    ]);
    expect(refusal({ severity: { nested: 'object' } }).field).toBe('severity');
  });

  it('reads back every filter it writes as URL parameters', () => {
    const filter: fc.Arbitrary<InsightsFilter> = fc
      .record({
        from: fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2999-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        length: fc.integer({ min: 1, max: MAX_MONTHS }),
        severities: fc.subarray([...SEVERITIES], { minLength: 1 }),
      })
      .map(({ from, length, severities }) => ({
        from: monthOf(from),
        to: addMonths(monthOf(from), length - 1),
        severities,
      }));
    fc.assert(
      fc.property(filter, (written) => {
        expect(parseInsightsFilter(filterParameters(written), NOW)).toEqual(written);
      }),
    );
  });

  it('answers any other query with a filter or a refusal, never another error', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      fc.integer(),
    );
    fc.assert(
      fc.property(fc.record({ from: value, to: value, severity: value }, { requiredKeys: [] }), (query) => {
        try {
          const filter = parseInsightsFilter(query, NOW);
          expect(monthsSpanned(filter.from, filter.to)).toBeGreaterThanOrEqual(1);
          expect(monthsSpanned(filter.from, filter.to)).toBeLessThanOrEqual(MAX_MONTHS);
          expect(filter.severities.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(IncidentError);
        }
      }),
    );
  });
});

describe('months', () => {
  it('are UTC calendar months: the last millisecond of January is January everywhere', () => {
    expect(monthOf(new Date('2026-01-31T23:59:59.999Z'))).toBe('2026-01');
    expect(startOfMonth('2026-03')).toEqual(new Date('2026-03-01T00:00:00.000Z'));
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-01')).toEqual([]);
  });

  it('parse as the months they name, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const month = monthOf(date);
          expect(parseMonth(month)).toBe(month);
          expect(monthOf(startOfMonth(month))).toBe(month);
          expect(addMonths(addMonths(month, 7), -7)).toBe(month);
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (text) => {
        const month = parseMonth(text);
        if (month !== null) expect(monthOf(startOfMonth(month))).toBe(text);
      }),
    );
  });
});
