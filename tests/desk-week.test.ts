// The machine runs in UTC; weeks and days must still follow Asia/Shanghai.
process.env.TZ = 'UTC';

import { describe, expect, it } from 'vitest';
import {
  BadWeekError,
  formatIsoWeek,
  isoWeekOf,
  isoWeekOfDate,
  lastCompleteWeek,
  parseIsoWeek,
  weekRange,
  weeksInIsoYear,
} from '../src/desk/export/week.ts';
import { localDayKey, localDateTime, parseDateOrDateTime } from '../src/time/index.ts';

const SH = 'Asia/Shanghai';

describe('ISO weeks in Asia/Shanghai while TZ=UTC', () => {
  it('runs with the machine in UTC', () => {
    expect(new Date('2026-11-29T16:00:00Z').getHours()).toBe(16);
  });

  it('puts Sunday 23:59 and Monday 00:00 Shanghai in different weeks', () => {
    // Sunday 2026-11-29 23:59 in Shanghai is 15:59 UTC; Monday 00:00 is 16:00 UTC (still Sunday in UTC).
    expect(formatIsoWeek(isoWeekOf(new Date('2026-11-29T15:59:00Z'), SH))).toBe('2026-W48');
    expect(formatIsoWeek(isoWeekOf(new Date('2026-11-29T16:00:00Z'), SH))).toBe('2026-W49');
    expect(formatIsoWeek(isoWeekOf(new Date('2026-11-29T16:00:00Z'), 'UTC'))).toBe('2026-W48');
  });

  it('gives a week range from Shanghai Monday midnight to the next', () => {
    const r = weekRange({ year: 2026, week: 48 }, SH);
    expect(r.start.toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(r.end.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(r.firstDay).toBe('2026-11-23');
    expect(r.lastDay).toBe('2026-11-29');
    expect(r.days).toHaveLength(7);
  });

  it('knows which years have 53 weeks', () => {
    // A year has W53 when it starts on a Thursday, or is a leap year starting on a Wednesday.
    expect(weeksInIsoYear(2020)).toBe(53);
    expect(weeksInIsoYear(2025)).toBe(52);
    expect(weeksInIsoYear(2026)).toBe(53);
    expect(weeksInIsoYear(2027)).toBe(52);
    expect(weeksInIsoYear(2032)).toBe(53);
  });

  it('crosses the year by ISO rules: 2026-W53 runs to Sunday 2027-01-03, 2027-W01 starts Monday 2027-01-04', () => {
    expect(isoWeekOfDate(2026, 12, 31)).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOfDate(2027, 1, 3)).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOfDate(2027, 1, 4)).toEqual({ year: 2027, week: 1 });
    expect(isoWeekOfDate(2025, 12, 29)).toEqual({ year: 2026, week: 1 });
    const w53 = weekRange({ year: 2026, week: 53 }, SH);
    expect([w53.firstDay, w53.lastDay]).toEqual(['2026-12-28', '2027-01-03']);
    const w01 = weekRange({ year: 2027, week: 1 }, SH);
    expect(w01.start.getTime()).toBe(w53.end.getTime());
    // 2027-01-03 23:30 Shanghai (15:30 UTC) is still 2026-W53.
    expect(formatIsoWeek(isoWeekOf(new Date('2027-01-03T15:30:00Z'), SH))).toBe('2026-W53');
  });

  it('takes the last complete week as the default', () => {
    // Monday 2026-11-30 08:00 Shanghai: the week just ended is W48.
    expect(formatIsoWeek(lastCompleteWeek(new Date('2026-11-30T00:00:00Z'), SH))).toBe('2026-W48');
    // Sunday 23:59 Shanghai: W48 is not complete yet.
    expect(formatIsoWeek(lastCompleteWeek(new Date('2026-11-29T15:59:00Z'), SH))).toBe('2026-W47');
    // Early January 2027 (W01): the last complete week is 2026-W53.
    expect(formatIsoWeek(lastCompleteWeek(new Date('2027-01-05T02:00:00Z'), SH))).toBe('2026-W53');
  });

  it('parses week text and refuses malformed or non-existent weeks', () => {
    expect(parseIsoWeek('2026-W48')).toEqual({ year: 2026, week: 48 });
    expect(parseIsoWeek('2026w05')).toEqual({ year: 2026, week: 5 });
    expect(parseIsoWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    for (const bad of ['2026-48', '2026-W', 'W48', '2026-W00', '26-W10', '2026-W54', '下周']) {
      expect(() => parseIsoWeek(bad), bad).toThrow(BadWeekError);
    }
    try {
      parseIsoWeek('2025-W53');
      expect.unreachable();
    } catch (err) {
      expect((err as BadWeekError).weeksInYear).toEqual({ year: 2025, weeks: 52 });
    }
  });
});

describe('local days', () => {
  it('numbers ticket days by the Shanghai calendar', () => {
    expect(localDayKey(new Date('2026-11-28T15:59:59Z'), SH)).toBe('20261128');
    expect(localDayKey(new Date('2026-11-28T16:00:00Z'), SH)).toBe('20261129');
    expect(localDateTime('2026-11-28T16:05:00Z', SH)).toBe('2026-11-29 00:05');
  });

  it('reads --since dates as Shanghai midnight and refuses impossible dates', () => {
    expect(parseDateOrDateTime('2026-11-28', SH)?.toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(parseDateOrDateTime('2026-02-30', SH)).toBeUndefined();
    expect(parseDateOrDateTime('yesterday', SH)).toBeUndefined();
    expect(parseDateOrDateTime('2026-11-28T08:00:00+08:00', SH)?.toISOString()).toBe('2026-11-28T00:00:00.000Z');
  });
});
