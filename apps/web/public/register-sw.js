// The one script on every page: registers the service worker that keeps the manual available
// offline, and stamps printouts. A file of its own
// (not inline) so the Content-Security-Policy can forbid inline scripts.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // Offline support is an enhancement; the site works without it.
  });
}

// A printout carries the page's address and when it was printed (the page is read offline too,
// so the address on paper is the way back to it). The stamp is shown only in print (site.css).
window.addEventListener("beforeprint", () => {
  const stamp = document.querySelector(".print-stamp");
  if (!stamp) return;
  const lang = document.documentElement.lang === "en" ? "en-GB" : "sv-SE";
  const when = new Date().toLocaleString(lang, {
    timeZone: "Europe/Stockholm",
    dateStyle: "long",
    timeStyle: "short",
  });
  stamp.textContent = `${stamp.dataset.from} ${location.origin}${location.pathname} ${stamp.dataset.on} ${when}`;
});
