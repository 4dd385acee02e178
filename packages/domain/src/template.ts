/** Fills `{name}` placeholders in a content text (content/ validates that each text uses exactly its own). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
