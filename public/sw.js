// tfdesign's service worker: after one visit the designer opens and works with no network.
//
// scripts/offline.mjs (a Trunk post-build hook) writes this file into dist/ with the list of the
// build's own files and a version made from their contents, so every build that changes a file
// installs a new cache and drops the old one. Nothing but the app's own files is cached and
// nothing is sent anywhere: designs live in the page, never in this worker.
const VERSION = "__TFDESIGN_VERSION__";
const FILES = __TFDESIGN_FILES__;
const CACHE = `tfdesign-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("tfdesign-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // The page itself: the network first, so a new release shows up when online; the cached
    // copy when the network is gone. A design in the address (query or fragment) is the page's
    // business, not the cache key's.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put("/", copy));
          }
          return response;
        })
        .catch(() => caches.open(CACHE).then((cache) => cache.match("/")).then((cached) => cached ?? Response.error())),
    );
    return;
  }
  // A file named by its content hash (Trunk's wasm, glue, CSS, icon): the cached copy is always
  // the right one. Any other (the generator's worker files, which Trunk does not hash, the
  // manifest) must match the page the network just gave, so it too comes from the network
  // first, and from this build's cache when the network is gone.
  const hashed = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/.test(new URL(request.url).pathname);
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      hashed
        ? cache.match(request).then((cached) => cached ?? fetch(request))
        : fetch(request)
            .then((response) => {
              if (response.ok) cache.put(request, response.clone());
              return response;
            })
            .catch(() => cache.match(request).then((cached) => cached ?? Response.error())),
    ),
  );
});
