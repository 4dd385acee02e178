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
  | "support-line-closed"
  | "coordinator"
  | "find-coordinator"
  | "form-next"
  | "stay-safe"
  | "document"
  | "inform-rights"
  | "read-more";

export type Urgency = "now" | "today" | "soon";
export interface Action {
  id: ActionId;
  urgency: Urgency;
}

export function isChild(answers: Pick<GuideAnswers, "child">): boolean {
  return answers.child !== "no";
}

export function planActions(answers: GuideAnswers): Action[] {
  const actions: Action[] = [];
  const add = (id: ActionId, urgency: Urgency) => actions.push({ id, urgency });
  const child = isChild(answers);

  if (answers.danger) add("call-112", "now");
  else if (answers.urgent) add("call-police", "now");
  if (answers.danger || answers.urgent) add("stay-safe", "now");

  if (child) {
    add("report-child", answers.danger || answers.urgent ? "now" : "today");
    if (!answers.officeHours) add("socialjour", answers.danger || answers.urgent ? "now" : "today");
  } else if ((answers.danger || answers.urgent) && !answers.officeHours) {
    add("socialjour", "today");
  }

  add(answers.officeHours ? "support-line" : "support-line-closed", answers.officeHours ? "today" : "soon");
  add(answers.municipality ? "coordinator" : "find-coordinator", answers.officeHours ? "today" : "soon");
  if (answers.form !== "unknown") add("form-next", "soon");
  add("document", "today");
  if (!child) add("inform-rights", "soon");
  add("read-more", "soon");
  return actions;
}
