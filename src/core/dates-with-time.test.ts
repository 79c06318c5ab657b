import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCalendarDate } from "./dates.ts";

describe("a date written with a time", () => {
  it("is the calendar day in China, under any TZ", () => {
    const saved = process.env["TZ"];
    try {
      for (const tz of ["UTC", "America/New_York", "Pacific/Kiritimati", "Asia/Shanghai"]) {
        process.env["TZ"] = tz;
        const day = (text: string) => {
          const parsed = parseCalendarDate(text);
          return parsed.ok ? parsed.date.iso : parsed.reason;
        };
        assert.equal(day("2021-03-04T00:30:00+08:00"), "2021-03-04", tz);
        assert.equal(day("2021-03-03T16:30:00Z"), "2021-03-04", tz);
        assert.equal(day("2021-03-03T20:30:00-05:00"), "2021-03-04", tz);
        assert.equal(day("2021-03-04 08:00:00+08:00"), "2021-03-04", tz);
        // As Jekyll writes it: a space before an offset without a colon.
        assert.equal(day("2021-03-03 23:30:00 +0800"), "2021-03-03", tz);
        assert.equal(day("2021-03-03 23:30:00 -0500"), "2021-03-04", tz);
      }
    } finally {
      if (saved === undefined) delete process.env["TZ"];
      else process.env["TZ"] = saved;
    }
  });

  it("is still refused when the day or the time is impossible", () => {
    const parsed = parseCalendarDate("2021-02-30T10:00:00+08:00");
    assert.deepEqual(parsed, { ok: false, reason: "2021-02 has 28 days" });
    assert.equal(parseCalendarDate("2021-03-04T25:00:00+08:00").ok, false);
    assert.match((parseCalendarDate("2021-03-04T08:00") as { reason: string }).reason, /needs its offset/);
  });
});
