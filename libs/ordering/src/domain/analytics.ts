import { DomainError, FieldError } from '@silkcart/shared';

export const ANALYTICS_INTERVALS = ['day', 'week', 'month'] as const;
export type AnalyticsInterval = (typeof ANALYTICS_INTERVALS)[number];

/** The longest range, both ends counted. */
export const MAX_RANGE_DAYS = 366;
/** The default range: this many days ending today. */
export const DEFAULT_RANGE_DAYS = 30;

export class InvalidAnalyticsRange extends DomainError {
  readonly code = 'ORDERING.INVALID_ANALYTICS_RANGE';
  readonly kind = 'invalid';
  constructor(errors: FieldError[]) {
    super('The date range is not valid', errors);
  }
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a real `YYYY-MM-DD` date; null for any other string. */
export function dayNumber(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return null;
  }
  return ms / DAY_MS;
}

function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Today's date in an IANA time zone, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The range asked for, both ends inclusive, as dates in the store's zone. A missing end is
 * today and a missing start 30 days back from the end (the end included); the start may not
 * follow the end, nor may the range hold more than 366 days.
 */
export function resolveRange(
  query: { from?: string; to?: string },
  today: string,
): { from: string; to: string } {
  const errors: FieldError[] = [];
  const to = query.to === undefined ? dayNumber(today) : dayNumber(query.to);
  if (to === null) errors.push({ field: 'to', message: 'to must be a real date, YYYY-MM-DD' });
  const from =
    query.from === undefined
      ? to === null
        ? null
        : to - (DEFAULT_RANGE_DAYS - 1)
      : dayNumber(query.from);
  if (from === null && query.from !== undefined) {
    errors.push({ field: 'from', message: 'from must be a real date, YYYY-MM-DD' });
  }
  if (errors.length === 0 && from !== null && to !== null) {
    if (from > to) errors.push({ field: 'from', message: 'from must not be after to' });
    else if (to - from + 1 > MAX_RANGE_DAYS) {
      errors.push({ field: 'to', message: `the range may hold at most ${MAX_RANGE_DAYS} days` });
    }
  }
  if (errors.length > 0 || from === null || to === null) throw new InvalidAnalyticsRange(errors);
  return { from: dayString(from), to: dayString(to) };
}

/** numerator ÷ denominator rounded to a whole number, halves up; 0 when the denominator is 0. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** part ÷ whole to 4 decimals (halves up), null when the whole is 0. */
export function rate(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return divideRoundHalfUp(part * 10_000, whole) / 10_000;
}
