// Large designs (issue 19, major 5): at 30 services the matrix's header rows and service column
// stay in view while it scrolls, names wrap only at hyphens (never mid-word; "us-west-2" stays
// one line), and the file count never shows the count of the design an import replaced.
// Screenshots of the scrolled matrix at 1920, 1440 and 1024 px go to e2e/artifacts/.
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { ARTIFACTS, openDesigner, useApp } from './support/suite.mjs';

const app = useApp();

/** The exported sports-cards design with its three services copied to 30 (renamed copies). */
function thirtyServices(json) {
  const design = JSON.parse(json);
  const originals = design.services;
  design.services = [];
  for (let k = 0; k < 10; k++) {
    for (const s of originals) {
      design.services.push({ ...structuredClone(s), name: k === 0 ? s.name : `${s.name}-${k}` });
    }
  }
  return JSON.stringify(design);
}

/**
 * Where the text of each element matching `selector` wraps onto a new line, as
 * "text: the characters before|after the break" for every break that is not after a hyphen,
 * a space or a slash (a break inside a word).
 */
function midWordBreaks(page, selector) {
  return page.evaluate((selector) => {
    const found = [];
    for (const element of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let previous = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width === 0) continue;
          const ch = node.data[i];
          if (previous && rect.top > previous.top + previous.height / 2 && !/[-\s/]/.test(previous.ch) && !/\s/.test(ch)) {
            found.push(`${element.textContent.trim()}: …${previous.ch}|${ch}…`);
          }
          previous = { top: rect.top, height: rect.height, ch };
        }
      }
    }
    return found;
  }, selector);
}

test('at 30 services the matrix keeps its headers in view, names never break mid-word, the count follows an import', async (t) => {
  const { context, page, errors, designer } = await openDesigner(app);
  const exported = await designer.exportJson();
  const oldCount = await designer.countText();

  // From the import on, the count either says the bundle is being generated or shows the new
  // bundle's count: never the count of the design the import replaced.
  await page.evaluate((oldCount) => {
    window.__stale = [];
    new MutationObserver(() => {
      const rows = document.querySelectorAll('[data-testid="service-row"]').length;
      const count = document.querySelector('[data-testid="bundle-count"]')?.textContent.trim();
      if (rows === 30 && count === oldCount) window.__stale.push(count);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, oldCount);
  await designer.importFile('thirty.json', thirtyServices(exported.text));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 30);
  await page.waitForFunction(() => /^\d+ files$/.test(document.querySelector('[data-testid="bundle-count"]').textContent.trim()));
  const listed = await designer.files.count();
  assert.equal(await designer.countText(), `${listed} files`);
  assert.ok(listed > 187, `${listed} files for 30 services`);
  assert.deepEqual(await page.evaluate(() => window.__stale), [], 'the count of the replaced design was shown');

  for (const width of [1920, 1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    const scroller = page.getByTestId('matrix-scroll');
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    // Names: wrapped only at hyphens, spaces or slashes; region names on one line.
    const broken = await midWordBreaks(page, '[data-testid="service-row"], .tier-head .head-button, .matrix .region-name, .file, .code-path');
    assert.deepEqual(broken, [], `at ${width} px names break mid-word`);
    const regionLines = await page.$$eval('.matrix .region-name', (names) =>
      names.map((n) => {
        const range = document.createRange();
        range.selectNodeContents(n);
        return [n.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
      }),
    );
    t.diagnostic(`regions: ${JSON.stringify(regionLines)}`);
    for (const [name, lines] of regionLines) assert.equal(lines, 1, `at ${width} px ${name} takes ${lines} lines`);

    // Scrolled down and sideways: the header rows stay at the top of the matrix's box, the
    // service names at its left.
    await scroller.evaluate((el) => el.scrollTo(400, 600));
    const geometry = await page.evaluate(() => {
      const box = document.querySelector('[data-testid="matrix-scroll"]').getBoundingClientRect();
      const tierHead = document.querySelector('.tier-head').getBoundingClientRect();
      const regionHead = document.querySelector('.region-head').getBoundingClientRect();
      const scroller = document.querySelector('[data-testid="matrix-scroll"]');
      const rows = [...document.querySelectorAll('[data-testid="service-row"]')];
      // The first row whose name is below the header rows.
      const row = rows.find((r) => r.getBoundingClientRect().top > tierHead.bottom);
      const name = row.closest('th').getBoundingClientRect();
      // What is drawn at the name's place: the name itself, not a cell scrolled under it.
      const hit = document.elementFromPoint(name.left + 4, name.top + name.height / 2);
      return {
        scrolled: [scroller.scrollLeft, scroller.scrollTop],
        box: [Math.round(box.left), Math.round(box.top)],
        regionTop: Math.round(regionHead.top),
        tierBottom: Math.round(tierHead.bottom),
        nameLeft: Math.round(name.left),
        nameOnTop: !!hit?.closest('th[scope="row"]'),
      };
    });
    t.diagnostic(`width ${width}: ${JSON.stringify(geometry)}`);
    assert.ok(geometry.scrolled[1] > 0, 'the matrix did not scroll (no own scroll box)');
    assert.ok(Math.abs(geometry.regionTop - geometry.box[1]) <= 4, `at ${width} px the region headers scrolled away`);
    assert.ok(geometry.tierBottom > geometry.box[1], `at ${width} px the tier headers scrolled away`);
    if (geometry.scrolled[0] > 0) {
      assert.ok(Math.abs(geometry.nameLeft - geometry.box[0]) <= 4, `at ${width} px the service names scrolled away`);
      assert.ok(geometry.nameOnTop, `at ${width} px a cell is drawn over the service name`);
    }
    await page.screenshot({ path: join(ARTIFACTS, `large-matrix-${width}.png`) });
  }
  assert.deepEqual(errors, []);
  await context.close();
});
