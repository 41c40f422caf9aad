// A phone (issue 19): at 390 px a person reviews a design opened from a share link. The
// toolbar stays compact, nothing is wider than the screen, and tapping a matrix cell (or a
// header) brings the inspector, far below, into view with what was tapped. Screenshots go to
// e2e/artifacts/phone-390.png (the top of the page) and phone-390-inspector.png.
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { ARTIFACTS, useApp } from './support/suite.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };

const app = useApp();

/** Where the inspector is: its top and bottom in the window, and its heading's subject. */
function inspectorPlace(page) {
  return page.evaluate(() => {
    const box = document.getElementById('inspector').getBoundingClientRect();
    return { top: Math.round(box.top), bottom: Math.round(box.bottom), height: window.innerHeight };
  });
}

test('at 390 px a shared design can be reviewed: a tap on the matrix shows its settings', async (t) => {
  // The link, made in a context of its own.
  const maker = await app.browser.newContext(PHONE);
  const makerPage = await maker.newPage();
  const makerDesigner = new DesignerPage(makerPage);
  await makerDesigner.open(`${app.server.url}/`);
  const link = await makerDesigner.copyShareLink();
  await maker.close();

  const context = await app.browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(link);
  await page.screenshot({ path: join(ARTIFACTS, 'phone-390.png') });

  const layout = await page.evaluate(() => ({
    header: Math.round(document.querySelector('.site-header').getBoundingClientRect().height),
    pageWidth: document.documentElement.scrollWidth,
    matrixTop: Math.round(document.querySelector('[data-testid="matrix"]').getBoundingClientRect().top),
  }));
  t.diagnostic(`layout: ${JSON.stringify(layout)}`);
  assert.ok(layout.pageWidth <= 390, `the page is ${layout.pageWidth} px wide: it scrolls sideways`);
  assert.ok(layout.header <= 200, `the toolbar takes ${layout.header} px of an 844 px screen`);
  assert.ok(layout.matrixTop < 844 * 0.6, `the matrix starts at ${layout.matrixTop} px, below most of the screen`);

  // The inspector starts below the matrix, out of sight but for its heading at most.
  const before = await inspectorPlace(page);
  assert.ok(before.top > before.height * 0.75, `the inspector is already in view (${before.top} px)`);

  // A tap on a cell of the second service: its settings come into view.
  const cell = designer.cells.nth(await page.locator('tbody tr:nth-child(1) [data-testid="matrix-cell"]').count());
  await cell.tap();
  await page.waitForFunction(() => {
    const box = document.getElementById('inspector').getBoundingClientRect();
    return box.top >= -1 && box.top < window.innerHeight / 2;
  });
  const name = designer.field('/services/1/name');
  assert.ok(await name.isVisible(), 'the service name field is not shown');
  assert.equal(await name.inputValue(), (await designer.serviceNames())[1]);
  const after = await inspectorPlace(page);
  t.diagnostic(`inspector after the tap: ${JSON.stringify(after)}`);
  await page.screenshot({ path: join(ARTIFACTS, 'phone-390-inspector.png') });

  // Back up to the matrix; a tier header brings the tier's settings.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('button', { name: 'Tier prod in us-east-1' }).tap();
  await page.waitForFunction(() => {
    const box = document.getElementById('inspector').getBoundingClientRect();
    return box.top >= -1 && box.top < window.innerHeight / 2;
  });
  assert.ok(await designer.field('/tiers/2/name').isVisible(), 'the tier settings are not shown');

  assert.deepEqual(errors, []);
  await context.close();
});

test('at 1440 px a click in the matrix does not scroll the page when the inspector is in view', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);
  const before = await inspectorPlace(page);
  assert.ok(before.top < before.height * 0.75, `the inspector is out of view at 1440 px (${before.top} px)`);
  await designer.cells.nth(1).click();
  await designer.field('/services/0/name').waitFor();
  // Two frames: the reveal runs in one.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page scrolled');
  assert.deepEqual(errors, []);
  await context.close();
});
