/**
 * "Vad gör jag nu?" — from a professional's answers to an ordered action list. Runs only in
 * the browser; the answers never leave the device. The rules follow the manual: acute danger
 * first (112), a child always means social services, urgency means the police, and the
 * support line or the regional coordinator for advice.
 */
export const EXPLOITATION_FORMS = [
  "sexual",
  "labour",
  "begging",
  "crime",
  "forced-marriage",
  "other",
] as const;
export type ExploitationForm = (typeof EXPLOITATION_FORMS)[number];

export interface GuideAnswers {
  danger: boolean;
  urgent: boolean;
  /** "unsure" is treated as a child: the protection of children comes first. */
  child: "yes" | "no" | "unsure";
  form: ExploitationForm | "unknown";
  /** SCB code of the municipality where the professional is, if given. */
  municipality?: string | undefined;
  officeHours: boolean;
}

export type ActionId =
  | "call-112"
  | "call-police"
  | "report-child"
  | "socialjour"
  | "support-line"
  | "coordinator"
  | "find-coordinator"
  | "form-next"
  | "stay-safe"
  | "document"
  | "inform-rights"
  | "read-more";

/** When to do it. The support line and the coordinators work weekdays in office hours, so out of
 *  hours (night, weekend, holiday) their step is "next weekday", never "closed now". */
export type Urgency = "now" | "today" | "next-weekday" | "soon";
export interface Action {
  id: ActionId;
  urgency: Urgency;
}

/** The numbers shown first, as tap-to-call links, on an acute path. */
export type CallId = "emergency" | "socialjour" | "police";

export function isChild(answers: Pick<GuideAnswers, "child">): boolean {
  return answers.child !== "no";
}

const isAcute = (a: GuideAnswers) => a.danger || a.urgent;

export function planActions(answers: GuideAnswers): Action[] {
  const actions: Action[] = [];
  const add = (id: ActionId, urgency: Urgency) => actions.push({ id, urgency });
  const child = isChild(answers);
  const acute = isAcute(answers);
  const weekday: Urgency = answers.officeHours ? "today" : "next-weekday";

  if (answers.danger) add("call-112", "now");
  else if (answers.urgent) add("call-police", "now");
  if (acute) add("stay-safe", "now");

  if (child) {
    add("report-child", acute ? "now" : "today");
    if (!answers.officeHours) add("socialjour", acute ? "now" : "today");
  } else if (acute && !answers.officeHours) {
    add("socialjour", "today");
  }

  add("support-line", answers.officeHours ? "today" : "next-weekday");
  add(answers.municipality ? "coordinator" : "find-coordinator", weekday);
  if (answers.form !== "unknown") add("form-next", "soon");
  add("document", "today");
  if (!child) add("inform-rights", "soon");
  add("read-more", "soon");
  return actions;
}

/**
 * The numbers to put first on an acute path: 112 in acute danger; the social services'
 * out-of-hours service (socialjour) when it is outside office hours and a child may be involved
 * or it is acute; the police's 114 14 whenever it is acute (after 112, for what follows).
 * Nothing when the situation is not acute: the action list then leads with advice.
 */
export function planCalls(answers: GuideAnswers): CallId[] {
  if (!isAcute(answers)) return [];
  const calls: CallId[] = [];
  if (answers.danger) calls.push("emergency");
  if (!answers.officeHours) calls.push("socialjour");
  calls.push("police");
  return calls;
}
