/** Wall-clock dates and times in a named time zone (the county's, from config), never the machine's TZ. */
export { localDate, localDateTime, localDayKey, localMidnight, localToday, parseDateOrDateTime, zonedParts, type ZonedParts } from './zoned.ts';
