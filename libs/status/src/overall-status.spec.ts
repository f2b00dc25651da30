import type { ComponentStatus } from '@firebreak/incident';
import { describe, expect, it } from 'vitest';
import { bannerStatus, overallStatus, worstStatus } from './overall-status.js';

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

describe(bannerStatus.name, () => {
  const operational = overallStatus(['operational']);
  const maintenance = overallStatus(['under_maintenance']);
  const partial = overallStatus(['major_outage', 'operational']);

  it('shows the components when no incident is open', () => {
    expect(bannerStatus(operational, [])).toEqual(operational);
    expect(bannerStatus(maintenance, [])).toEqual(maintenance);
  });

  it('never says all is well above an open incident: the worst open impact wins over calmer components', () => {
    expect(bannerStatus(operational, ['minor'])).toEqual({
      indicator: 'minor',
      description: 'Minor Service Outage',
    });
    expect(bannerStatus(maintenance, ['minor', 'critical'])).toEqual({
      indicator: 'critical',
      description: 'Major System Outage',
    });
  });

  it('keeps the components when they are already worse than any open impact', () => {
    expect(bannerStatus(partial, ['minor'])).toEqual(partial);
  });
});
