/**
 * A closed-loop HTTP load generator in a worker thread, so that issuing requests does not share
 * an event loop with the server under test (which runs on the bench's main thread). Each virtual
 * user keeps one request in flight over its own keep-alive connection and sends the next as soon
 * as the previous response body has arrived (no think time).
 */
import http from "node:http";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

export interface LoadRequest {
  /** Which latency series the request belongs to (e.g. "list", "detail"). */
  kind: string;
  path: string;
  /** GET when absent; a POST sends `body` as JSON. */
  method?: "GET" | "POST";
  body?: string;
  /** The status that counts as success (200 when absent). */
  status?: number;
  /** How many units of work the request carries (e.g. the events of a beacon); 1 when absent. */
  units?: number;
}

export interface VirtualUser {
  headers: Record<string, string>;
  /** Requests are taken in this order, cycling. */
  requests: LoadRequest[];
}

export interface LoadPlan {
  base: string;
  users: VirtualUser[];
  warmupMs: number;
  durationMs: number;
  /**
   * Mean think time between a response and the user's next request, exponentially distributed
   * (an open-ish model of people working); 0 or absent: none (saturation).
   */
  thinkMs?: number;
}

export interface LoadResult {
  /** Latency in ms of every request started in the measured window, per kind. */
  latencies: Record<string, number[]>;
  /** Responses completed inside the measured window, per second. */
  rps: number;
  completed: number;
  /** Units of work (see LoadRequest.units) of the responses completed inside the window, per second. */
  unitsPerS: number;
  /** Units of work of every successful response of the whole run, warm-up included. */
  acknowledgedUnits: number;
  errors: number;
  /** The first few unexpected responses, for diagnosis. */
  errorSamples: string[];
  windowMs: number;
}

/** Runs the plan in a fresh worker thread and resolves with its measurements. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: plan });
    worker.once("message", (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function generate(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL(plan.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.users.length });
  const latencies: Record<string, number[]> = {};
  const errorSamples: string[] = [];
  let errors = 0;
  let completed = 0;
  let completedUnits = 0;
  let acknowledgedUnits = 0;
  const t0 = performance.now();
  const measureFrom = t0 + plan.warmupMs;
  const stopAt = measureFrom + plan.durationMs;

  const once = (
    headers: Record<string, string>,
    { path, method = "GET", body, status: ok = 200 }: LoadRequest,
  ) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path,
          method,
          headers: body ? { ...headers, "content-type": "application/json" } : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            if (res.statusCode !== ok && errorSamples.length < 5)
              errorSamples.push(
                `${res.statusCode} ${path}: ${Buffer.concat(chunks).toString().slice(0, 200)}`,
              );
            resolve(res.statusCode === ok ? 200 : (res.statusCode ?? 0));
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  const user = async (vu: VirtualUser, offset: number) => {
    let i = offset;
    for (;;) {
      const start = performance.now();
      if (start >= stopAt) return;
      const r = vu.requests[i++ % vu.requests.length] as LoadRequest;
      let status = 0;
      try {
        status = await once(vu.headers, r);
      } catch (e) {
        if (errorSamples.length < 5) errorSamples.push(String(e));
      }
      const end = performance.now();
      if (start >= measureFrom) {
        if (status !== 200) errors++;
        const series = latencies[r.kind] ?? [];
        latencies[r.kind] = series;
        series.push(end - start);
      }
      if (status === 200) acknowledgedUnits += r.units ?? 1;
      if (end >= measureFrom && end < stopAt) {
        completed++;
        completedUnits += r.units ?? 1;
      }
      if (plan.thinkMs) await sleep(-Math.log(1 - Math.random()) * plan.thinkMs);
    }
  };
  await Promise.all(
    plan.users.map(async (vu, k) => {
      // Paced users start spread over one think time rather than all at once.
      if (plan.thinkMs) await sleep(Math.random() * plan.thinkMs);
      await user(vu, k * 7919);
    }),
  );
  agent.destroy();
  return {
    latencies,
    rps: completed / (plan.durationMs / 1000),
    completed,
    unitsPerS: completedUnits / (plan.durationMs / 1000),
    acknowledgedUnits,
    errors,
    errorSamples,
    windowMs: plan.durationMs,
  };
}

if (!isMainThread && parentPort && (workerData as LoadPlan | undefined)?.users) {
  const port = parentPort;
  generate(workerData as LoadPlan).then((r) => port.postMessage(r));
}
