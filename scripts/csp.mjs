// Trunk post-build hook: adds a strict Content-Security-Policy to the built index.html.
//
// Trunk's loader is one inline module script; it is allowed by its SHA-256 hash, so no
// 'unsafe-inline' is needed for scripts. The wasm is fetched from the page's own origin
// ('self' in connect-src) and compiled ('wasm-unsafe-eval'); the generator's Web Worker is
// started from the page's own origin (worker-src 'self'; its loader shim imports the worker's
// wasm-bindgen glue with importScripts, under the worker's own policy). Nothing else may be loaded from
// anywhere, and nothing may be sent anywhere: no remote origin appears in the policy.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("csp.mjs: TRUNK_STAGING_DIR is not set (run as a Trunk post_build hook)");
  process.exit(2);
}
const path = join(dir, "index.html");
let html = readFileSync(path, "utf8");
const scripts = [...html.matchAll(/<script(?: [^>]*)?>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = scripts.map((s) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "connect-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join("; ");
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, "");
html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    ${meta}`);
if (!html.includes(meta)) {
  console.error("csp.mjs: could not place the policy (no <meta charset> in index.html)");
  process.exit(1);
}
writeFileSync(path, html);
console.log(`csp.mjs: policy with ${hashes.length} inline script hash(es) written to ${path}`);
