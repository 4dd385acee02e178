/**
 * The public manual's figures: bytes on first view, JS on content pages, search latency and
 * the start page's largest contentful paint under Slow 4G with 4× CPU slowdown.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadIndex, search } from "@stodkedjan/domain/search";
import { SITE_DIR } from "@stodkedjan/server";
import type { Browser } from "playwright-core";
import { sitePages } from "../../e2e/pages.ts";
import { type Figure, median, percentile } from "./results.ts";

type Figures = Record<string, Omit<Figure, "measured_at">>;

/** Chrome DevTools' "Slow 4G" preset (the former "Fast 3G"): 562.5 ms latency, 1.44 Mbit/s down. */
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};

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

/**
 * A new visitor on a phone: cold cache, no service worker, Slow 4G and 4× CPU slowdown. Returns
 * the largest contentful paint and the cumulative layout shift once the page has settled.
 */
export async function phoneLoad(browser: Browser, url: string): Promise<{ lcp: number; cls: number }> {
  const context = await browser.newContext({
    serviceWorkers: "block",
    viewport: { width: 412, height: 823 },
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(1500); // late scripts and their shifts
  const value = await page.evaluate(
    () =>
      new Promise<{ lcp: number; cls: number }>((resolve) => {
        let cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & {
            value: number;
            hadRecentInput: boolean;
          })[])
            if (!e.hadRecentInput) cls += e.value;
        }).observe({ type: "layout-shift", buffered: true });
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve({ lcp: entries[entries.length - 1]?.startTime ?? Number.NaN, cls });
        }).observe({ type: "largest-contentful-paint", buffered: true });
      }),
  );
  await context.close();
  return value;
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
  const lcps: number[] = [];
  for (let i = 0; i < 5; i++) lcps.push((await phoneLoad(browser, `${base}/sv/`)).lcp);
  const rootLcps: number[] = [];
  for (let i = 0; i < 5; i++) rootLcps.push((await phoneLoad(browser, `${base}/`)).lcp);
  // Layout shift on every page a new visitor may land on under the same conditions.
  const shifts: { path: string; cls: number }[] = [];
  for (const path of ["/", ...pages]) shifts.push({ path, cls: (await phoneLoad(browser, base + path)).cls });
  const worstShift = shifts.reduce((a, b) => (b.cls > a.cls ? b : a));
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
      how: `Median of 5 cold loads of /sv/ in Chromium with DevTools' Slow 4G (562.5 ms latency, 1.44 Mbit/s) and 4× CPU slowdown; runs ${lcps.map((l) => l.toFixed(0)).join(", ")} ms.`,
    },
    "manual.lcp_root_ms": {
      value: median(rootLcps),
      unit: "ms",
      target: 1000,
      better: "lower",
      how: `Median of 5 cold loads of / (the Swedish start page itself, no redirect) as a new visitor arrives: Chromium, Slow 4G, 4× CPU slowdown, no service worker; runs ${rootLcps.map((l) => l.toFixed(0)).join(", ")} ms.`,
    },
    "manual.cls_max": {
      value: worstShift.cls,
      unit: "ratio",
      target: 0.1,
      better: "lower",
      how: `Largest cumulative layout shift over all ${shifts.length} pages (${worstShift.path}), each loaded cold on a 412 px phone under Slow 4G and 4× CPU slowdown, measured 1.5 s after load.`,
    },
  };
}
