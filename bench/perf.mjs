// Browser timings of the release build in headless Chromium (not part of the pass/fail suite):
//   trunk build --release && node bench/perf.mjs [--loads 20] [--edits 30]
// - time to interactive: navigation start → the matrix is rendered (the designer is usable),
//   median and p95 of N cold loads, each in a fresh browser context;
// - edit → preview painted: toggling a tier's Multi-AZ checkbox (an edit that is not debounced)
//   until two animation frames later: the update runs before the first, the second is painted.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium } from "../e2e/support/browser.mjs";
import { serveStatic } from "../e2e/support/static-server.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = process.env.DIST_DIR ?? join(HERE, "..", "dist");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const LOADS = arg("--loads", 20);
const EDITS = arg("--edits", 30);

const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (v) => `${v.toFixed(1).padStart(8)} ms`;

const server = await serveStatic(DIST);
const browser = await launchChromium();
try {
  const tti = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="matrix-cell"]')) {
          requestAnimationFrame(() => {
            window.__tti = performance.now();
          });
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => window.__tti !== undefined);
    tti.push(await page.evaluate(() => window.__tti));
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByTestId("matrix-cell").first().waitFor();
  await page.getByRole("button", { name: "Tier prod in us-east-1" }).click();
  const box = page.locator('[id="f-tiers-2-database-multi_az"]');
  await box.waitFor();
  const edits = [];
  for (let i = 0; i < EDITS; i++) {
    edits.push(
      await box.evaluate(
        (el) =>
          new Promise((resolve) => {
            // The click's update (signals → memos → generate → DOM) runs on the main thread
            // before the next frame; the frame after it is the preview painted.
            const start = performance.now();
            el.click();
            requestAnimationFrame(() =>
              requestAnimationFrame(() => resolve(performance.now() - start)),
            );
          }),
      ),
    );
  }
  await context.close();

  console.log(`machine: ${process.env.HOSTNAME ?? "localhost"}, Chromium headless, ${LOADS} loads, ${EDITS} edits`);
  console.log("metric                              median          p95");
  console.log(`time to interactive             ${fmt(pct(tti, 50))} ${fmt(pct(tti, 95))}`);
  console.log(`edit → preview painted          ${fmt(pct(edits, 50))} ${fmt(pct(edits, 95))}`);
} finally {
  await browser.close();
  await server.close();
}
