/**
 * The OpenAPI document partners build on (IOM's and Plattformen's systems, the agency's reporting
 * scripts): every operation named, summarised and with its security stated; Redocly's
 * recommended rules report no errors; and a TypeScript client generated from it compiles.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../testing.ts";

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
}
type Document = {
  info: { license?: { name: string; identifier?: string } };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
};

let t: TestApp;
let doc: Document;
beforeAll(async () => {
  t = await testApp("pglite");
  doc = (await (await t.app.request("/api/openapi.json")).json()) as Document;
});
afterAll(() => t?.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );

describe("the OpenAPI document", () => {
  it("names every operation once, summarises it and states its security as the guard enforces it", () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations()) {
      expect(op.summary, `${method} ${path}`).toBeTruthy();
      const declared = t.app.declarations.find(
        (d) => d.method === method.toUpperCase() && d.path === path.replace(/\{(\w+)\}/g, ":$1"),
      );
      expect(declared, `${method} ${path}`).toBeDefined();
      expect(op.security, `${method} ${path}`).toEqual(declared?.access === "public" ? [] : [{ bearer: [] }]);
    }
    expect(doc.info.license).toEqual({ name: "European Union Public Licence 1.2", identifier: "EUPL-1.2" });
    expect(doc.servers).toEqual([{ url: "/", description: "This Stödkedjan server" }]);
  });

  it("passes Redocly's recommended rules without an error", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: "openapi.json",
      config,
    });
    const errors = problems
      .filter((p) => p.severity === "error")
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(", ")}`);
    expect(errors).toEqual([]);
  });

  it("generates a TypeScript client that compiles and knows every operation", async () => {
    const dir = mkdtempSync(join(tmpdir(), "openapi-client-"));
    try {
      writeFileSync(join(dir, "schema.ts"), astToString(await openapiTS(JSON.stringify(doc))));
      const ids = operations().map(({ op }) => op.operationId as string);
      // A partner's typed call, and a record that fails to compile unless the client has exactly our operations.
      writeFileSync(
        join(dir, "client.ts"),
        `import type { operations, paths } from "./schema.ts";
type Lookup = paths["/api/v1/directory/lookup"]["get"];
export async function lookup(base: string, q: Lookup["parameters"]["query"]["q"]) {
  const res = await fetch(\`\${base}/api/v1/directory/lookup?q=\${encodeURIComponent(q)}\`);
  return (await res.json()) as Lookup["responses"][200]["content"]["application/json"];
}
export const every: Record<keyof operations, true> = { ${ids.map((id) => `${id}: true`).join(", ")} };
`,
      );
      const program = ts.createProgram([join(dir, "client.ts")], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        allowImportingTsExtensions: true,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        types: [],
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
