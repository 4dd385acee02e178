/**
 * A year of birth is checked against the Swedish calendar year when the input arrives, not when
 * the server started: a child born on New Year's Day is taken at once, in Swedish time.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { issueText } from "../staff/errors.ts";
import { type Issue, zodIssues } from "./errors.ts";
import { personInput } from "./schemas.ts";

const child = (birthYear: number) => ({ ageGroup: "child", gender: "woman", birthYear });

describe("year of birth", () => {
  afterEach(() => vi.useRealTimers());

  it("follows the Swedish year: 00:30 on 1 January in Stockholm is still the old year in UTC", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-31T23:30:00Z"));
    expect(personInput.safeParse(child(2027)).success).toBe(true);
    const future = personInput.safeParse(child(2028));
    expect(future.success).toBe(false);
    const [issue] = zodIssues(future.error as NonNullable<typeof future.error>);
    expect(issue).toMatchObject({ path: "birthYear", code: "birth-year-future" });
    expect(issueText(issue as Issue, "sv")).toBe("Födelseåret kan inte ligga i framtiden.");
    expect(issueText(issue as Issue, "en")).toBe("The year of birth cannot be in the future.");
  });

  it("refuses a year more than 110 years back, and an age that contradicts the age group", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2027-03-01T12:00:00Z"));
    const early = personInput.safeParse({ ...child(1916), ageGroup: "adult" });
    expect(zodIssues(early.error as NonNullable<typeof early.error>)[0]).toMatchObject({
      code: "birth-year-early",
    });
    expect(personInput.safeParse({ ...child(1917), ageGroup: "adult" }).success).toBe(true);
    expect(personInput.safeParse(child(2000)).error?.issues[0]?.message).toBe("a child is under 18");
  });
});
