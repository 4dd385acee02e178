/**
 * Loads and validates all content. Pure file reading and checking; callers (the Astro build,
 * the database seed, tests) get typed, cross-checked data or an error naming the file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Marked, type Tokens } from "marked";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { guideSchema } from "./guide.ts";
import { loadExercises, loadTraining } from "./learning.ts";
import { contentLanguageDifferences } from "./parity.ts";
import { manualUrl, SPECIAL_PAGES, type SpecialPage, specialUrl } from "./routes.ts";
import {
  actorsSchema,
  contactsSchema,
  glossarySchema,
  indicatorsSchema,
  LANGS,
  type Lang,
  PAGE_IDS,
  type PageFrontmatter,
  type PageId,
  pageFrontmatterSchema,
  regionsSchema,
} from "./schemas.ts";

export * from "./guide.ts";
export * from "./learning.ts";
export * from "./parity.ts";
export * from "./routes.ts";
export * from "./schemas.ts";
export * from "./terminology.ts";
export * from "./words.ts";

export const CONTENT_DIR = fileURLToPath(new URL("..", import.meta.url));

export class ContentError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "ContentError";
  }
}

function parseWith<T extends z.ZodType>(schema: T, data: unknown, file: string): z.infer<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ContentError(file, issues.join("; "));
  }
  return result.data;
}

function readYaml<T extends z.ZodType>(dir: string, name: string, schema: T): z.infer<T> {
  const file = join(dir, name);
  return parseWith(schema, parseYaml(readFileSync(file, "utf8")), file);
}

export interface ManualPage extends PageFrontmatter {
  id: PageId;
  lang: Lang;
  url: string;
  /** Body rendered to HTML, with page: links resolved for this language. */
  html: string;
  /** Plain text of the whole page for the search index. */
  text: string;
  /** The h2 sections, for the page's table of contents. */
  headings: { id: string; text: string }[];
}

const FRONTMATTER = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/;

function splitFrontmatter(source: string, file: string): { data: unknown; body: string } {
  const match = FRONTMATTER.exec(source);
  if (!match) throw new ContentError(file, "no YAML frontmatter");
  return { data: parseYaml(match[1] ?? ""), body: match[2] ?? "" };
}

/** Resolves `page:<id>`, `guide:`, `aid:`, `directory:` links; anything unknown is an error. */
export function resolveLink(href: string, lang: Lang, slugs: Map<PageId, string>): string {
  const [scheme, rest = ""] = href.split(":", 2);
  if (scheme === "page") {
    const [id, hash] = rest.split("#", 2) as [string, string | undefined];
    const suffix = hash ? `#${hash}` : "";
    if (id === "glossary") return specialUrl(lang, "glossary") + suffix;
    const slug = slugs.get(id as PageId);
    if (!slug) throw new Error(`unknown page id "${id}" in link ${href}`);
    return manualUrl(lang, slug) + suffix;
  }
  if (scheme && scheme in SPECIAL_PAGES && rest === "") return specialUrl(lang, scheme as SpecialPage);
  if (/^https:\/\/[\w.-]+\.se\/?/.test(href)) return href;
  throw new Error(
    `link target "${href}" is not allowed (use page:<id>, guide:, aid:, directory: or an https://….se address)`,
  );
}

function headingId(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** `rawHtml: false` shows HTML written in the Markdown as text (the editors' preview of untrusted input). */
function renderMarkdown(body: string, lang: Lang, slugs: Map<PageId, string>, file: string, rawHtml = true) {
  const headings: { id: string; text: string }[] = [];
  const marked = new Marked({
    gfm: true,
    walkTokens(token) {
      if (token.type === "link") {
        const link = token as Tokens.Link;
        try {
          link.href = resolveLink(link.href, lang, slugs);
        } catch (e) {
          throw new ContentError(file, (e as Error).message);
        }
      }
      if (token.type === "heading" && (token as Tokens.Heading).depth === 1) {
        throw new ContentError(file, "use ## headings; the title is the page's h1");
      }
    },
    renderer: {
      html({ text }) {
        return rawHtml ? text : escapeHtml(text);
      },
      heading({ tokens, depth, text }) {
        const inner = this.parser.parseInline(tokens);
        const id = headingId(text);
        if (depth === 2) headings.push({ id, text });
        return `<h${depth} id="${id}">${inner}</h${depth}>\n`;
      },
    },
  });
  const html = marked.parse(body, { async: false });
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/&[a-z#0-9]+;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return { html, text, headings };
}

function loadPages(dir: string): ManualPage[] {
  const raw = new Map<string, { data: PageFrontmatter; body: string; file: string }>();
  for (const lang of LANGS) {
    const langDir = join(dir, "manual", lang);
    const files = readdirSync(langDir).filter((f) => f.endsWith(".md"));
    for (const f of files) {
      const file = join(langDir, f);
      const id = f.replace(/\.md$/, "");
      if (!(PAGE_IDS as readonly string[]).includes(id))
        throw new ContentError(file, `unknown page id ${id}`);
      const { data, body } = splitFrontmatter(readFileSync(file, "utf8"), file);
      raw.set(`${lang}/${id}`, { data: parseWith(pageFrontmatterSchema, data, file), body, file });
    }
  }
  const pages: ManualPage[] = [];
  for (const lang of LANGS) {
    const slugs = new Map<PageId, string>();
    for (const id of PAGE_IDS) {
      const page = raw.get(`${lang}/${id}`);
      if (!page) throw new ContentError(join(dir, "manual", lang, `${id}.md`), "missing translation");
      slugs.set(id, page.data.slug);
    }
    if (new Set(slugs.values()).size !== slugs.size)
      throw new ContentError(join(dir, "manual", lang), "duplicate slug");
    for (const id of PAGE_IDS) {
      const { data, body, file } = raw.get(`${lang}/${id}`) as {
        data: PageFrontmatter;
        body: string;
        file: string;
      };
      const other = raw.get(`${lang === "sv" ? "en" : "sv"}/${id}`);
      if (other && (other.data.kind !== data.kind || other.data.step !== data.step)) {
        throw new ContentError(file, "kind and step must be the same in every language");
      }
      const rendered = renderMarkdown(body, lang, slugs, file);
      pages.push({ ...data, ...rendered, id, lang, url: manualUrl(lang, data.slug) });
    }
  }
  return pages;
}

export type Preview = { ok: true; page: ManualPage } | { ok: false; issues: string[] };

/**
 * The editors' preview (ADR 0017): one page file's source (front matter and Markdown), checked
 * with the same schema and link rules as the build and rendered. HTML written in it is shown as
 * text; nothing is stored.
 */
export function previewPage(source: string, id: PageId, lang: Lang, dir: string = CONTENT_DIR): Preview {
  const file = `manual/${lang}/${id}.md`;
  try {
    const { data, body } = splitFrontmatter(source.replace(/\r\n/g, "\n"), file);
    const frontmatter = parseWith(pageFrontmatterSchema, data, file);
    const slugs = new Map(
      loadPages(dir)
        .filter((p) => p.lang === lang)
        .map((p) => [p.id, p.slug] as const),
    );
    for (const [other, slug] of slugs)
      if (other !== id && slug === frontmatter.slug)
        throw new ContentError(file, `slug: ${slug} is already the slug of ${other}`);
    slugs.set(id, frontmatter.slug);
    const rendered = renderMarkdown(body, lang, slugs, file, false);
    return {
      ok: true,
      page: { ...frontmatter, ...rendered, id, lang, url: manualUrl(lang, frontmatter.slug) },
    };
  } catch (e) {
    if (e instanceof ContentError || e instanceof Error)
      return { ok: false, issues: e.message.replace(`${file}: `, "").split("; ") };
    throw e;
  }
}

function readContent(dir: string) {
  const pages = loadPages(dir);
  const indicators = readYaml(dir, "indicators.yaml", indicatorsSchema);
  const guide = readYaml(dir, "guide.yaml", guideSchema);
  for (const [form, signs] of Object.entries(guide.formSigns)) {
    if (!indicators.forms.some((f) => f.id === form))
      throw new ContentError(join(dir, "guide.yaml"), `formSigns: unknown form ${form}`);
    for (const sign of signs) {
      const indicator = indicators.indicators.find((i) => i.id === sign);
      if (!indicator)
        throw new ContentError(join(dir, "guide.yaml"), `formSigns.${form}: unknown indicator ${sign}`);
      if (!indicator.forms.includes(form as never) && !indicator.forms.includes("all"))
        throw new ContentError(
          join(dir, "guide.yaml"),
          `formSigns.${form}: ${sign} is not a sign of ${form}`,
        );
    }
  }
  return {
    pages,
    training: loadTraining(join(dir, "training"), pages),
    exercises: loadExercises(join(dir, "exercises"), pages),
    actors: readYaml(dir, "actors.yaml", actorsSchema),
    glossary: readYaml(dir, "glossary.yaml", glossarySchema),
    regions: readYaml(dir, "regions.yaml", regionsSchema),
    indicators,
    contacts: readYaml(dir, "contacts.yaml", contactsSchema),
    guide,
  };
}
export type Content = ReturnType<typeof readContent>;

/** All content, validated, with the Swedish and the English text checked against each other. */
export function loadContent(dir: string = CONTENT_DIR): Content {
  const content = readContent(dir);
  const differences = contentLanguageDifferences(content);
  if (differences.length > 0)
    throw new ContentError(dir, `Swedish and English differ:\n  ${differences.join("\n  ")}`);
  return content;
}

/** The regions file alone, for the directory lookup and the database seed. */
export function loadRegions(dir: string = CONTENT_DIR) {
  return readYaml(dir, "regions.yaml", regionsSchema);
}
