import { IncidentError } from '@firebreak/incident';
import { START_DEFINITION } from './incident-start.js';

export const DURATION_MEASURES = ['time-to-acknowledge', 'time-to-mitigate', 'time-to-resolve'] as const;
export type DurationMeasureId = (typeof DURATION_MEASURES)[number];

export const MEASURES = [
  ...DURATION_MEASURES,
  'incidents-by-severity',
  'incidents-by-component',
  'follow-ups',
] as const;
export type MeasureId = (typeof MEASURES)[number];

export interface MeasureDefinition {
  readonly title: string;
  /** One paragraph, shown under the measure's heading on the page. */
  readonly definition: string;
}

const DURATION_RULES =
  'Each incident counts in the UTC month it started and under its severity as it stands now; ' +
  'the median and the 90th percentile are taken by nearest rank.';

/** The written definition of every measure: the page shows these, the README repeats them. */
export const MEASURE_DEFINITIONS: Readonly<Record<MeasureId, MeasureDefinition>> = {
  'time-to-acknowledge': {
    title: 'Time to acknowledge',
    definition:
      `From the start of an incident (${START_DEFINITION}) to the first time an Incident Lead was assigned; ` +
      `a later hand-over does not change it. Incidents that never had a lead are not counted. ${DURATION_RULES}`,
  },
  'time-to-mitigate': {
    title: 'Time to mitigate',
    definition:
      `From the start of an incident (${START_DEFINITION}) to the first time its status became monitoring, ` +
      'or resolved when it never went through monitoring; reopening it later does not change it. Incidents ' +
      `not mitigated yet are not counted. ${DURATION_RULES}`,
  },
  'time-to-resolve': {
    title: 'Time to resolve',
    definition:
      `From the start of an incident (${START_DEFINITION}) to its resolution; an incident reopened and ` +
      `resolved again counts to its last resolution. Incidents not resolved now are not counted. ${DURATION_RULES}`,
  },
  'incidents-by-severity': {
    title: 'Incidents per severity',
    definition: `Incidents that started in each UTC month (start: ${START_DEFINITION}), by their severity as it stands now.`,
  },
  'incidents-by-component': {
    title: 'Incidents per component',
    definition:
      'Incidents that started in each UTC month, per component linked to them: an incident with two ' +
      'components counts under both, one with none under “No component”. Components with the most ' +
      'incidents come first.',
  },
  'follow-ups': {
    title: 'Follow-ups',
    definition:
      'Opened: follow-ups added in the UTC month. Closed: follow-ups marked done in the month. Overdue: ' +
      'follow-ups due in the month, before the time of this report, and still open at it. A follow-up ' +
      'counts under the severity of its incident as it stands now.',
  },
};

export const PERCENTILE_DEFINITION =
  'Percentiles by nearest rank: the values sorted from shortest to longest, the p-th percentile is the one ' +
  'at rank ⌈p × n ÷ 100⌉ of n. The median is the 50th percentile (for an even count, the shorter of the two ' +
  'middle values); the 90th percentile is the time 90 % of the incidents stayed within.';

const isMeasureId = (value: string): value is MeasureId => (MEASURES as readonly string[]).includes(value);

/** The measure a request names (`?measure=time-to-resolve`), refused with the list of measures otherwise. */
export function parseMeasure(value: unknown): MeasureId {
  if (typeof value === 'string' && isMeasureId(value)) return value;
  const named = typeof value === 'string' ? `"${value.slice(0, 60)}" is not a measure. ` : 'Name a measure. ';
  throw IncidentError.invalid('measure', `${named}Measures: ${MEASURES.join(', ')}.`);
}
