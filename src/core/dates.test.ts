import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calendarDate, DATE_PRECISIONS, formatArticleDate, formatChineseDate, isoDateTime, machineDate, namesDay, namesMonth, parseCalendarDate, todayInArchiveZone, xunOf } from "./dates.ts";

describe("calendar dates", () => {
  it("formats a publication day in Chinese with its weekday", () => {
    const parsed = parseCalendarDate("2021-10-22");
    assert.ok(parsed.ok);
    assert.equal(formatChineseDate(parsed.date), "2021年10月22日 星期五");
  });

  it("refuses impossible days instead of rolling them into the next month", () => {
    assert.deepEqual(parseCalendarDate("2021-02-30"), { ok: false, reason: "2021-02 has 28 days" });
    assert.deepEqual(parseCalendarDate("2021-13-01"), { ok: false, reason: "there is no month 13" });
    assert.deepEqual(parseCalendarDate("2020-02-29").ok, true);
  });

  it("accepts only YYYY-MM-DD", () => {
    for (const text of ["2021-1-5", "2021/10/22", "2021-10-22T00:00", "20211022", ""]) {
      assert.equal(parseCalendarDate(text).ok, false, text);
    }
  });

  it("places a day at midnight in Asia/Shanghai, whatever the machine's zone", () => {
    const parsed = parseCalendarDate("2022-01-07");
    assert.ok(parsed.ok);
    assert.equal(isoDateTime(parsed.date), "2022-01-07T00:00:00+08:00");
  });

  it("takes today's date in China, not in the machine's zone", () => {
    // 2021-10-21 20:00 UTC is already the 22nd in Shanghai.
    assert.equal(todayInArchiveZone(new Date("2021-10-21T20:00:00Z")).iso, "2021-10-22");
  });
});

describe("formatArticleDate", () => {
  const d = calendarDate(2022, 1, 7);

  it("gives a printed date as the paper prints it, with the weekday", () => {
    assert.equal(formatArticleDate(d, "day"), "2022年1月7日 星期五");
    assert.equal(formatArticleDate(d), "2022年1月7日 星期五");
  });

  it("says an estimate is one, and states no more than the record knows", () => {
    assert.equal(formatArticleDate(d, "about"), "2022年1月7日前后（推定）");
    assert.equal(formatArticleDate(d, "xun"), "约2022年1月上旬（推定）");
    assert.equal(formatArticleDate(d, "month"), "约2022年1月（推定）");
    assert.equal(formatArticleDate(d, "year"), "约2022年（推定）");
  });

  it("puts the 10th in 上旬, the 11th and 20th in 中旬, the 21st and the 31st in 下旬", () => {
    assert.deepEqual([1, 10, 11, 20, 21, 31].map(xunOf), ["上旬", "上旬", "中旬", "中旬", "下旬", "下旬"]);
    assert.equal(formatArticleDate(calendarDate(2021, 12, 31), "xun"), "约2021年12月下旬（推定）");
  });

  it("marks every precision but day as an estimate in words", () => {
    for (const p of DATE_PRECISIONS) assert.equal(formatArticleDate(d, p).includes("推定"), p !== "day", p);
  });
});

describe("machineDate", () => {
  const d = calendarDate(2019, 3, 1);
  it("cuts the ISO date to the record's precision: day, month or year", () => {
    assert.deepEqual(
      DATE_PRECISIONS.map((p) => machineDate(d, p)),
      ["2019-03-01", "2019-03-01", "2019-03", "2019-03", "2019"],
    );
  });

  it("files an article on day pages only when a day is named, on month pages unless only the year is", () => {
    assert.deepEqual(DATE_PRECISIONS.filter(namesDay), ["day", "about"]);
    assert.deepEqual(DATE_PRECISIONS.filter(namesMonth), ["day", "about", "xun", "month"]);
  });
});
