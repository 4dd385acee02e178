/**
 * The public manual's figures: bytes on first view, JS on content pages, search latency, the
 * start page's largest contentful paint and every page's layout shift under Slow 4G with 4× CPU
 * slowdown.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadIndex, search } from "@stodkedjan/domain/search";
import { SITE_DIR } from "@stodkedjan/server";
import type { Browser } from "playwright-core";
import { sitePages } from "../../e2e/pages.ts";
import { load1, machineLoad, PHONE_CONDITIONS, type PhoneLoad, phoneLoad, pooled } from "./phone.ts";
import { type Figure, median, percentile } from "./results.ts";

type Figures = Record<string, Omit<Figure, "measured_at">>;

interface PageLoad {
  totalBytes: number;
  jsBytes: number;
}

/** Loads a page cold, with the service worker blocked so its background precache is not counted as first view. */
async function firstView(browser: Browser, url: string): Promise<PageLoad> {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const types = new Map<string, string>();
  let totalBytes = 0;
  let jsBytes = 0;
  cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
  cdp.on("Network.loadingFinished", (e) => {
    totalBytes += e.encodedDataLength;
    if (types.get(e.requestId) === "Script") jsBytes += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await context.close();
  return { totalBytes, jsBytes };
}

/** After the load event: late scripts, and data they fetch over Slow 4G (≥ 562.5 ms a request). */
const SETTLE_MS = 1500;
const LCP_RUNS = 5;
/** Throttled loads at a time in the layout-shift pass; the LCP runs have the browser to themselves. */
const CLS_WIDTH = 3;

const ms = (n: number) => n.toFixed(0);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(0);

/** Cold phone loads of `url` one after another, for its largest contentful paint. */
async function lcpRuns(browser: Browser, url: string): Promise<{ lcp: number[]; htmlEnd: number[] }> {
  const lcp: number[] = [];
  const htmlEnd: number[] = [];
  for (let i = 0; i < LCP_RUNS; i++) {
    const load = await phoneLoad(browser, url, SETTLE_MS);
    if (Number.isNaN(load.lcp)) throw new Error(`${url}: no largest contentful paint`);
    lcp.push(load.lcp);
    htmlEnd.push(load.htmlEnd);
  }
  return { lcp, htmlEnd };
}

/**
 * LCP on `/` as a new visitor arrives and the largest layout shift of any page, on a phone under
 * Slow 4G: `node bench/src/run.ts phone` (after `npm run build`) measures only these.
 */
export async function benchPhone(browser: Browser, base: string): Promise<Figures> {
  const loadBefore = load1();
  let since = performance.now();
  const root = await lcpRuns(browser, `${base}/`);
  const lcpSeconds = seconds(since);
  const loadBetween = load1();
  since = performance.now();
  const paths = ["/", ...sitePages()];
  const loads = await pooled(paths, CLS_WIDTH, (path) => phoneLoad(browser, base + path, SETTLE_MS));
  const clsSeconds = seconds(since);
  const loadAfter = load1();
  const shifts = paths.map((path, i) => ({ path, ...(loads[i] as PhoneLoad) }));
  const worst = shifts.reduce((a, b) => (b.cls > a.cls ? b : a));
  const shifted = shifts.filter((s) => s.cls > 0);
  const causes = worst.shifts
    .map((s) => `${s.value.toFixed(3)} at ${ms(s.at)} ms (${s.sources.join(", ") || "no source"})`)
    .join("; ");
  return {
    "manual.lcp_root_ms": {
      value: median(root.lcp),
      unit: "ms",
      target: 1000,
      better: "lower",
      how: `Median of ${LCP_RUNS} loads of / (the Swedish start page itself, no redirect) as a new visitor arrives, one after another with nothing else in the browser: ${PHONE_CONDITIONS}; LCP read ${SETTLE_MS} ms after the load event. Runs ${root.lcp.map(ms).join(", ")} ms; the HTML had fully arrived at ${root.htmlEnd.map(ms).join(", ")} ms, the rest is parsing and painting at the CPU slowdown. ${machineLoad([loadBefore, loadBetween])}. ${lcpSeconds} s.`,
    },
    "manual.cls_max": {
      value: worst.cls,
      unit: "ratio",
      target: 0.1,
      better: "lower",
      how: `Largest cumulative layout shift over all ${shifts.length} pages (/ and every page of the build, the identification aid included), each loaded once: ${PHONE_CONDITIONS}; shifts read ${SETTLE_MS} ms after the load event, ${CLS_WIDTH} pages loading at a time. ${
        shifted.length === 0
          ? "No page shifted at all"
          : `Worst ${worst.path}: ${causes}. Pages that shifted: ${shifted.map((s) => `${s.path} ${s.cls.toFixed(3)}`).join(", ")}`
      }. ${clsSeconds} s; ${machineLoad([loadBetween, loadAfter])}.`,
    },
  };
}

const QUERIES = {
  sv: [
    "människohandel",
    "människohandeln",
    "barn",
    "barnets",
    "betänketid",
    "skyddat boende",
    "återvändande",
    "IOM",
    "polisen",
    "socialtjänsten",
    "orosanmälan",
    "tolk",
    "regionkoordinator",
    "arbetskraft",
    "tiggeri",
    "tvångsäktenskap",
    "Migrationsverket",
    "stödtelefonen",
    "bevisperson",
    "ensamkommande",
    "schablonbelopp",
    "utslussning",
    "identifiering",
    "akut",
    "b",
    "be",
    "bet",
    "betä",
  ],
  en: [
    "trafficking",
    "children",
    "child",
    "reflection period",
    "shelter",
    "return",
    "IOM",
    "police",
    "social services",
    "interpreter",
    "regional coordinator",
    "labour",
    "begging",
    "forced marriage",
    "Migration Agency",
    "support line",
    "witness",
    "unaccompanied",
    "flat rate",
    "identification",
    "acute",
    "r",
    "re",
    "ref",
  ],
};

function searchLatency() {
  const timings: number[] = [];
  const firsts: number[] = [];
  for (const lang of ["sv", "en"] as const) {
    const json = readFileSync(join(SITE_DIR, `search-index/${lang}.json`), "utf8");
    const t0 = performance.now();
    const index = loadIndex(json, lang);
    search(index, QUERIES[lang][0] as string);
    firsts.push(performance.now() - t0);
    for (let round = 0; round < 50; round++) {
      for (const q of QUERIES[lang]) {
        const start = performance.now();
        search(index, q);
        timings.push(performance.now() - start);
      }
    }
  }
  return {
    p50: median(timings),
    p95: percentile(timings, 95),
    first: Math.max(...firsts),
    n: timings.length,
  };
}

/** An exercise page in any of its views (individual, facilitator, projector, printable guide). */
const EXERCISE_PAGE = /^\/(sv\/ovningar|en\/exercises)\/[a-z0-9-]+\/([a-z-]+\/)?$/;

function exerciseFigure(loads: ({ path: string } & PageLoad)[]): Figures {
  if (loads.length === 0) throw new Error("no exercise pages in the build");
  const worst = loads.reduce((a, b) => (b.totalBytes > a.totalBytes ? b : a));
  return {
    "exercise.first_view_kb": {
      value: worst.totalBytes / 1024,
      unit: "KB",
      target: 30,
      better: "lower",
      how: `Largest first view over all ${loads.length} exercise pages in every view (${worst.path}), measured as manual.first_view_kb: bytes transferred (brotli) for the page and everything it loads, cold cache, in Chromium.`,
    },
  };
}

/** Only the exercise pages' figure, for a quick run: node bench/src/run.ts exercise */
export async function benchExercises(browser: Browser, base: string): Promise<Figures> {
  const loads = [];
  for (const path of sitePages().filter((p) => EXERCISE_PAGE.test(p)))
    loads.push({ path, ...(await firstView(browser, base + path)) });
  return exerciseFigure(loads);
}

export async function benchManual(browser: Browser, base: string): Promise<Figures> {
  const pages = sitePages();
  const loads = [];
  for (const path of pages) loads.push({ path, ...(await firstView(browser, base + path)) });
  const content = loads.filter((l) => l.path.includes("/manual/"));
  const worst = loads.reduce((a, b) => (b.totalBytes > a.totalBytes ? b : a));
  const worstJs = content.reduce((a, b) => (b.jsBytes > a.jsBytes ? b : a));
  const exercises = loads.filter((l) => EXERCISE_PAGE.test(l.path));
  const swBytes = statSync(join(SITE_DIR, "sw.js.br")).size;
  const lcps = (await lcpRuns(browser, `${base}/sv/`)).lcp;
  const s = searchLatency();
  const kb = (n: number) => n / 1024;
  return {
    "manual.first_view_kb": {
      value: kb(worst.totalBytes),
      unit: "KB",
      target: 100,
      better: "lower",
      how: `Largest first view over all ${pages.length} pages (${worst.path}), bytes transferred (brotli) for the page and everything it loads, cold cache, in Chromium. Mean ${kb(loads.reduce((a, l) => a + l.totalBytes, 0) / loads.length).toFixed(1)} KB.`,
    },
    ...exerciseFigure(exercises),
    "manual.content_js_kb": {
      value: kb(worstJs.jsBytes + swBytes),
      unit: "KB",
      target: 20,
      better: "lower",
      how: `Largest JS transferred on a manual content page (${worstJs.path}): ${worstJs.jsBytes} B of page scripts plus the service worker script (${swBytes} B, brotli).`,
    },
    "manual.search_p50_ms": {
      value: s.p50,
      unit: "ms",
      target: null,
      better: "lower",
      how: `Median of ${s.n} queries (sv and en, whole words and prefixes) over the whole prebuilt index, Node 24 (V8), same code as the browser.`,
    },
    "manual.search_p95_ms": {
      value: s.p95,
      unit: "ms",
      target: 10,
      better: "lower",
      how: `95th percentile of ${s.n} queries (sv and en, whole words and prefixes) over the whole prebuilt index, Node 24 (V8), same code as the browser.`,
    },
    "manual.search_first_ms": {
      value: s.first,
      unit: "ms",
      target: null,
      better: "lower",
      how: "Parsing the prebuilt index and answering the first query (the slower language), excluding the download.",
    },
    "manual.offline_precache_kb": {
      value: kb(
        pages.reduce((sum, p) => {
          const file = join(SITE_DIR, p, "index.html.br");
          return sum + statSync(file).size;
        }, 0),
      ),
      unit: "KB",
      target: null,
      better: "lower",
      how: "Brotli size of every page the service worker caches after the first visit (assets and search index not included).",
    },
    "manual.lcp_ms": {
      value: median(lcps),
      unit: "ms",
      target: 1000,
      better: "lower",
      how: `Median of ${LCP_RUNS} cold loads of /sv/ in Chromium with DevTools' Slow 4G (562.5 ms latency, 1.44 Mbit/s) and 4× CPU slowdown; runs ${lcps.map(ms).join(", ")} ms.`,
    },
    ...(await benchPhone(browser, base)),
  };
}
