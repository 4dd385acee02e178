import { describe, expect, it } from "vitest";
import { isOfficeHours, swedishClock, swedishDaysOff, swedishInstant, swedishToday } from "./office-hours.ts";

const hours = { weekdays: [1, 2, 3, 4, 5], open: "09:00", close: "16:00" };

describe("office hours of the support line", () => {
  it("knows the movable holidays", () => {
    const days = swedishDaysOff(2026);
    // Easter Sunday 2026 is 5 April; midsummer eve is Friday 19 June; All Saints' Day Saturday 31 October.
    for (const d of [
      "2026-04-03",
      "2026-04-05",
      "2026-04-06",
      "2026-05-14",
      "2026-06-19",
      "2026-06-20",
      "2026-10-31",
    ]) {
      expect(days.has(d), d).toBe(true);
    }
    expect(days.has("2026-04-07")).toBe(false);
  });

  it("uses Swedish time, including summer time", () => {
    expect(isOfficeHours(new Date("2026-11-23T08:30:00Z"), hours)).toBe(true); // Monday 09:30 CET
    expect(isOfficeHours(new Date("2026-11-23T07:30:00Z"), hours)).toBe(false); // 08:30 CET
    expect(isOfficeHours(new Date("2026-06-15T14:59:00Z"), hours)).toBe(false); // 16:59 CEST
    expect(isOfficeHours(new Date("2026-06-15T13:59:00Z"), hours)).toBe(true); // 15:59 CEST
  });

  it("is closed at weekends and on holidays", () => {
    expect(isOfficeHours(new Date("2026-11-22T10:00:00Z"), hours)).toBe(false); // Sunday
    expect(isOfficeHours(new Date("2026-12-24T10:00:00Z"), hours)).toBe(false); // julafton, Thursday
    expect(isOfficeHours(new Date("2026-04-06T10:00:00Z"), hours)).toBe(false); // annandag påsk
  });
});

describe("swedishToday", () => {
  it("is the date in Stockholm, not in UTC, around midnight in winter and in summer", () => {
    expect(swedishToday(new Date("2026-12-06T22:59:00Z"))).toBe("2026-12-06");
    expect(swedishToday(new Date("2026-12-06T23:00:00Z"))).toBe("2026-12-07");
    expect(swedishToday(new Date("2026-06-30T21:59:00Z"))).toBe("2026-06-30");
    expect(swedishToday(new Date("2026-06-30T22:00:00Z"))).toBe("2026-07-01");
  });
});

describe("swedishInstant", () => {
  it("reads a Swedish wall-clock time in winter (UTC+1) and summer (UTC+2), and back", () => {
    expect(swedishInstant("2026-12-07", "00:30").toISOString()).toBe("2026-12-06T23:30:00.000Z");
    expect(swedishInstant("2026-07-01", "14:05").toISOString()).toBe("2026-07-01T12:05:00.000Z");
    // The night summer time ends (25 October 2026): 03:30 is after the change.
    expect(swedishInstant("2026-10-25", "03:30").toISOString()).toBe("2026-10-25T02:30:00.000Z");
    for (const at of ["2026-03-29T00:59:00Z", "2026-06-30T21:00:00Z", "2026-12-31T23:15:00Z"]) {
      const c = swedishClock(new Date(at));
      const hhmm = `${String(Math.floor(c.minutes / 60)).padStart(2, "0")}:${String(c.minutes % 60).padStart(2, "0")}`;
      expect(swedishInstant(c.date, hhmm).toISOString()).toBe(new Date(at).toISOString());
    }
  });
});
