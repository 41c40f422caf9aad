// Keystroke → paint in the 10× design (30 services × 4 tiers × 3 regions, from
// `tfdesign design --scaled 30,4,3`), in headless Chromium (not part of the pass/fail suite):
//   trunk build --release && node bench/keystroke.mjs [--keys 40]
// (DIST_DIR=… serves another build.) Prints, median and p95:
// - import → matrix: from the file picker's change event until every cell is in the DOM;
//   import → whole bundle generated (the app's performance mark); import → file count: until
//   the count shows the imported bundle's files;
// - per keystroke typed into a field of the selected service (its name, which the matrix
//   shows, and its description, which it does not): "rendered" is the main thread's work until
//   the change is in the DOM and laid out, "painted" until the frame showing it was produced;
//   "matrix nodes" is how many elements of the matrix were added or removed by that keystroke
//   (0 when an edit updates text in place instead of rebuilding rows).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../e2e/support/browser.mjs';
import { serveStatic } from '../e2e/support/static-server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const DIST = process.env.DIST_DIR ?? join(ROOT, 'dist');
const i = process.argv.indexOf('--keys');
const KEYS = i > 0 ? Number(process.argv[i + 1]) : 40;

const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const row = (label, values, unit = 'ms') =>
  console.log(
    `${label.padEnd(46)} ${pct(values, 50).toFixed(1).padStart(8)} ${unit.padEnd(5)} ${pct(values, 95).toFixed(1).padStart(8)} ${unit}`,
  );

const tenX = execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'tfdesign', '--', 'design', '--scaled', '30,4,3'], {
  cwd: ROOT,
  encoding: 'utf8',
  maxBuffer: 16 << 20,
});

const design = JSON.parse(tenX);
const CELLS = design.services.length * design.tiers.reduce((n, t) => n + t.regions.length, 0);

const server = await serveStatic(DIST);
const browser = await launchChromium();
try {
  const imports = { matrix: [], generated: [], count: [] };
  let page;
  for (let run = 0; run < 5; run++) {
    await page?.context().close();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('bundle-file').first().waitFor({ state: 'attached' });
    const before = (await page.getByTestId('bundle-count').textContent()).trim();
    await page.evaluate(([before, cells]) => {
      window.__import = {};
      document.querySelector('#import-file').addEventListener('change', () => {
        window.__import.start = performance.now();
      }, { capture: true });
      new MutationObserver(() => {
        const t = performance.now();
        if (window.__import.matrix === undefined && document.querySelectorAll('[data-testid="matrix-cell"]').length === cells) {
          window.__import.matrix = t;
        }
        const count = document.querySelector('[data-testid="bundle-count"]')?.textContent.trim();
        if (window.__import.count === undefined && /^\d+ files?$/.test(count ?? '') && count !== before) window.__import.count = t;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, [before, CELLS]);
    await page.locator('#import-file').setInputFiles({ name: 'tenx.json', mimeType: 'application/json', buffer: Buffer.from(tenX) });
    await page.waitForFunction(() => window.__import.matrix !== undefined && window.__import.count !== undefined, null, { timeout: 30000 });
    const t = await page.evaluate(() => ({
      ...window.__import,
      generated: performance.getEntriesByName('tfdesign:generated').at(-1).startTime,
    }));
    imports.matrix.push(t.matrix - t.start);
    imports.generated.push(t.generated - t.start);
    imports.count.push(t.count - t.start);
  }

  // Keystrokes, in the last page (the 10× design is open).
  await page.getByTestId('service-row').first().click();
  async function type(pointer) {
    const id = `f${pointer.replaceAll('/', '-')}`;
    await page.locator(`[id="${id}"]`).waitFor();
    const out = { rendered: [], painted: [], nodes: [] };
    for (let k = 0; k < KEYS; k++) {
      const t = await page.evaluate(
        ([id, k]) =>
          new Promise((resolve) => {
            const input = document.getElementById(id);
            const matrix = document.querySelector('[data-testid="matrix"]');
            let nodes = 0;
            const observer = new MutationObserver((records) => {
              for (const r of records) nodes += r.addedNodes.length + r.removedNodes.length;
            });
            observer.observe(matrix, { subtree: true, childList: true });
            let paintedAt;
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => {
                paintedAt = performance.now();
              };
              channel.port2.postMessage(null);
            });
            const start = performance.now();
            // One keystroke: a letter (a name stays valid), every eighth one taken back.
            input.value = k % 8 === 7 ? input.value.slice(0, -1) : `${input.value}${'abcdefgh'[k % 8]}`;
            input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
            setTimeout(() => {
              document.body.getBoundingClientRect();
              const laidOut = performance.now();
              const done = () => {
                if (paintedAt === undefined) return setTimeout(done, 2);
                observer.takeRecords().forEach((r) => (nodes += r.addedNodes.length + r.removedNodes.length));
                observer.disconnect();
                resolve([laidOut - start, paintedAt - start, nodes]);
              };
              done();
            }, 0);
          }),
        [id, k],
      );
      out.rendered.push(t[0]);
      out.painted.push(t[1]);
      out.nodes.push(t[2]);
      await page.waitForTimeout(120); // a fast typist: about eight keys a second
    }
    return out;
  }
  const name = await type('/services/0/name');
  const description = await type('/services/0/description');

  console.log(`Chromium headless, 1440×900, 10× design (30 services × 4 tiers × 3 regions), ${KEYS} keystrokes per field, 5 imports`);
  console.log(`${'metric'.padEnd(46)} ${'median'.padStart(14)} ${'p95'.padStart(13)}`);
  row(`import → matrix (${CELLS} cells)`, imports.matrix);
  row('import → whole bundle generated', imports.generated);
  row('import → file count', imports.count);
  row('keystroke in service name → rendered', name.rendered);
  row('keystroke in service name → painted', name.painted);
  row('keystroke in service name → matrix nodes', name.nodes, 'nodes');
  row('keystroke in description → rendered', description.rendered);
  row('keystroke in description → painted', description.painted);
  row('keystroke in description → matrix nodes', description.nodes, 'nodes');
} finally {
  await browser.close();
  await server.close();
}
