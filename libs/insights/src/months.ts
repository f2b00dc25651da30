/** A calendar month in UTC, written `YYYY-MM`: the unit the insights group by. */
export type Month = string;

const MONTH = /^(\d{4})-(\d{2})$/;
/** The earliest month a filter may name: nothing in Firebreak is older. */
const FIRST_YEAR = 2000;

export function monthOf(date: Date): Month {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month `text` names (`2026-03`), or null when it names none. */
export function parseMonth(text: string): Month | null {
  const match = MONTH.exec(text);
  if (!match) return null;
  const month = Number(match[2]);
  return Number(match[1]) >= FIRST_YEAR && month >= 1 && month <= 12 ? text : null;
}

/** The first instant of the month, UTC. */
export function startOfMonth(month: Month): Date {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, index - 1, 1));
}

export function addMonths(month: Month, count: number): Month {
  const start = startOfMonth(month);
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + count, 1)));
}

/** How many months from `from` to `to`, both counted (0 when `to` is before `from`). */
export function monthsSpanned(from: Month, to: Month): number {
  const [fromYear, fromIndex] = from.split('-').map(Number) as [number, number];
  const [toYear, toIndex] = to.split('-').map(Number) as [number, number];
  return Math.max(0, (toYear - fromYear) * 12 + (toIndex - fromIndex) + 1);
}

/** Every month from `from` to `to`, both included, oldest first. */
export function monthsBetween(from: Month, to: Month): Month[] {
  return Array.from({ length: monthsSpanned(from, to) }, (_, offset) => addMonths(from, offset));
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-03` → `Mar 2026`: how a month reads in charts and tables (English, like the rest of the site). */
export function monthLabel(month: Month): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[index - 1]} ${year}`;
}
