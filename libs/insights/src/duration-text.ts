const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration in its two largest units, rounded down: `45 s`, `12 min 30 s`, `1 h 05 min`, `2 d 3 h`. Tables
 * and charts show this; the CSV keeps exact seconds.
 */
export function durationText(milliseconds: number): string {
  const whole = Math.max(0, Math.floor(milliseconds / SECOND)) * SECOND;
  if (whole < MINUTE) return `${whole / SECOND} s`;
  if (whole < HOUR) return twoUnits(whole, MINUTE, 'min', SECOND, 's');
  if (whole < DAY) return twoUnits(whole, HOUR, 'h', MINUTE, 'min');
  return twoUnits(whole, DAY, 'd', HOUR, 'h');
}

function twoUnits(
  milliseconds: number,
  large: number,
  largeName: string,
  small: number,
  smallName: string,
): string {
  const count = Math.floor(milliseconds / large);
  const rest = Math.floor((milliseconds % large) / small);
  if (rest === 0) return `${count} ${largeName}`;
  // Minutes and seconds are two digits after a larger unit, as on a clock; hours after days are not.
  const restText = small === HOUR ? String(rest) : String(rest).padStart(2, '0');
  return `${count} ${largeName} ${restText} ${smallName}`;
}
