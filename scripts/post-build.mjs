// Trunk's post_build hook. Trunk starts the hooks of one stage side by side, and these two
// steps depend on each other (the service worker's version hashes the final index.html), so one
// hook runs them in order: the Content-Security-Policy first, then the offline files.
await import("./csp.mjs");
await import("./offline.mjs");
