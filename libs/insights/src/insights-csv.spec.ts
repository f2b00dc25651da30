import { describe, expect, it } from 'vitest';
import { computeInsights } from './insights-computation.js';
import { insightsCsv, insightsCsvFilename } from './insights-csv.js';
import { EVERY_SEVERITY, INPUT, NOW } from './testing/known-incidents.js';

const lines = (...records: string[]) => records.map((record) => `${record}\r\n`).join('');

describe(insightsCsv.name, () => {
  const report = computeInsights(INPUT, EVERY_SEVERITY, NOW);

  it('writes a duration measure per month, then per severity, in seconds, empty where there is nothing', () => {
    expect(insightsCsv(report, 'time-to-acknowledge')).toBe(
      lines(
        'breakdown,month_or_severity,incidents,median_seconds,p90_seconds',
        'month,2026-01,3,300,900',
        'month,2026-02,0,,',
        'month,2026-03,2,300,600',
        'month,2026-04,0,,',
        'severity,critical,2,300,600',
        'severity,major,2,300,900',
        'severity,minor,1,300,300',
      ),
    );
    expect(insightsCsv(report, 'time-to-resolve').split('\r\n')[3]).toBe('month,2026-03,2,2700,86400');
  });

  it('writes incidents per severity and per component with a column per month', () => {
    expect(insightsCsv(report, 'incidents-by-severity')).toBe(
      lines(
        'month,critical,major,minor,total',
        '2026-01,1,1,1,3',
        '2026-02,0,0,0,0',
        '2026-03,1,2,0,3',
        '2026-04,0,0,0,0',
      ),
    );
    expect(insightsCsv(report, 'incidents-by-component')).toBe(
      lines(
        'component_id,component,2026-01,2026-02,2026-03,2026-04,total',
        'api,API,2,0,1,0,3',
        'checkout,Checkout,1,0,1,0,2',
        'search,search,0,0,1,0,1',
        'zeta,Zeta queue,0,0,1,0,1',
        ',No component,1,0,0,0,1',
      ),
    );
  });

  it('writes follow-ups opened, closed and overdue per month', () => {
    expect(insightsCsv(report, 'follow-ups')).toBe(
      lines(
        'month,opened,closed,overdue',
        '2026-01,2,1,0',
        '2026-02,0,0,1',
        '2026-03,3,1,0',
        '2026-04,0,0,1',
      ),
    );
  });

  it('keeps a component name that looks like a formula as text, and quotes one with a comma', () => {
    const named = computeInsights(
      {
        ...INPUT,
        components: [
          { id: 'api', name: "=cmd|' /C calc'!A0" },
          { id: 'checkout', name: 'Checkout, EU' },
        ],
      },
      EVERY_SEVERITY,
      NOW,
    );
    const csv = insightsCsv(named, 'incidents-by-component').split('\r\n');
    expect(csv[1]).toBe("api,'=cmd|' /C calc'!A0,2,0,1,0,3");
    expect(csv[2]).toBe('checkout,"Checkout, EU",1,0,1,0,2');
  });

  it('names the file after the measure and the period', () => {
    expect(insightsCsvFilename(report, 'follow-ups')).toBe('firebreak-follow-ups-2026-01-to-2026-04.csv');
  });
});
