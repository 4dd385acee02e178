import { isIsoDate } from "./dates.ts";

/**
 * What is wrong with a referral's data, as codes the server maps to messages. `field` names the
 * property concerned.
 */
export type ReferralProblemCode =
  | "date-invalid"
  | "date-missing"
  | "date-order"
  | "date-future"
  | "date-past"
  | "reason-missing"
  | "amount-invalid"
  | "applicant-not-allowed"
  | "phase-invalid"
  | "kind-invalid"
  | "kind-too-early";

export interface ReferralProblem {
  code: ReferralProblemCode;
  field: string;
}

/** Input that the referral rules refuse, with every problem found. */
export class ReferralProblemsError extends Error {
  readonly problems: ReferralProblem[];
  constructor(problems: ReferralProblem[]) {
    super(`the referral rules refuse this: ${problems.map((p) => `${p.field} ${p.code}`).join(", ")}`);
    this.name = "ReferralProblemsError";
    this.problems = problems;
  }
}

/** Collects problems; the helpers return whether the checked value is usable. */
export class ProblemList {
  readonly problems: ReferralProblem[] = [];

  add(code: ReferralProblemCode, field: string): void {
    this.problems.push({ code, field });
  }

  /** A date that may be null, unless `required`. */
  date(value: string | null | undefined, field: string, required: boolean): value is string {
    if (value === null || value === undefined) {
      if (required) this.add("date-missing", field);
      return false;
    }
    if (!isIsoDate(value)) {
      this.add("date-invalid", field);
      return false;
    }
    return true;
  }

  /** Reports `later` (named `field`) when it falls before `earlier`; skips missing or bad dates. */
  order(earlier: string | null | undefined, later: string | null | undefined, field: string): void {
    if (isIsoDate(earlier) && isIsoDate(later) && later < earlier) this.add("date-order", field);
  }
}
