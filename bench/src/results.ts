/** bench/results/latest.json: one object of named figures (name → { value, unit, target, better, measured_at, how }). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Figure {
  value: number;
  unit: "ms" | "KB" | "ratio" | "per_s";
  target: number | null;
  better: "lower" | "higher";
  measured_at: string;
  how: string;
}

const dir = fileURLToPath(new URL("../results/", import.meta.url));
const file = `${dir}latest.json`;

/** Merges new figures into latest.json, keeping figures other benchmarks wrote. */
export function record(figures: Record<string, Omit<Figure, "measured_at">>): void {
  mkdirSync(dir, { recursive: true });
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, Figure>) : {};
  const measured_at = new Date().toISOString();
  const next = { ...previous };
  for (const [name, f] of Object.entries(figures))
    next[name] = { ...f, value: Math.round(f.value * 100) / 100, measured_at };
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const median = (values: number[]) => percentile(values, 50);

export type Figures = Record<string, Omit<Figure, "measured_at">>;

export function print(figures: Figures) {
  for (const [name, f] of Object.entries(figures)) {
    const target = f.target === null ? "" : ` (target ${f.better === "lower" ? "≤" : "≥"} ${f.target})`;
    console.log(
      `${name.padEnd(28)} ${String(Math.round(f.value * 100) / 100).padStart(8)} ${f.unit}${target}`,
    );
  }
}
