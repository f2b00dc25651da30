import type { IncidentMilestones } from '@firebreak/incident';

/**
 * When an incident started, for every measure: the durations run from it and it decides the month an
 * incident counts in. It is the incident's start time: the earliest alert it was declared from, or its
 * declaration when no alert came first.
 */
export const startOf = (incident: IncidentMilestones): Date => incident.startedAt;

/** How the page names the start `startOf` returns. */
export const START_DEFINITION = 'when it started (its first alert fired, or it was declared)';
