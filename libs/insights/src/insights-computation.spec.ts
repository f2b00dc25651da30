import { describe, expect, it } from 'vitest';
import { computeInsights } from './insights-computation.js';
import { DAY, EVERY_SEVERITY, HOUR, INPUT, MINUTE, MONTHS, none, NOW } from './testing/known-incidents.js';

describe(computeInsights.name, () => {
  const report = computeInsights(INPUT, EVERY_SEVERITY, NOW);
  const duration = (measure: string) => report.durations.find((each) => each.measure === measure)!;

  it('covers every month of the period, empty ones included, and only the incidents that started in it', () => {
    expect(report.months).toEqual(MONTHS);
    expect(report.incidentCount).toBe(6);
    expect(report.generatedAt).toEqual(NOW);
  });

  it('gives the median and 90th percentile time to acknowledge per month, by nearest rank, ties included', () => {
    expect(duration('time-to-acknowledge').byMonth).toEqual([
      { month: '2026-01', summary: { count: 3, median: 5 * MINUTE, p90: 15 * MINUTE } },
      { month: '2026-02', summary: none },
      { month: '2026-03', summary: { count: 2, median: 5 * MINUTE, p90: 10 * MINUTE } },
      { month: '2026-04', summary: none },
    ]);
  });

  it('gives the time to acknowledge per severity over the period', () => {
    expect(duration('time-to-acknowledge').bySeverity).toEqual([
      { severity: 'critical', summary: { count: 2, median: 5 * MINUTE, p90: 10 * MINUTE } },
      { severity: 'major', summary: { count: 2, median: 5 * MINUTE, p90: 15 * MINUTE } },
      { severity: 'minor', summary: { count: 1, median: 5 * MINUTE, p90: 5 * MINUTE } },
    ]);
  });

  it('gives the time to mitigate, leaving out the incidents not mitigated yet', () => {
    expect(duration('time-to-mitigate').byMonth).toEqual([
      { month: '2026-01', summary: { count: 2, median: 30 * MINUTE, p90: HOUR } },
      { month: '2026-02', summary: none },
      { month: '2026-03', summary: { count: 3, median: 25 * MINUTE, p90: 45 * MINUTE } },
      { month: '2026-04', summary: none },
    ]);
    expect(duration('time-to-mitigate').bySeverity).toEqual([
      { severity: 'critical', summary: { count: 2, median: 20 * MINUTE, p90: 30 * MINUTE } },
      { severity: 'major', summary: { count: 3, median: 45 * MINUTE, p90: HOUR } },
      { severity: 'minor', summary: none },
    ]);
  });

  it('gives the time to resolve, leaving out the incidents not resolved now', () => {
    expect(duration('time-to-resolve').byMonth).toEqual([
      { month: '2026-01', summary: { count: 2, median: 2 * HOUR, p90: 3 * HOUR } },
      { month: '2026-02', summary: none },
      { month: '2026-03', summary: { count: 2, median: 45 * MINUTE, p90: DAY } },
      { month: '2026-04', summary: none },
    ]);
  });

  it('counts incidents per month and severity', () => {
    expect(report.incidentsBySeverity).toEqual([
      { month: '2026-01', counts: { critical: 1, major: 1, minor: 1 }, total: 3 },
      { month: '2026-02', counts: { critical: 0, major: 0, minor: 0 }, total: 0 },
      { month: '2026-03', counts: { critical: 1, major: 2, minor: 0 }, total: 3 },
      { month: '2026-04', counts: { critical: 0, major: 0, minor: 0 }, total: 0 },
    ]);
  });

  it('counts incidents per component and month, most first, ties by name, unlinked ones last', () => {
    expect(report.incidentsByComponent).toEqual([
      { componentId: 'api', name: 'API', byMonth: [2, 0, 1, 0], total: 3 },
      { componentId: 'checkout', name: 'Checkout', byMonth: [1, 0, 1, 0], total: 2 },
      { componentId: 'search', name: 'search', byMonth: [0, 0, 1, 0], total: 1 },
      { componentId: 'zeta', name: 'Zeta queue', byMonth: [0, 0, 1, 0], total: 1 },
      { componentId: null, name: 'No component', byMonth: [1, 0, 0, 0], total: 1 },
    ]);
  });

  it('counts follow-ups opened and closed per month, and overdue by due month as of the report time', () => {
    expect(report.followups).toEqual([
      { month: '2026-01', opened: 2, closed: 1, overdue: 0 },
      { month: '2026-02', opened: 0, closed: 0, overdue: 1 },
      { month: '2026-03', opened: 3, closed: 1, overdue: 0 },
      { month: '2026-04', opened: 0, closed: 0, overdue: 1 },
    ]);
  });

  it('keeps only the severities of the filter, in every measure', () => {
    const critical = computeInsights(INPUT, { ...EVERY_SEVERITY, severities: ['critical'] }, NOW);
    expect(critical.incidentCount).toBe(2);
    expect(critical.durations[0]!.bySeverity).toEqual([
      { severity: 'critical', summary: { count: 2, median: 5 * MINUTE, p90: 10 * MINUTE } },
    ]);
    expect(critical.incidentsBySeverity[2]).toEqual({ month: '2026-03', counts: { critical: 1 }, total: 1 });
    expect(critical.incidentsByComponent.map((row) => [row.componentId, row.total])).toEqual([
      ['api', 1],
      ['checkout', 1],
      ['search', 1],
    ]);
    expect(critical.followups.map((row) => [row.opened, row.closed, row.overdue])).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('reports a period without incidents as empty months, not as an error', () => {
    const empty = computeInsights(
      { incidents: [], followups: [], components: INPUT.components },
      { ...EVERY_SEVERITY, from: '2024-11', to: '2025-01' },
      NOW,
    );
    expect(empty.months).toEqual(['2024-11', '2024-12', '2025-01']);
    expect(empty.incidentCount).toBe(0);
    expect(empty.durations.flatMap((each) => each.byMonth.map((row) => row.summary))).toEqual(
      Array(9).fill(none),
    );
    expect(empty.incidentsByComponent).toEqual([]);
    expect(empty.followups.every((row) => row.opened + row.closed + row.overdue === 0)).toBe(true);
  });

  it('measures from the first alert when the incident started before it was declared, in the month it started', () => {
    const declaredAt = new Date('2026-02-01T00:05:00.000Z');
    const alerted = computeInsights(
      {
        incidents: [
          {
            ref: 'INC-9',
            severity: 'major',
            componentIds: [],
            declaredAt,
            startedAt: new Date('2026-01-31T23:50:00.000Z'),
            acknowledgedAt: new Date(declaredAt.getTime() + 5 * MINUTE),
            mitigatedAt: null,
            resolvedAt: new Date(declaredAt.getTime() + HOUR),
          },
        ],
        followups: [],
        components: INPUT.components,
      },
      { ...EVERY_SEVERITY, from: '2026-01', to: '2026-02' },
      NOW,
    );
    const measure = (name: string) => alerted.durations.find((each) => each.measure === name)!;
    expect(measure('time-to-acknowledge').byMonth).toEqual([
      { month: '2026-01', summary: { count: 1, median: 20 * MINUTE, p90: 20 * MINUTE } },
      { month: '2026-02', summary: none },
    ]);
    expect(measure('time-to-resolve').byMonth[0]!.summary).toEqual({
      count: 1,
      median: HOUR + 15 * MINUTE,
      p90: HOUR + 15 * MINUTE,
    });
  });
});
