import { IncidentError, SEVERITIES, isSeverity, type Severity } from '@firebreak/incident';
import { addMonths, monthOf, monthsSpanned, parseMonth, type Month } from './months.js';

/** Which incidents the insights cover: those that started from `from` to `to` (UTC months, both included). */
export interface InsightsFilter {
  readonly from: Month;
  readonly to: Month;
  /** In `SEVERITIES` order, never empty. */
  readonly severities: readonly Severity[];
}

/** A year by default: the month of `now` and the eleven before it. */
const DEFAULT_MONTHS = 12;
/** The longest period one report covers, so one request cannot ask for centuries of empty months. */
export const MAX_MONTHS = 60;

/** A query string as parsed by a framework (repeated names as arrays, as Express does) or as URL parameters. */
export type InsightsQuery = Readonly<Record<string, unknown>> | URLSearchParams;

/**
 * The filter a query string asks for (`?from=2025-04&to=2026-03&severity=critical&severity=major`; severities
 * may also come comma-separated). Missing values take defaults: `to` the month of `now`, `from` eleven months
 * before `to`, every severity. Other parameters are the caller's and are ignored. Bad values are refused with
 * an `IncidentError` naming the parameter.
 */
export function parseInsightsFilter(given: InsightsQuery, now: Date): InsightsFilter {
  const query = given instanceof URLSearchParams ? recordOf(given) : given;
  const to = monthParameter(query, 'to') ?? monthOf(now);
  const from = monthParameter(query, 'from') ?? addMonths(to, 1 - DEFAULT_MONTHS);
  if (from > to) throw IncidentError.invalid('from', `The period starts (${from}) after it ends (${to}).`);
  if (monthsSpanned(from, to) > MAX_MONTHS) {
    throw IncidentError.invalid(
      'from',
      `A report covers at most ${MAX_MONTHS} months; ${from} to ${to} is longer.`,
    );
  }
  return { from, to, severities: severityParameter(query['severity']) };
}

/** The filter as query parameters, in the form `parseInsightsFilter` reads (for links and forms). */
export function filterParameters(filter: InsightsFilter): URLSearchParams {
  const parameters = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.severities.length < SEVERITIES.length) {
    for (const severity of filter.severities) parameters.append('severity', severity);
  }
  return parameters;
}

function recordOf(parameters: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const name of new Set(parameters.keys())) {
    const values = parameters.getAll(name);
    record[name] = values.length === 1 ? values[0]! : values;
  }
  return record;
}

function monthParameter(query: Readonly<Record<string, unknown>>, name: 'from' | 'to'): Month | null {
  const value = query[name];
  if (value === undefined || value === '') return null;
  const month = typeof value === 'string' ? parseMonth(value.trim()) : null;
  if (month) return month;
  throw IncidentError.invalid(name, `"${name}" takes one month written YYYY-MM, from 2000-01 on.`);
}

function severityParameter(value: unknown): readonly Severity[] {
  const given = valuesOf(value)
    .flatMap((each) => each.split(','))
    .map((each) => each.trim().toLowerCase())
    .filter((each) => each !== '');
  const unknown = given.find((each) => !isSeverity(each));
  if (unknown !== undefined) {
    throw IncidentError.invalid(
      'severity',
      `"${unknown.slice(0, 40)}" is not a severity; use ${SEVERITIES.join(', ')}.`,
    );
  }
  return given.length === 0 ? SEVERITIES : SEVERITIES.filter((severity) => given.includes(severity));
}

function valuesOf(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((each) => typeof each === 'string')) return value as string[];
  throw IncidentError.invalid(
    'severity',
    `"severity" takes ${SEVERITIES.join(', ')}, once or several times.`,
  );
}
