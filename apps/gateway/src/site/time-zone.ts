import { DateTime } from 'luxon';

/** Times are shown in UTC until the viewer picks a zone (the selector, or the page's script, sets a cookie). */
export const DEFAULT_ZONE = 'UTC';

/** An IANA zone luxon knows, else null: a cookie or query value is never trusted as it is. */
export function readZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return null;
  const zoned = DateTime.fromMillis(0, { zone: value });
  return zoned.isValid ? zoned.zoneName : null;
}

export interface ShownTime {
  readonly iso: string;
  readonly text: string;
}

export function shownTime(date: Date, zone: string): ShownTime {
  const zoned = DateTime.fromJSDate(date, { zone });
  return { iso: date.toISOString(), text: zoned.toFormat('yyyy-MM-dd HH:mm ZZZZ') };
}

/** Zones for the selector: the common ones, and the viewer's own if it is not among them. */
export function zoneChoices(current: string): string[] {
  const zones = [...COMMON_ZONES];
  if (!zones.includes(current)) zones.unshift(current);
  return zones;
}

const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Warsaw',
  'Africa/Lagos',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
];
