import type { IncidentMilestones } from '@firebreak/incident';

/**
 * When an incident started, for every measure: the durations run from it and it decides the month an
 * incident counts in. Today that is its declaration; the one place to change when incidents learn an earlier
 * start (e.g. the first alert that fired), together with the words below.
 */
export const startOf = (incident: IncidentMilestones): Date => incident.declaredAt;

/** How the page names the start `startOf` returns. */
export const START_DEFINITION = 'when it was declared';
