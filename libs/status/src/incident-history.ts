import type { PublicIncident } from './public-status.js';

interface HistoryMonth {
  /** `YYYY-MM`, UTC. */
  readonly month: string;
  /** e.g. "March 2026". */
  readonly label: string;
  readonly incidents: readonly PublicIncident[];
}

export interface HistoryPage {
  readonly page: number;
  readonly pages: number;
  readonly months: readonly HistoryMonth[];
}

/**
 * Past incidents by month (of their start, UTC), newest month first, `monthsPerPage` months with incidents
 * per page. Pages count from 1; a page past the end is empty.
 */
export function incidentHistory(
  incidents: readonly PublicIncident[],
  page: number,
  monthsPerPage = 3,
): HistoryPage {
  const byMonth = new Map<string, PublicIncident[]>();
  const newestFirst = [...incidents].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  for (const incident of newestFirst) {
    const month = incident.startedAt.toISOString().slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), incident]);
  }
  const months = [...byMonth.entries()].map(([month, list]) => ({
    month,
    label: new Date(`${month}-01T00:00:00.000Z`).toLocaleString('en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
    incidents: list,
  }));
  const pages = Math.max(1, Math.ceil(months.length / monthsPerPage));
  return { page, pages, months: months.slice((page - 1) * monthsPerPage, page * monthsPerPage) };
}
