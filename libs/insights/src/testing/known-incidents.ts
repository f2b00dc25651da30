import type { FollowupDates, IncidentMilestones, Severity } from '@firebreak/incident';
import type { InsightsInput } from '../insights-computation.js';
import type { InsightsFilter } from '../insights-filter.js';

/*
 * Incidents and follow-ups with known times, for the specs: January has three incidents (two acknowledged after
 * the same 5 minutes, one declared in its last millisecond), February none, March three, April none; one
 * incident before the period and one after it.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);
const plus = (start: Date, milliseconds: number | null) =>
  milliseconds === null ? null : new Date(start.getTime() + milliseconds);

/** An incident declared at `declared` that reached each milestone after the given time (null: not reached). */
function incident(
  ref: string,
  severity: Severity,
  declared: string,
  after: { acknowledged: number | null; mitigated: number | null; resolved: number | null },
  componentIds: string[] = [],
): IncidentMilestones {
  const declaredAt = at(declared);
  return {
    ref,
    severity,
    componentIds,
    declaredAt,
    startedAt: declaredAt,
    acknowledgedAt: plus(declaredAt, after.acknowledged),
    mitigatedAt: plus(declaredAt, after.mitigated),
    resolvedAt: plus(declaredAt, after.resolved),
  };
}

function followup(
  id: number,
  severity: Severity,
  dates: { created: string; due?: string; done?: string },
): FollowupDates {
  return {
    id,
    incidentRef: `INC-${id}`,
    severity,
    createdAt: at(dates.created),
    dueAt: dates.due ? at(dates.due) : null,
    doneAt: dates.done ? at(dates.done) : null,
  };
}

export const INPUT: InsightsInput = {
  incidents: [
    incident('INC-1', 'minor', '2025-12-31T23:59:59.999Z', {
      acknowledged: MINUTE,
      mitigated: null,
      resolved: null,
    }),
    incident(
      'INC-2',
      'critical',
      '2026-01-05T10:00:00.000Z',
      { acknowledged: 5 * MINUTE, mitigated: 30 * MINUTE, resolved: 2 * HOUR },
      ['api', 'checkout'],
    ),
    incident(
      'INC-3',
      'major',
      '2026-01-20T08:00:00.000Z',
      { acknowledged: 15 * MINUTE, mitigated: HOUR, resolved: 3 * HOUR },
      ['api'],
    ),
    incident('INC-4', 'minor', '2026-01-31T23:59:59.999Z', {
      acknowledged: 5 * MINUTE,
      mitigated: null,
      resolved: null,
    }),
    incident(
      'INC-5',
      'major',
      '2026-03-01T00:00:00.000Z',
      { acknowledged: null, mitigated: 45 * MINUTE, resolved: 45 * MINUTE },
      ['checkout'],
    ),
    incident(
      'INC-6',
      'critical',
      '2026-03-10T09:30:00.000Z',
      { acknowledged: 10 * MINUTE, mitigated: 20 * MINUTE, resolved: DAY },
      ['search'],
    ),
    incident(
      'INC-7',
      'major',
      '2026-03-15T14:00:00.000Z',
      { acknowledged: 5 * MINUTE, mitigated: 25 * MINUTE, resolved: null },
      ['api', 'zeta', 'api'],
    ),
    incident(
      'INC-8',
      'critical',
      '2026-05-01T00:00:00.000Z',
      { acknowledged: MINUTE, mitigated: MINUTE, resolved: MINUTE },
      ['api'],
    ),
  ],
  followups: [
    followup(1, 'critical', {
      created: '2026-01-06T09:00:00Z',
      due: '2026-02-01T00:00:00Z',
      done: '2026-01-30T17:00:00Z',
    }),
    followup(2, 'major', { created: '2026-01-21T09:00:00Z', due: '2026-02-10T00:00:00Z' }),
    followup(3, 'minor', { created: '2026-03-02T09:00:00Z', due: '2026-04-15T11:59:59.999Z' }),
    followup(4, 'major', { created: '2026-03-11T09:00:00Z', due: '2026-04-15T12:00:00.000Z' }),
    followup(5, 'critical', { created: '2025-12-20T09:00:00Z', done: '2026-03-05T10:00:00Z' }),
    followup(6, 'major', { created: '2026-03-20T09:00:00Z' }),
  ],
  components: [
    { id: 'api', name: 'API' },
    { id: 'checkout', name: 'Checkout' },
    { id: 'status', name: 'Status page' },
    { id: 'zeta', name: 'Zeta queue' },
  ],
};
export const NOW = at('2026-04-15T12:00:00.000Z');
export const EVERY_SEVERITY: InsightsFilter = {
  from: '2026-01',
  to: '2026-04',
  severities: ['critical', 'major', 'minor'],
};
export const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'];
export const none = { count: 0, median: null, p90: null };
