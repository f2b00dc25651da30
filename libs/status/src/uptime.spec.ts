import { describe, expect, it } from 'vitest';
import { aComponent, at } from './testing/status-fixtures.js';
import { componentUptime, groupUptime } from './uptime.js';

const now = at('2026-03-10T12:00:00.000Z');

describe(componentUptime.name, () => {
  it('counts a major outage minute as fully down and a partial outage minute as 30 % down', () => {
    const series = componentUptime({
      component: aComponent('api'),
      changes: [
        {
          componentId: 'api',
          oldStatus: 'operational',
          newStatus: 'major_outage',
          incidentRef: 'INC-1',
          at: at('2026-03-09T01:00:00.000Z'),
        },
        {
          componentId: 'api',
          oldStatus: 'major_outage',
          newStatus: 'partial_outage',
          incidentRef: 'INC-1',
          at: at('2026-03-09T02:00:00.000Z'),
        },
        {
          componentId: 'api',
          oldStatus: 'partial_outage',
          newStatus: 'operational',
          incidentRef: 'INC-1',
          at: at('2026-03-09T12:00:00.000Z'),
        },
        {
          componentId: 'web',
          oldStatus: 'operational',
          newStatus: 'major_outage',
          incidentRef: null,
          at: at('2026-03-09T00:00:00.000Z'),
        },
      ],
      incidents: [
        {
          ref: 'INC-1',
          title: 'API down',
          componentIds: ['api'],
          from: at('2026-03-09T00:59:00.000Z'),
          until: at('2026-03-09T12:00:00.000Z'),
        },
      ],
      now,
      days: 90,
    });
    expect(series.days).toHaveLength(90);
    expect(series.days.at(-1)!.date).toBe('2026-03-10');
    const yesterday = series.days.at(-2)!;
    // 60 minutes fully down + 600 minutes at 30 % = 240 minutes of 1440.
    expect(yesterday).toMatchObject({ date: '2026-03-09', downMinutes: 240, worst: 'major_outage' });
    expect(yesterday.percent).toBeCloseTo(100 * (1 - 240 / 1440), 3);
    expect(yesterday.incidents).toEqual([{ ref: 'INC-1', title: 'API down' }]);
    expect(series.days.at(-1)).toMatchObject({ percent: 100, worst: 'operational', incidents: [] });
    // 89.5 observed days, 240 minutes down.
    expect(series.percent).toBeCloseTo(100 * (1 - 240 / (89.5 * 1440)), 3);
  });

  it('uses the current status when nothing changed, and has no data before the component existed', () => {
    const series = componentUptime({
      component: aComponent('api', { status: 'major_outage', createdAt: at('2026-03-10T00:00:00.000Z') }),
      changes: [],
      incidents: [],
      now,
      days: 3,
    });
    expect(series.days.map((day) => day.percent)).toEqual([null, null, 0]);
    expect(series.percent).toBe(0);
  });
});

describe(groupUptime.name, () => {
  it('is the mean of its children, per day and overall', () => {
    const down = componentUptime({
      component: aComponent('a', { status: 'major_outage' }),
      changes: [],
      incidents: [],
      now,
      days: 2,
    });
    const up = componentUptime({ component: aComponent('b'), changes: [], incidents: [], now, days: 2 });
    const group = groupUptime([down, up]);
    expect(group.days.map((day) => day.percent)).toEqual([50, 50]);
    expect(group.percent).toBe(50);
    expect(group.days[0]!.worst).toBe('major_outage');
  });
});
