/**
 * A search form outside the search page: the query goes to the search page in the URL's
 * fragment, which the browser never sends, so no request carries it.
 */
import { searchHash } from "./search-url.ts";

for (const form of document.querySelectorAll<HTMLFormElement>("form[data-search-form]")) {
  if (form.querySelector("#search-input")) continue; // the search page runs its own form
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = (form.elements.namedItem("q") as HTMLInputElement).value;
    location.assign(`${form.action.replace(/[?#].*$/, "")}${searchHash(q)}`);
  });
}
