/**
 * The identification aid structures what the professional observed. It never concludes that
 * someone is or is not a victim: it counts the signs ticked and picks the guidance level
 * that the content defines for that many signs.
 */
export interface Level {
  min: number;
}

export function levelFor<L extends Level>(levels: readonly L[], ticked: number): L {
  let chosen = levels[0];
  for (const level of levels) if (ticked >= level.min) chosen = level;
  if (!chosen) throw new Error("the aid needs at least one level");
  return chosen;
}

export interface IndicatorRef {
  id: string;
  forms: readonly string[];
}

/** Indicators that apply to a form of exploitation ("all" shows every indicator). */
export function indicatorsFor<I extends IndicatorRef>(indicators: readonly I[], form: string): I[] {
  if (form === "all") return [...indicators];
  return indicators.filter((i) => i.forms.includes("all") || i.forms.includes(form));
}
