import { IncidentErrorCode, IncidentService, type CommandContext } from '@firebreak/incident';
import { FixedClock, InMemoryUnitOfWork } from '@firebreak/incident/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { InsightsReader } from './insights-reader.js';

const MINUTE = 60_000;
// An administrator, so one person can run the whole incident: this spec is about the figures, not who may.
const zoe: CommandContext = {
  actor: { id: 'discord:1', displayName: 'Zoë Ødegård' },
  location: null,
  privileged: true,
  mentioned: { 'teams:29:jose': 'José 🚒' },
};

// The whole way from commands to figures: the domain stamps the milestones, the reader reads them back.
describe(InsightsReader.name, () => {
  let clock: FixedClock;
  let service: IncidentService;
  let sut: InsightsReader;
  const at = async (iso: string, text: string) => {
    clock.set(new Date(iso));
    await service.run(text, zoe);
  };

  beforeEach(async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(new Date('2026-01-01T00:00:00.000Z'));
    service = new IncidentService(unitOfWork, clock);
    sut = new InsightsReader(unitOfWork, clock);
    await service.createComponent({ name: 'Payments API' });
    await at('2026-01-05T10:00:00.000Z', 'declare Card payments fail for customers in São Paulo');
    await at('2026-01-05T10:03:00.000Z', 'comms INC-1');
    await at('2026-01-05T10:07:00.000Z', 'lead INC-1 <@teams:29:jose>');
    await at('2026-01-05T10:12:00.000Z', 'component INC-1 Payments API major_outage');
    await at('2026-01-05T10:40:00.000Z', 'status INC-1 monitoring');
    await at('2026-01-05T11:00:00.000Z', 'status INC-1 investigating');
    await at('2026-01-05T12:30:00.000Z', 'resolve INC-1');
    await at('2026-01-05T13:00:00.000Z', 'followup INC-1 Alert on the provider’s error rate due 2026-02-01');
    await at('2026-02-10T08:00:00.000Z', 'declare Search results are stale');
    await at('2026-02-10T08:20:00.000Z', 'sev INC-2 minor');
    clock.set(new Date('2026-03-15T12:00:00.000Z'));
  });

  it('reports the figures of incidents run through the domain', async () => {
    const report = await sut.reportFor({ from: '2026-01', to: '2026-03' });

    expect(report.incidentCount).toBe(2);
    expect(report.durations.map((measure) => [measure.measure, measure.byMonth[0]!.summary])).toEqual([
      ['time-to-acknowledge', { count: 1, median: 7 * MINUTE, p90: 7 * MINUTE }],
      ['time-to-mitigate', { count: 1, median: 40 * MINUTE, p90: 40 * MINUTE }],
      ['time-to-resolve', { count: 1, median: 150 * MINUTE, p90: 150 * MINUTE }],
    ]);
    expect(report.durations.every((measure) => measure.byMonth[1]!.summary.count === 0)).toBe(true);
    expect(report.incidentsBySeverity.map((row) => row.counts)).toEqual([
      { critical: 0, major: 1, minor: 0 },
      { critical: 0, major: 0, minor: 1 },
      { critical: 0, major: 0, minor: 0 },
    ]);
    expect(report.incidentsByComponent.map((row) => [row.name, row.total])).toEqual([
      ['Payments API', 1],
      ['No component', 1],
    ]);
    expect(report.followups).toEqual([
      { month: '2026-01', opened: 1, closed: 0, overdue: 0 },
      { month: '2026-02', opened: 0, closed: 0, overdue: 1 },
      { month: '2026-03', opened: 0, closed: 0, overdue: 0 },
    ]);
    expect(report.generatedAt).toEqual(new Date('2026-03-15T12:00:00.000Z'));
  });

  it('counts an incident recorded after it happened in the month it started, measured by its given times', async () => {
    await service.run(
      'declare --past Nightly export leaked into the wrong bucket started 2026-01-20 22:00 Europe/Paris resolved 2026-01-21 01:30 Europe/Paris',
      zoe,
    );
    const report = await sut.reportFor({ from: '2026-01', to: '2026-03' });
    expect(report.incidentCount).toBe(3);
    expect(report.incidentsBySeverity[0]!.counts).toEqual({ critical: 0, major: 2, minor: 0 });
    const resolve = report.durations.find((measure) => measure.measure === 'time-to-resolve')!;
    // January: the live incident (150 min) and the recorded one (210 min); nearest rank puts the median low.
    expect(resolve.byMonth[0]!.summary).toEqual({ count: 2, median: 150 * MINUTE, p90: 210 * MINUTE });
    const acknowledge = report.durations.find((measure) => measure.measure === 'time-to-acknowledge')!;
    expect(acknowledge.byMonth[0]!.summary.count).toBe(1);
  });

  it('covers the year up to the current month by default, and refuses a bad filter', async () => {
    const report = await sut.reportFor({});
    expect([report.filter.from, report.filter.to, report.incidentCount]).toEqual(['2025-04', '2026-03', 2]);
    await expect(sut.reportFor({ from: '2026-3' })).rejects.toMatchObject({
      code: IncidentErrorCode.InvalidArgument,
      field: 'from',
    });
  });
});
