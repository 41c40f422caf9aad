// Time to interactive of the designer against the floor Leptos itself sets (issue 17):
//   trunk build --release && node bench/tti.mjs [--loads 20] [--no-gzip]
// Builds the benchmark fixture bench/minimal-leptos (the smallest Leptos CSR page, with the app's
// release profile and tools) when its dist/ is missing, then loads the designer and the fixture
// alternately, each load cold in a fresh browser context, both served from localhost as
// production would (gzip), and prints the medians and the ratio. Budget: the designer's median
// ≤ 200 ms and ≤ 1.5× the fixture's. A benchmark: it prints numbers and asserts nothing.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium } from "../e2e/support/browser.mjs";
import { serveStatic } from "../e2e/support/static-server.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");

/** The designer is interactive once its matrix and inspector are in the DOM (and a frame ran). */
export const DESIGNER_READY = ['[data-testid="matrix-cell"]', ".inspector"];
const FIXTURE_READY = ['[data-testid="ready"] input'];

/**
 * One cold load of `url` in a fresh context: milliseconds from navigation start until every
 * selector of `ready` matches and the next animation frame has run.
 */
export async function coldLoad(browser, url, ready) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript((selectors) => {
      new MutationObserver((_, observer) => {
        if (selectors.every((selector) => document.querySelector(selector) !== null)) {
          observer.disconnect();
          requestAnimationFrame(() => {
            window.__tti = performance.now();
          });
        }
      }).observe(document, { childList: true, subtree: true });
    }, ready);
    await page.goto(url);
    await page.waitForFunction(() => window.__tti !== undefined);
    return await page.evaluate(() => window.__tti);
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

async function main() {
  const i = process.argv.indexOf("--loads");
  const loads = i > 0 ? Number(process.argv[i + 1]) : 20;
  const gzip = !process.argv.includes("--no-gzip");
  const appDist = process.env.DIST_DIR ?? join(ROOT, "dist");
  const fixture = join(HERE, "minimal-leptos");
  if (!existsSync(join(appDist, "index.html"))) throw new Error(`${appDist}/index.html is missing: run trunk build --release`);
  if (!existsSync(join(fixture, "dist", "index.html"))) {
    console.log("building the fixture bench/minimal-leptos (trunk build --release) …");
    execFileSync("trunk", ["build", "--release"], { cwd: fixture, stdio: "inherit" });
  }
  const app = await serveStatic(appDist, { gzip });
  const minimal = await serveStatic(join(fixture, "dist"), { gzip });
  const browser = await launchChromium();
  try {
    // One warm-up load each: the servers compress each file on its first request.
    await coldLoad(browser, `${app.url}/`, DESIGNER_READY);
    await coldLoad(browser, `${minimal.url}/`, FIXTURE_READY);
    const times = { designer: [], minimal: [] };
    for (let n = 0; n < loads; n++) {
      times.designer.push(await coldLoad(browser, `${app.url}/`, DESIGNER_READY));
      times.minimal.push(await coldLoad(browser, `${minimal.url}/`, FIXTURE_READY));
    }
    const d = median(times.designer);
    const m = median(times.minimal);
    console.log(`time to interactive, ${loads} cold loads each, alternating, ${gzip ? "gzip" : "uncompressed"}:`);
    console.log(`  designer          median ${d.toFixed(1)} ms   (min ${Math.min(...times.designer).toFixed(1)}, max ${Math.max(...times.designer).toFixed(1)})   budget ≤ 200 ms`);
    console.log(`  minimal Leptos    median ${m.toFixed(1)} ms   (min ${Math.min(...times.minimal).toFixed(1)}, max ${Math.max(...times.minimal).toFixed(1)})`);
    console.log(`  ratio             ${(d / m).toFixed(2)}×   budget ≤ 1.5×`);
  } finally {
    await browser.close();
    await app.close();
    await minimal.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
