// Stödkedjan's service worker: makes every page of the manual, the guide and the directory
// available offline after the first visit. Pages are fetched from the network first (so an
// update shows at once when online) and from the cache when offline; hashed assets come
// from the cache. A new build has a new VERSION: it installs, takes over and clears the old cache.
const VERSION = "__VERSION__";
const URLS = ["__URLS__"];
const CACHE = `stodkedjan-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(URLS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith("stodkedjan-") && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/"))
    return;
  if (url.pathname.startsWith("/_astro/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() =>
        caches
          .match(url.pathname, { ignoreSearch: true })
          .then((hit) => hit || caches.match(url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`))
          .then((hit) => hit || new Response("Offline", { status: 503 })),
      ),
  );
});
