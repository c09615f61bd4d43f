/**
 * Wall-clock helpers in the county's time zone. Everything here goes through
 * Intl with an explicit `timeZone`, never the machine's TZ, so a server (or a
 * test) running in UTC still numbers tickets and weeks by Shanghai days.
 */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Calendar fields of `date` as a clock in `timeZone` shows them. */
export function zonedParts(date: Date, timeZone: string): ZonedParts {
  // The formatter is built with all six fields, so each is always set.
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterFor(timeZone).formatToParts(date)) {
    if (p.type in out) out[p.type as keyof ZonedParts] = Number(p.value);
  }
  return { ...out, hour: out.hour % 24 };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `yyyymmdd` of the local day, as used in ticket numbers. */
export function localDayKey(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}${pad(p.month)}${pad(p.day)}`;
}

/** `YYYY-MM-DD` of the local day. */
export function localDate(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Today (`YYYY-MM-DD`) in `timeZone`: publication dates, dates in new ids, the day documents expire. */
export function localToday(timeZone: string, now: Date = new Date()): string {
  return localDate(now, timeZone);
}

/** `YYYY-MM-DD HH:mm` local time for people to read; empty for a missing value. */
export function localDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const p = zonedParts(new Date(iso), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const p = zonedParts(new Date(instant), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the local clock in `timeZone` shows `year-month-day 00:00`. */
export function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  let instant = guess - offsetAt(guess, timeZone);
  // A second pass settles days on which the offset changes (DST zones).
  instant = guess - offsetAt(instant, timeZone);
  return new Date(instant);
}

/** Parses `YYYY-MM-DD` (a local day) or a full ISO date-time; undefined when malformed. */
export function parseDateOrDateTime(text: string, timeZone: string): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const probe = new Date(Date.UTC(y, m - 1, d));
    if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return undefined;
    return localMidnight(y, m, d, timeZone);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) return undefined;
  const t = new Date(text.trim());
  return Number.isNaN(t.getTime()) ? undefined : t;
}
