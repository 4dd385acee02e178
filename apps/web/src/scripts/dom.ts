/** Tiny DOM helpers shared by the guide, the aid and the directory. */
import type { Coordinator } from "@stodkedjan/content";
import { strings } from "../lib/i18n.ts";

type Child = Node | string;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

export function coordinatorCard(k: Coordinator, lang: "sv" | "en"): HTMLElement {
  const t = strings[lang].directory;
  return el(
    "div",
    { class: "coordinator" },
    el("strong", {}, k.name),
    el("br"),
    `${t.focus[k.focus]} · ${t.host} ${k.host}`,
    el("br"),
    `${t.phone}: `,
    el("a", { class: "tel", href: `tel:${k.phone.replace(/\D/g, "")}` }, k.phone),
    el("br"),
    `${t.email}: `,
    el("a", { href: `mailto:${k.email}` }, k.email),
    ...(k.placeholder ? [el("br"), el("span", { class: "badge" }, t.placeholder)] : []),
  );
}

/** Reads the data a page embedded for its script with components/DataScript.astro. */
export function readData<T>(id: string): T {
  const text = document.getElementById(id)?.textContent;
  if (!text) throw new Error(`no data #${id} in the page`);
  return JSON.parse(text) as T;
}
