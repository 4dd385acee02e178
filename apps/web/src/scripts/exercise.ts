/**
 * A case exercise in the browser. The scenes are anchors and CSS shows the targeted one, so all this
 * adds is: focus on the new scene's heading, the list of decisions actually made at the debrief
 * (each with the manual section behind it), keeping one's place when switching between the
 * facilitator and projector views, and the exercise-decision signal. Nothing is stored.
 */
import { emitSignal } from "./signal.ts";

const root = document.querySelector<HTMLElement>(".exercise");
if (root) {
  const exercise = root.dataset.exercise ?? "";
  const path: { node: string; choice: string }[] = [];

  root.addEventListener("click", (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>("a[data-choice]");
    if (!link) return;
    const node = link.dataset.node ?? "";
    const choice = link.dataset.choice ?? "";
    // Going back and choosing again replaces the decisions from that point on.
    const again = path.findIndex((d) => d.node === node);
    if (again >= 0) path.splice(again);
    path.push({ node, choice });
    emitSignal({ type: "exercise-decision", exercise, node, choice });
  });

  const renderPath = (list: HTMLOListElement) => {
    list.replaceChildren(
      ...path.map(({ node, choice }) => {
        const outcome = document.getElementById(`c-${node}-${choice}`) as HTMLElement;
        const item = document.createElement("li");
        const title = document.createElement("strong");
        title.textContent = `${outcome.dataset.nodeTitle}: `;
        const quality = outcome.querySelector(".feedback strong")?.textContent ?? "";
        const text = document.createElement("p");
        text.append(title, `${outcome.dataset.choiceText} – ${quality}`);
        const feedback = document.createElement("p");
        feedback.textContent = outcome.querySelector("[data-feedback]")?.textContent ?? "";
        const manual = outcome.querySelector("[data-manual]")?.parentElement?.cloneNode(true) as HTMLElement;
        item.className = `decision q-${outcome.dataset.quality}`;
        item.append(text, feedback, manual);
        return item;
      }),
    );
  };

  const show = (focus: boolean) => {
    const id = decodeURIComponent(location.hash.slice(1));
    const scene = id ? document.getElementById(id) : null;
    if (id === "intro") path.splice(0);
    if (scene?.hasAttribute("data-debrief")) {
      const list = scene.querySelector<HTMLOListElement>("#path-list");
      if (list) {
        renderPath(list);
        (list.parentElement as HTMLElement).hidden = path.length === 0;
      }
    }
    for (const link of root.querySelectorAll<HTMLAnchorElement>("a[data-keep-place]")) {
      link.hash = scene ? id : "";
    }
    if (focus && scene) scene.querySelector<HTMLElement>("h2[tabindex]")?.focus();
  };
  window.addEventListener("hashchange", () => show(true));
  show(false);
}
