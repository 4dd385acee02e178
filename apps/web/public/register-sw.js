// Registers the service worker that keeps the manual available offline. A file of its own
// (not inline) so the Content-Security-Policy can forbid inline scripts.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // Offline support is an enhancement; the site works without it.
  });
}
