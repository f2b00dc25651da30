import type { ComponentStatus } from '@firebreak/incident';
import { describe, expect, it } from 'vitest';
import { overallStatus, worstStatus } from './overall-status.js';

describe(overallStatus.name, () => {
  const cases: [ComponentStatus[], string, string][] = [
    [[], 'none', 'All Systems Operational'],
    [['operational', 'operational'], 'none', 'All Systems Operational'],
    [['operational', 'under_maintenance'], 'maintenance', 'Service Under Maintenance'],
    [['under_maintenance', 'degraded_performance'], 'minor', 'Degraded System Service'],
    [['degraded_performance', 'partial_outage'], 'minor', 'Minor Service Outage'],
    [['partial_outage', 'major_outage'], 'major', 'Partial System Outage'],
    [['major_outage', 'major_outage'], 'critical', 'Major System Outage'],
  ];
  it.each(cases)(
    'derives the indicator of %j from component states only',
    (statuses, indicator, description) => {
      expect(overallStatus(statuses)).toEqual({ indicator, description });
    },
  );

  it('ranks a group by its worst child, maintenance above operational', () => {
    expect(worstStatus(['operational', 'under_maintenance'])).toBe('under_maintenance');
    expect(worstStatus(['partial_outage', 'degraded_performance', 'operational'])).toBe('partial_outage');
    expect(worstStatus([])).toBe('operational');
  });
});
