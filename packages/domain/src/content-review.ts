/**
 * When a content page is due for review (ADR 0017): example text awaiting the agency's first
 * review is due now; a reviewed page is due a year after its last review, and "soon" in the
 * 30 days before that.
 */
export const REVIEW_INTERVAL_DAYS = 365;
export const REVIEW_SOON_DAYS = 30;

export type ReviewState = "awaiting" | "overdue" | "soon" | "current";

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Example text has no review date (the content schema refuses one), so it is due today. */
export function reviewState(
  review: { status: "example" | "reviewed"; lastReviewed?: string | undefined },
  today: string,
): { state: ReviewState; dueOn: string } {
  if (review.status === "example" || review.lastReviewed === undefined)
    return { state: "awaiting", dueOn: today };
  const dueOn = addDays(review.lastReviewed, REVIEW_INTERVAL_DAYS);
  if (dueOn <= today) return { state: "overdue", dueOn };
  if (addDays(today, REVIEW_SOON_DAYS) >= dueOn) return { state: "soon", dueOn };
  return { state: "current", dueOn };
}

/** Whether the page belongs on the editors' list of pages due for review. */
export const isDue = (state: ReviewState) => state !== "current";
