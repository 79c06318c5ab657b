import { DateTime } from "luxon";

/**
 * Articles carry calendar dates (the day a paper was printed), not instants. All date logic
 * goes through this module, pinned to Asia/Shanghai, so output never depends on the machine's TZ.
 */
export const ARCHIVE_ZONE = "Asia/Shanghai";

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** `YYYY-MM-DD` */
  readonly iso: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  return Object.freeze({ year, month, day, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}` });
}

export type DateParseResult = { ok: true; date: CalendarDate } | { ok: false; reason: string };

/**
 * A date with a time of day, and an offset or Z (required: a time alone names no day for sure);
 * the offset may follow a space, as Jekyll writes it (2021-10-22 23:30:00 +0800).
 */
const WITH_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)? ?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses `YYYY-MM-DD` strictly: impossible days are errors, never rolled over to the next month.
 * A date with a time (`2021-03-04T00:30:00+08:00`, as feeds and CMSs write them) is the calendar
 * day it falls on in China: 2021-03-04 here, whatever the machine's TZ.
 */
export function parseCalendarDate(text: string): DateParseResult {
  const timed = WITH_TIME.exec(text);
  if (timed) {
    const day = parseCalendarDate(timed[1] as string);
    if (!day.ok) return day;
    if (!timed[5]) return { ok: false, reason: "a date with a time needs its offset, e.g. 2021-03-04T00:30:00+08:00; or write the date alone, YYYY-MM-DD" };
    const offset = timed[5].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
    const instant = DateTime.fromISO(`${timed[1] as string}T${timed[2] as string}:${timed[3] as string}:${timed[4] ?? "00"}${offset}`, { zone: ARCHIVE_ZONE });
    if (!instant.isValid) return { ok: false, reason: `not a time of day: ${instant.invalidExplanation ?? instant.invalidReason}` };
    return { ok: true, date: calendarDate(instant.year, instant.month, instant.day) };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return { ok: false, reason: "write the date as YYYY-MM-DD, e.g. 2021-10-22" };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return { ok: false, reason: `there is no month ${month}` };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return { ok: false, reason: `${year}-${pad(month)} has ${days} days` };
  return { ok: true, date: calendarDate(year, month, day) };
}

function toDateTime(date: CalendarDate): DateTime {
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone: ARCHIVE_ZONE });
}

/**
 * Remembers a formatting per calendar day: an archive has a few thousand distinct days but
 * hundreds of thousands of formatted dates, and a luxon/Intl formatting is slow next to a lookup.
 */
export function perDay<T>(format: (date: CalendarDate) => T): (date: CalendarDate) => T {
  const cache = new Map<string, T>();
  return (date) => {
    let value = cache.get(date.iso);
    if (value === undefined) cache.set(date.iso, (value = format(date)));
    return value;
  };
}

/** `2021年10月22日 星期五` */
export const formatChineseDate = perDay((date) => toDateTime(date).setLocale("zh-CN").toFormat("yyyy年M月d日 cccc"));

/** `2021年10月` */
export function formatChineseMonth(year: number, month: number): string {
  return `${year}年${month}月`;
}

/** `10月22日` */
export function formatChineseDay(date: CalendarDate): string {
  return `${date.month}月${date.day}日`;
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is this month's last day; UTC arithmetic, so no zone is involved.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday, 1 = Monday … 7 = Sunday (Chinese calendars start the week on Monday). */
export const weekdayOf = perDay((date) => toDateTime(date).weekday);

/** Midnight of the day in Asia/Shanghai, with offset: `2021-10-22T00:00:00+08:00`. */
export const isoDateTime = perDay((date) => toDateTime(date).toISO({ suppressMilliseconds: true }) ?? date.iso);

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0;
}

/** Today's calendar date in Asia/Shanghai. */
export function todayInArchiveZone(now: Date = new Date()): CalendarDate {
  const t = DateTime.fromJSDate(now, { zone: ARCHIVE_ZONE });
  return calendarDate(t.year, t.month, t.day);
}

/**
 * How much of an article's date is known (front-matter `date_precision`). `day`: the paper prints
 * it. The others are an editor's estimate, explained in `date_note`: `about` a day give or take,
 * `xun` the ten-day period (上旬 1–10, 中旬 11–20, 下旬 21–end) containing the date, `month`, `year`.
 */
export const DATE_PRECISIONS = ["day", "about", "xun", "month", "year"] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** Whether the date is the editor's estimate rather than what the paper prints. */
export const isEstimated = (precision: DatePrecision): boolean => precision !== "day";

/** Whether the record names a day (exact or estimated), so the article belongs on a day page and in an issue. */
export const namesDay = (precision: DatePrecision): boolean => precision === "day" || precision === "about";

/** Whether the record names a month (so the article belongs on a month page). */
export const namesMonth = (precision: DatePrecision): boolean => precision !== "year";

/** 上旬, 中旬 or 下旬: the ten-day period of the month a day falls in. */
export function xunOf(day: number): "上旬" | "中旬" | "下旬" {
  return day <= 10 ? "上旬" : day <= 20 ? "中旬" : "下旬";
}

/**
 * An article's date as readers see it, everywhere it is shown (pages, lists, calendars' titles,
 * feeds, search results): never more precise than the record.
 *   day   2021年10月22日 星期五
 *   about 2022年1月7日前后（推定）
 *   xun   约2019年3月上旬（推定）
 *   month 约2022年1月（推定）
 *   year  约2021年（推定）
 */
export function formatArticleDate(date: CalendarDate, precision: DatePrecision = "day"): string {
  switch (precision) {
    case "day":
      return formatChineseDate(date);
    case "about":
      return `${date.year}年${date.month}月${date.day}日前后（推定）`;
    case "xun":
      return `约${date.year}年${date.month}月${xunOf(date.day)}（推定）`;
    case "month":
      return `约${formatChineseMonth(date.year, date.month)}（推定）`;
    case "year":
      return `约${date.year}年（推定）`;
  }
}

/**
 * The same date for machines (HTML `datetime`, JSON-LD, sitemap `lastmod`, JSON Feed): ISO 8601
 * cut to what the record knows: `2021-10-22`, `2022-01` (xun, month), `2021` (year). An `about`
 * date keeps its day: it is the editor's estimate of one day, and no format says "about".
 */
export function machineDate(date: CalendarDate, precision: DatePrecision = "day"): string {
  if (namesDay(precision)) return date.iso;
  return precision === "year" ? date.iso.slice(0, 4) : date.iso.slice(0, 7);
}
