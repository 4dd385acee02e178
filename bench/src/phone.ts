/**
 * A new visitor on a phone: a fresh browser context (empty cache, no service worker), a 412 px
 * viewport, DevTools' Slow 4G and 4× CPU slowdown through CDP. Every step has a time limit, so a
 * page that hangs or a renderer that crashes fails with the page's name instead of stalling the
 * bench; the page is then loaded once more in a new context before the bench gives up.
 */
import { availableParallelism, loadavg } from "node:os";
import type { Browser, BrowserContext } from "playwright-core";

/** Chrome DevTools' "Slow 4G" preset (the former "Fast 3G"): 562.5 ms latency, 1.44 Mbit/s down. */
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};
const CPU_SLOWDOWN = 4;
const VIEWPORT = { width: 412, height: 823 };

/** Far above a throttled load of any page (a few seconds), low enough that a hang is noticed. */
const NAVIGATION_TIMEOUT_MS = 60_000;
/** Any other single step: opening a context, a CDP command, reading the figures, closing. */
const STEP_TIMEOUT_MS = 15_000;

export const PHONE_CONDITIONS = `a fresh context (empty cache, service worker blocked), ${VIEWPORT.width}×${VIEWPORT.height} px, DevTools' Slow 4G (${SLOW_4G.latency} ms latency, 1.44 Mbit/s down) and ${CPU_SLOWDOWN}× CPU slowdown through CDP`;

export interface LayoutShift {
  value: number;
  /** ms since navigation start. */
  at: number;
  /** The elements that moved, as `tag#id.class x,y w×h → x,y w×h` (CSS px in the viewport). */
  sources: string[];
}

export interface PhoneLoad {
  /** Largest contentful paint, ms since navigation start (NaN if the page painted no content). */
  lcp: number;
  /** When the HTML had fully arrived, ms since navigation start: the network's share of the LCP. */
  htmlEnd: number;
  /** Cumulative layout shift, shifts after user input excluded (there is none). */
  cls: number;
  shifts: LayoutShift[];
}

interface Vitals {
  read(): PhoneLoad;
}

/**
 * Runs in the page before its own scripts, so no entry is missed; `read` flushes entries not yet
 * delivered, so reading needs no waiting on an observer (which never calls back on a page without
 * a contentful paint).
 */
function observeVitals() {
  interface Shift extends PerformanceEntry {
    value: number;
    hadRecentInput: boolean;
    sources?: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
  }
  const describe = (node: Node | null | undefined): string => {
    if (!(node instanceof Element)) return node ? node.nodeName.toLowerCase() : "(removed)";
    const id = node.id ? `#${node.id}` : "";
    const classes = [...node.classList].map((c) => `.${c}`).join("");
    return `${node.tagName.toLowerCase()}${id}${classes}`;
  };
  const result = {
    lcp: Number.NaN,
    cls: 0,
    shifts: [] as { value: number; at: number; sources: string[] }[],
  };
  const onLcp = (entries: PerformanceEntry[]) => {
    for (const e of entries) result.lcp = e.startTime;
  };
  const onShift = (entries: PerformanceEntry[]) => {
    for (const e of entries as Shift[]) {
      if (e.hadRecentInput) continue;
      result.cls += e.value;
      result.shifts.push({
        value: e.value,
        at: e.startTime,
        sources: (e.sources ?? []).map((s) => {
          const [a, b] = [s.previousRect, s.currentRect];
          return `${describe(s.node)} ${a.x},${a.y} ${a.width}×${a.height} → ${b.x},${b.y} ${b.width}×${b.height}`;
        }),
      });
    }
  };
  const lcp = new PerformanceObserver((list) => onLcp(list.getEntries()));
  lcp.observe({ type: "largest-contentful-paint", buffered: true });
  const shift = new PerformanceObserver((list) => onShift(list.getEntries()));
  shift.observe({ type: "layout-shift", buffered: true });
  (window as unknown as { __vitals: Vitals }).__vitals = {
    read() {
      onLcp(lcp.takeRecords());
      onShift(shift.takeRecords());
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      return { ...result, htmlEnd: nav?.responseEnd ?? Number.NaN };
    },
  };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function loadOnce(browser: Browser, url: string, settleMs: number): Promise<PhoneLoad> {
  let context: BrowserContext | undefined;
  try {
    context = await within(
      browser.newContext({ serviceWorkers: "block", viewport: VIEWPORT }),
      STEP_TIMEOUT_MS,
      "opening a context",
    );
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    await context.addInitScript(observeVitals);
    const page = await within(context.newPage(), STEP_TIMEOUT_MS, "opening a page");
    const crashed = new Promise<never>((_, reject) =>
      page.once("crash", () => reject(new Error("the page's renderer crashed"))),
    );
    crashed.catch(() => {}); // only raced against the steps below
    const step = <T>(promise: Promise<T>, what: string, ms = STEP_TIMEOUT_MS) =>
      Promise.race([within(promise, ms, what), crashed]);
    const cdp = await step(context.newCDPSession(page), "opening a CDP session");
    await step(cdp.send("Network.enable"), "Network.enable");
    await step(cdp.send("Network.setCacheDisabled", { cacheDisabled: true }), "Network.setCacheDisabled");
    await step(cdp.send("Network.emulateNetworkConditions", SLOW_4G), "Network.emulateNetworkConditions");
    await step(
      cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN }),
      "Emulation.setCPUThrottlingRate",
    );
    await step(page.goto(url, { waitUntil: "load" }), "loading", NAVIGATION_TIMEOUT_MS + 5_000);
    await step(new Promise((resolve) => setTimeout(resolve, settleMs)), "settling", settleMs + 5_000);
    return await step(
      page.evaluate(() => (window as unknown as { __vitals: Vitals }).__vitals.read()),
      "reading LCP and layout shifts",
    );
  } finally {
    // A context whose browser side is gone may never answer; it is dropped with the browser.
    await within(context?.close() ?? Promise.resolve(), STEP_TIMEOUT_MS, "closing the context").catch(
      (e: Error) => console.warn(`phone load of ${url}: ${e.message}`),
    );
  }
}

/**
 * Loads `url` as a new visitor on a phone and reads LCP and layout shifts `settleMs` after the
 * load event. A failure (time limit, crash, closed context) is retried once in a new context.
 */
export async function phoneLoad(browser: Browser, url: string, settleMs: number): Promise<PhoneLoad> {
  try {
    return await loadOnce(browser, url, settleMs);
  } catch (first) {
    if (!browser.isConnected())
      throw new Error(`phone load of ${url}: the browser is gone (${(first as Error).message})`);
    console.warn(`phone load of ${url} failed, retrying once in a new context: ${(first as Error).message}`);
    try {
      return await loadOnce(browser, url, settleMs);
    } catch (second) {
      throw new Error(`phone load of ${url} failed twice: ${(second as Error).message}`, { cause: second });
    }
  }
}

/** Runs `task` over `items` with at most `width` at a time, results in the items' order. */
export async function pooled<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** The 1-minute load average, for the `how` of figures a busy machine may distort. */
export const load1 = () => loadavg()[0] ?? Number.NaN;

/** What the load averages seen during a measurement mean for a CPU-bound figure. */
export function machineLoad(seen: number[]): string {
  const cores = availableParallelism();
  const list = `1-minute load average ${seen.map((l) => l.toFixed(1)).join(" → ")} on ${cores} cores`;
  return Math.max(...seen) > cores
    ? `${list}: more work than cores, so the CPU-bound part is stretched beyond the emulated slowdown and the figure overstates a phone's`
    : `${list}: the machine was not saturated`;
}
