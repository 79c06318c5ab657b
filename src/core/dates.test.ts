import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatChineseDate, isoDateTime, parseCalendarDate, todayInArchiveZone } from "./dates.ts";

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
