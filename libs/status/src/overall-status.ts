import type { ComponentStatus } from '@firebreak/incident';
import type { OverallStatus, PublicImpact, StatusIndicator } from './public-status.js';

/** From best to worst; a group shows its worst child. */
const SEVERITY_ORDER: readonly ComponentStatus[] = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];

export const worstStatus = (statuses: readonly ComponentStatus[]): ComponentStatus =>
  statuses.reduce<ComponentStatus>(
    (worst, status) => (SEVERITY_ORDER.indexOf(status) > SEVERITY_ORDER.indexOf(worst) ? status : worst),
    'operational',
  );

/**
 * The page's overall indicator, derived from the (leaf) components' shown statuses only — never from incident
 * impact. First rule that matches wins:
 *
 * 1. every component in `major_outage`            → `critical`    "Major System Outage"
 * 2. any component in `major_outage`              → `major`       "Partial System Outage"
 * 3. any component in `partial_outage`            → `minor`       "Minor Service Outage"
 * 4. any component in `degraded_performance`      → `minor`       "Degraded System Service"
 * 5. any component in `under_maintenance`         → `maintenance` "Service Under Maintenance"
 * 6. otherwise (also: no components at all)       → `none`        "All Systems Operational"
 */
export function overallStatus(statuses: readonly ComponentStatus[]): OverallStatus {
  const any = (status: ComponentStatus) => statuses.includes(status);
  if (statuses.length > 0 && statuses.every((status) => status === 'major_outage'))
    return { indicator: 'critical', description: 'Major System Outage' };
  if (any('major_outage')) return { indicator: 'major', description: 'Partial System Outage' };
  if (any('partial_outage')) return { indicator: 'minor', description: 'Minor Service Outage' };
  if (any('degraded_performance')) return { indicator: 'minor', description: 'Degraded System Service' };
  if (any('under_maintenance')) return { indicator: 'maintenance', description: 'Service Under Maintenance' };
  return { indicator: 'none', description: 'All Systems Operational' };
}

const IMPACT_BANNER: Readonly<Record<PublicImpact, OverallStatus>> = {
  none: { indicator: 'none', description: 'All Systems Operational' },
  minor: { indicator: 'minor', description: 'Minor Service Outage' },
  major: { indicator: 'major', description: 'Partial System Outage' },
  critical: { indicator: 'critical', description: 'Major System Outage' },
};
const BANNER_RANK: readonly StatusIndicator[] = ['none', 'maintenance', 'minor', 'major', 'critical'];

/**
 * The home page banner: the components' indicator, unless an unresolved incident's impact is worse, so
 * customers never read "All Systems Operational" above an open incident whose components were not marked.
 * The JSON `status` stays component-based (what Statuspage clients expect); only the page's words differ.
 */
export function bannerStatus(components: OverallStatus, openImpacts: readonly PublicImpact[]): OverallStatus {
  return openImpacts
    .map((impact) => IMPACT_BANNER[impact])
    .reduce(
      (worst, candidate) =>
        BANNER_RANK.indexOf(candidate.indicator) > BANNER_RANK.indexOf(worst.indicator) ? candidate : worst,
      components,
    );
}
