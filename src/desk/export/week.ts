/**
 * ISO-8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday),
 * counted on the county's local calendar, not the machine's time zone.
 */
import { localMidnight, zonedParts } from '../../time/index.ts';

export interface IsoWeek {
  year: number;
  week: number;
}

const DAY = 86_400_000;

/** ISO week of a calendar date (pure calendar arithmetic in UTC). */
export function isoWeekOfDate(year: number, month: number, day: number): IsoWeek {
  const t = Date.UTC(year, month - 1, day);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = t + (3 - weekday) * DAY;
  const isoYear = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(isoYear, 0, 1)) / (7 * DAY));
  return { year: isoYear, week };
}

/** ISO week that the local clock in `timeZone` is in at `instant`. */
export function isoWeekOf(instant: Date, timeZone: string): IsoWeek {
  const p = zonedParts(instant, timeZone);
  return isoWeekOfDate(p.year, p.month, p.day);
}

/** 52 or 53: 28 December always lies in the year's last ISO week. */
export function weeksInIsoYear(year: number): number {
  return isoWeekOfDate(year, 12, 28).week;
}

/** The Monday of an ISO week as a UTC calendar timestamp (midnight UTC of that date). */
function mondayOf({ year, week }: IsoWeek): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - weekday * DAY + (week - 1) * 7 * DAY;
}

function localMidnightOf(calendarUtc: number, timeZone: string): Date {
  const d = new Date(calendarUtc);
  return localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
}

/** `[start, end)` instants of an ISO week in `timeZone`, plus its first and last local dates (YYYY-MM-DD). */
export function weekRange(week: IsoWeek, timeZone: string): { start: Date; end: Date; firstDay: string; lastDay: string; days: string[] } {
  const monday = mondayOf(week);
  const days = Array.from({ length: 7 }, (_, i) => new Date(monday + i * DAY).toISOString().slice(0, 10));
  return {
    start: localMidnightOf(monday, timeZone),
    end: localMidnightOf(monday + 7 * DAY, timeZone),
    // `days` always holds the seven days Monday to Sunday.
    firstDay: days[0]!,
    lastDay: days[6]!,
    days,
  };
}

/** The last ISO week that has fully ended at `now` in `timeZone`. */
export function lastCompleteWeek(now: Date, timeZone: string): IsoWeek {
  const current = isoWeekOf(now, timeZone);
  const previousMonday = new Date(mondayOf(current) - 7 * DAY);
  return isoWeekOfDate(previousMonday.getUTCFullYear(), previousMonday.getUTCMonth() + 1, previousMonday.getUTCDate());
}

/** `2026-W48`. */
export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export class BadWeekError extends Error {
  constructor(
    readonly input: string,
    /** Set when the shape was right but the year has fewer weeks. */
    readonly weeksInYear?: { year: number; weeks: number },
  ) {
    super(`bad ISO week: ${input}`);
  }
}

/** Parses `2026-W48` (also `2026W48`, lower case w); throws BadWeekError for malformed or non-existent weeks. */
export function parseIsoWeek(text: string): IsoWeek {
  const m = /^(\d{4})-?[Ww](\d{1,2})$/.exec(text.trim());
  if (!m) throw new BadWeekError(text);
  const year = Number(m[1]);
  const week = Number(m[2]);
  const weeks = weeksInIsoYear(year);
  if (week < 1 || week > weeks) throw new BadWeekError(text, { year, weeks });
  return { year, week };
}
