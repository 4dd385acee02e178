/** fast-check generators shared by the referral tests; not part of the package's exports. */
import fc from "fast-check";
import { addDays } from "./dates.ts";

/** Any calendar date from 1900-01-01 to 2199-12-31. */
export const isoDate = fc.integer({ min: -36_524, max: 73_048 }).map((n) => addDays("2000-01-01", n));
