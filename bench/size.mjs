// Transfer size of the built app (dist/): raw, gzip and brotli of every wasm, JS and CSS file.
// `node bench/size.mjs [--guard]`: with --guard, exits 1 when the gzipped total grows more than
// 10 % past its limit. The limit is the budget (issue 7: 200 KiB gzip for wasm + JS + CSS) or,
// while the app is still above the budget, the size recorded in bench/size-baseline.json: the
// guard then stops the app from growing, and the report says loudly that the budget is not met.
// Lower the baseline whenever the app shrinks.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const BUDGET_GZIP = 200 * 1024;
const baseline = JSON.parse(readFileSync(new URL("./size-baseline.json", import.meta.url), "utf8"));
const LIMIT = Math.max(BUDGET_GZIP, baseline.gzip_kib * 1024);
const GUARD = LIMIT * 1.1;
const dist = process.env.DIST_DIR || new URL("../dist/", import.meta.url).pathname;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(dist).filter((p) => /\.(wasm|js|css)$/.test(p) && !p.includes("/.stage/")).sort();
if (files.length === 0) {
  console.error(`no wasm/js/css in ${dist}: run trunk build --release first`);
  process.exit(2);
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
let total = { raw: 0, gzip: 0, brotli: 0 };
console.log(`${"file".padEnd(48)}      raw     gzip   brotli  (KiB)`);
for (const path of files) {
  const bytes = readFileSync(path);
  const row = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  for (const k of Object.keys(total)) total[k] += row[k];
  console.log(`${relative(dist, path).padEnd(48)} ${kb(row.raw)} ${kb(row.gzip)} ${kb(row.brotli)}`);
}
console.log(`${"total".padEnd(48)} ${kb(total.raw)} ${kb(total.gzip)} ${kb(total.brotli)}`);
console.log(`budget: ${kb(BUDGET_GZIP)} KiB gzip; guard fails above ${kb(GUARD)} KiB`);
if (total.gzip > BUDGET_GZIP) {
  console.log(
    `BUDGET NOT MET: ${kb(total.gzip).trim()} KiB gzip against ${kb(BUDGET_GZIP).trim()} KiB; ` +
      `the guard holds the recorded baseline (${baseline.gzip_kib} KiB) + 10 % until it is.`,
  );
}
if (process.argv.includes("--guard") && total.gzip > GUARD) {
  console.error(`size guard: ${kb(total.gzip)} KiB gzip is more than 10 % over ${kb(LIMIT)} KiB`);
  process.exit(1);
}
