/** For tests: throwaway copies of content/ to break on purpose, each removed after its test. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import { CONTENT_DIR } from "./index.ts";

export function contentCopies() {
  let current: string | undefined;
  afterEach(() => {
    if (current) rmSync(current, { recursive: true, force: true });
    current = undefined;
  });
  const copies = {
    /** A fresh copy of the content folder, replacing the test's earlier one. */
    copy(): string {
      if (current) rmSync(current, { recursive: true, force: true });
      current = mkdtempSync(join(tmpdir(), "content-"));
      cpSync(CONTENT_DIR, current, {
        recursive: true,
        filter: (src) => !src.includes("node_modules") && !src.endsWith("/src"),
      });
      return current;
    },
    /** The current copy's folder. */
    get dir(): string {
      if (!current) throw new Error("copy() first");
      return current;
    },
    /** Changes one file of the copy; the change must change something. */
    edit(file: string, change: (s: string) => string) {
      const path = join(copies.dir, file);
      const before = readFileSync(path, "utf8");
      const after = change(before);
      expect(after, `the edit must change ${file}`).not.toBe(before);
      writeFileSync(path, after);
    },
  };
  return copies;
}
