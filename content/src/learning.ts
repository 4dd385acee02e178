/**
 * Loads the web training's modules and the case exercises: one YAML file per item and language
 * (`training/{sv,en}/<id>.yaml`, `exercises/{sv,en}/<id>.yaml`). Checks that both languages
 * have the same ids and shape, and that every link into the manual names a page and a section
 * that exist in that language.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Marked, type Tokens } from "marked";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ContentError, type ManualPage, resolveLink } from "./index.ts";
import {
  type ExerciseChoice,
  type ExerciseData,
  type ExerciseNode,
  exerciseSchema,
  exerciseShape,
  type ModuleData,
  moduleSchema,
  moduleShape,
  type Question,
} from "./learning-schemas.ts";
import { LANGS, type Lang, type PageId } from "./schemas.ts";

export * from "./learning-schemas.ts";

const SECTIONS = {
  training: { sv: "utbildning", en: "training" },
  certificate: { sv: "intyg", en: "certificate" },
  exercises: { sv: "ovningar", en: "exercises" },
} as const;
export const EXERCISE_MODES = ["individual", "facilitator", "presenter", "guide"] as const;
export type ExerciseMode = (typeof EXERCISE_MODES)[number];
const MODE_SLUGS: Record<Exclude<ExerciseMode, "individual">, Record<Lang, string>> = {
  facilitator: { sv: "processledare", en: "facilitator" },
  presenter: { sv: "presentera", en: "presenter" },
  guide: { sv: "handledning", en: "facilitator-guide" },
};

/** `/sv/utbildning/` or a module's page `/sv/utbildning/<slug>/`. */
export function trainingUrl(lang: Lang, slug?: string): string {
  return `/${lang}/${SECTIONS.training[lang]}/${slug ? `${slug}/` : ""}`;
}
export function certificateUrl(lang: Lang): string {
  return trainingUrl(lang, SECTIONS.certificate[lang]);
}
/** `/sv/ovningar/`, an exercise `/sv/ovningar/<slug>/`, or one of its facilitator pages. */
export function exerciseUrl(lang: Lang, slug?: string, mode: ExerciseMode = "individual"): string {
  const base = `/${lang}/${SECTIONS.exercises[lang]}/`;
  if (!slug) return base;
  return mode === "individual" ? `${base}${slug}/` : `${base}${slug}/${MODE_SLUGS[mode][lang]}/`;
}

/** A resolved link into the manual, with a readable name ("Page – Section"). */
export interface ManualRef {
  url: string;
  title: string;
}

/** Section anchors of a manual page: its headings, plus the blocks the page template renders. */
function anchorsOf(page: ManualPage): Map<string, string> {
  const anchors = new Map<string, string>();
  for (const m of page.html.matchAll(/<h[23] id="([^"]+)">([\s\S]*?)<\/h[23]>/g)) {
    anchors.set(m[1] as string, (m[2] as string).replace(/<[^>]+>/g, ""));
  }
  const blocks = {
    responsibilities: { sv: "Vem ansvarar för vad", en: "Who is responsible for what" },
    rights: { sv: "Den utsattas rättigheter", en: "The victim's rights" },
    checklist: { sv: "Checklista", en: "Checklist" },
  } as const;
  for (const key of ["responsibilities", "rights", "checklist"] as const) {
    if (page[key].length > 0) anchors.set(key, blocks[key][page.lang]);
  }
  return anchors;
}

class Linker {
  private readonly lang: Lang;
  private readonly slugs: Map<PageId, string>;
  private readonly pages: Map<string, ManualPage>;
  constructor(lang: Lang, pages: ManualPage[]) {
    this.lang = lang;
    const own = pages.filter((p) => p.lang === lang);
    this.slugs = new Map(own.map((p) => [p.id, p.slug]));
    this.pages = new Map(own.map((p) => [p.id, p]));
  }

  /** Any link allowed in content; `page:` links must name an existing section when they have one. */
  href(href: string): string {
    if (href.startsWith("page:")) this.ref(href);
    return resolveLink(href, this.lang, this.slugs);
  }

  ref(href: string): ManualRef {
    const [id = "", hash] = href.slice("page:".length).split("#", 2);
    const page = this.pages.get(id);
    if (!page) throw new Error(`unknown page id "${id}" in link ${href}`);
    if (!hash) return { url: page.url, title: page.title };
    const section = anchorsOf(page).get(hash);
    if (!section) throw new Error(`page ${id} (${this.lang}) has no section #${hash} (link ${href})`);
    return { url: `${page.url}#${hash}`, title: `${page.title} – ${section}` };
  }

  markdown(source: string): string {
    const marked = new Marked({
      gfm: true,
      walkTokens: (token) => {
        if (token.type === "link") {
          const link = token as Tokens.Link;
          link.href = this.href(link.href);
        }
        if (token.type === "heading") throw new Error("no headings in lesson or exercise text");
      },
    });
    return marked.parse(source, { async: false });
  }
}

function readItems<T extends z.ZodType>(dir: string, schema: T) {
  const items = new Map<string, { data: z.infer<T>; file: string }>();
  for (const lang of LANGS) {
    const langDir = join(dir, lang);
    for (const f of readdirSync(langDir).filter((name) => name.endsWith(".yaml"))) {
      const file = join(langDir, f);
      const result = schema.safeParse(parseYaml(readFileSync(file, "utf8")));
      if (!result.success) {
        const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
        throw new ContentError(file, issues.join("; "));
      }
      items.set(`${lang}/${f.replace(/\.yaml$/, "")}`, { data: result.data, file });
    }
  }
  const ids = (lang: Lang) =>
    [...items.keys()]
      .filter((k) => k.startsWith(`${lang}/`))
      .map((k) => k.slice(3))
      .sort();
  for (const id of [...new Set([...ids("sv"), ...ids("en")])]) {
    for (const lang of LANGS) {
      if (!items.has(`${lang}/${id}`))
        throw new ContentError(join(dir, lang, `${id}.yaml`), "missing translation");
    }
  }
  for (const lang of LANGS) {
    const slugs = ids(lang).map(
      (id) => (items.get(`${lang}/${id}`)?.data as { slug: string } | undefined)?.slug,
    );
    if (new Set(slugs).size !== slugs.length) throw new ContentError(join(dir, lang), "duplicate slug");
  }
  return { items, ids: ids("sv") };
}

function sameShape(a: unknown, b: unknown, file: string) {
  const [left, right] = [JSON.stringify(a), JSON.stringify(b)];
  if (left !== right)
    throw new ContentError(
      file,
      `not the same ids and structure as the Swedish version:\n  sv ${left}\n  en ${right}`,
    );
}

function withLinker<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof ContentError) throw e;
    throw new ContentError(file, (e as Error).message);
  }
}

export interface TrainingQuestion extends Question {
  scenarioHtml?: string;
  manualRef: ManualRef;
}
export interface TrainingModule extends Omit<ModuleData, "lessons" | "quiz"> {
  id: string;
  lang: Lang;
  url: string;
  lessons: { id: string; title: string; html: string }[];
  quiz: TrainingQuestion[];
  /** Plain text of the lessons, for the search index. */
  text: string;
}

export function loadTraining(dir: string, pages: ManualPage[]): TrainingModule[] {
  const { items, ids } = readItems(dir, moduleSchema);
  const modules: TrainingModule[] = [];
  for (const id of ids) {
    const sv = items.get(`sv/${id}`) as { data: ModuleData; file: string };
    const en = items.get(`en/${id}`) as { data: ModuleData; file: string };
    sameShape(moduleShape(sv.data), moduleShape(en.data), en.file);
    for (const [lang, { data, file }] of [["sv", sv] as const, ["en", en] as const]) {
      if (data.slug === SECTIONS.certificate[lang])
        throw new ContentError(file, `the slug ${data.slug} is the certificate's`);
      const linker = new Linker(lang, pages);
      modules.push(
        withLinker(file, () => {
          const lessons = data.lessons.map((l) => ({
            id: l.id,
            title: l.title,
            html: linker.markdown(l.body),
          }));
          return {
            ...data,
            id,
            lang,
            url: trainingUrl(lang, data.slug),
            lessons,
            quiz: data.quiz.map((q) => ({
              ...q,
              scenarioHtml: q.scenario === undefined ? undefined : linker.markdown(q.scenario),
              manualRef: linker.ref(q.manual),
            })),
            text: lessons.map((l) => `${l.title} ${l.html.replace(/<[^>]+>/g, " ")}`).join(" "),
          };
        }),
      );
    }
  }
  const orders = modules.filter((m) => m.lang === "sv").map((m) => m.order);
  if (new Set(orders).size !== orders.length) throw new ContentError(dir, "two modules have the same order");
  return modules.sort((a, b) => a.order - b.order);
}

export interface ExerciseChoiceView extends ExerciseChoice {
  consequenceHtml: string;
  manualRef: ManualRef;
}
export interface ExerciseNodeView extends Omit<ExerciseNode, "choices"> {
  situationHtml: string;
  choices: ExerciseChoiceView[];
}
export interface Exercise extends Omit<ExerciseData, "nodes"> {
  id: string;
  lang: Lang;
  url: string;
  nodes: ExerciseNodeView[];
  preparationHtml: string;
  /** The steps of the support and protection process the exercise walks through, in order. */
  steps: number[];
  /** Suggested length of a group session: the shortest and the longest path, in minutes. */
  minutes: { min: number; max: number };
}

/** The shortest and longest sum of `minutes` over the paths from the start (the graph is acyclic). */
export function pathMinutes(e: Pick<ExerciseData, "start" | "nodes">): { min: number; max: number } {
  const byId = new Map(e.nodes.map((n) => [n.id, n]));
  const memo = new Map<string, { min: number; max: number }>();
  const walk = (id: string): { min: number; max: number } => {
    const known = memo.get(id);
    if (known) return known;
    const node = byId.get(id);
    if (!node) throw new Error(`no node ${id}`);
    const rest = node.choices.map((c) => walk(c.next));
    const result = {
      min: node.minutes + (rest.length ? Math.min(...rest.map((r) => r.min)) : 0),
      max: node.minutes + (rest.length ? Math.max(...rest.map((r) => r.max)) : 0),
    };
    memo.set(id, result);
    return result;
  };
  return walk(e.start);
}

export function loadExercises(dir: string, pages: ManualPage[]): Exercise[] {
  const { items, ids } = readItems(dir, exerciseSchema);
  const exercises: Exercise[] = [];
  for (const id of ids) {
    const sv = items.get(`sv/${id}`) as { data: ExerciseData; file: string };
    const en = items.get(`en/${id}`) as { data: ExerciseData; file: string };
    sameShape(exerciseShape(sv.data), exerciseShape(en.data), en.file);
    for (const [lang, { data, file }] of [["sv", sv] as const, ["en", en] as const]) {
      const linker = new Linker(lang, pages);
      exercises.push(
        withLinker(file, () => ({
          ...data,
          id,
          lang,
          url: exerciseUrl(lang, data.slug),
          preparationHtml: linker.markdown(data.preparation),
          minutes: pathMinutes(data),
          steps: [...new Set(data.nodes.map((n) => n.step))].sort(),
          nodes: data.nodes.map((n) => ({
            ...n,
            situationHtml: linker.markdown(n.situation),
            choices: n.choices.map((c) => ({
              ...c,
              consequenceHtml: linker.markdown(c.consequence),
              manualRef: linker.ref(c.manual),
            })),
          })),
        })),
      );
    }
  }
  const orders = exercises.filter((e) => e.lang === "sv").map((e) => e.order);
  if (new Set(orders).size !== orders.length)
    throw new ContentError(dir, "two exercises have the same order");
  return exercises.sort((a, b) => a.order - b.order);
}
