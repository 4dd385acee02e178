/**
 * The one way to put data into a page for its script: JSON inside
 * `<script type="application/json">`. The HTML parser ends a script element at the first
 * `</script`, and `<!--` changes how it reads what follows, so `<`, `>` and `&` are written as
 * JSON's \u escapes; U+2028 and U+2029 likewise, so the text is also valid JavaScript. The
 * browser reads it back with `JSON.parse` unchanged (scripts/dom.ts `readData`).
 */
const UNSAFE = /[<>&\u2028\u2029]/g;

export function embedJson(data: unknown): string {
  const json = JSON.stringify(data);
  if (json === undefined) throw new TypeError("nothing to embed");
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
