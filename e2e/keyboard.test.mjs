// Keyboard only (issue 19, major 6): a skip link comes first; the matrix, the problems and the
// file tree are one Tab stop each (a roving tab index) with arrow keys inside, so the number of
// Tabs from the matrix to the inspector does not grow with the design; actions are named for
// what they do. Screenshots of the focused matrix at 1920, 1440 and 1024 px go to e2e/artifacts/.
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { ARTIFACTS, useApp } from './support/suite.mjs';

const app = useApp();

async function fresh(width = 1440) {
  const context = await app.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);
  await designer.files.first().waitFor({ state: 'attached' });
  return { context, page, designer, errors };
}

/** What has the focus: its text, accessible label, grid position, tree key and where it is. */
function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    return {
      tag: e?.tagName.toLowerCase(),
      text: e?.textContent.trim().replace(/\s+/g, ' '),
      label: e?.getAttribute('aria-label'),
      pos: e?.dataset.row === undefined ? null : `${e.dataset.row},${e.dataset.col}`,
      key: e?.dataset.key ?? null,
      inMatrix: !!e?.closest('[data-testid="matrix"]'),
      inInspector: !!e?.closest('.inspector'),
      inTree: !!e?.closest('.file-tree'),
      tabindex: e?.getAttribute('tabindex'),
    };
  });
}

/** Presses Tab until `done(focus)` holds; returns how many presses it took. */
async function tabUntil(page, done, limit = 150) {
  for (let n = 1; n <= limit; n++) {
    await page.keyboard.press('Tab');
    if (done(await focused(page))) return n;
  }
  throw new Error(`not reached in ${limit} Tabs`);
}

/** Tabs from "Add service" to the matrix, then on to the inspector: both counts. */
async function tabsThroughMatrix(page) {
  await page.getByRole('button', { name: 'Add service' }).focus();
  const toMatrix = await tabUntil(page, (f) => f.inMatrix);
  const toInspector = await tabUntil(page, (f) => f.inInspector);
  return { toMatrix, toInspector };
}

test('a skip link is the first stop and moves the focus to the main content or the bundle', async () => {
  const { context, page, designer, errors } = await fresh();
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'Skip to main content');
  assert.ok(await page.getByRole('link', { name: 'Skip to main content' }).isVisible(), 'the focused skip link is hidden');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'Skip to the bundle');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bundle');
  assert.equal(new URL(page.url()).hash, '', 'the skip link wrote into the address (share links live there)');
  // The next Tabs are inside the bundle pane: its Maximise button, then the Files tab.
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'Maximise');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'Files');

  await page.reload();
  await page.getByTestId('matrix-cell').first().waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).label, 'Add service', 'the add buttons are not named for what they do');
  // Every "+ …" button, here and in the service inspector, is named for what it does.
  await designer.serviceRows.first().click();
  await page.getByRole('button', { name: 'Add a queue' }).waitFor();
  // ("+ Queue" and the like; the diagram's zoom buttons are named Zoom in and Zoom out.)
  const plusNames = await page.$$eval('button', (buttons) =>
    buttons.filter((b) => b.textContent.trim().startsWith('+ ')).map((b) => b.getAttribute('aria-label') ?? b.textContent.trim()),
  );
  assert.ok(plusNames.length >= 6, `only ${plusNames.length} "+" buttons`);
  for (const name of plusNames) assert.match(name, /^Add /, `a "+" button is named "${name}"`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the matrix is one Tab stop: arrows move between cells, Enter selects, Tabs do not grow with the design', async (t) => {
  const { context, page, designer, errors } = await fresh();
  const small = await tabsThroughMatrix(page);
  t.diagnostic(`3 services: ${JSON.stringify(small)}`);
  assert.ok(small.toInspector <= 4, `${small.toInspector} Tabs from the matrix to the inspector`);
  const matrixStops = await page.locator('[data-testid="matrix"] [tabindex="0"]').count();
  assert.equal(matrixStops, 1, 'the matrix has more than one Tab stop');

  // Arrows, from the Tab stop (the first cell).
  await page.getByRole('button', { name: 'Add service' }).focus();
  await tabUntil(page, (f) => f.inMatrix);
  let f = await focused(page);
  assert.equal(f.pos, '2,1');
  assert.match(f.label, /^card-catalog-api in dev us-east-1: API\b/);
  await page.keyboard.press('ArrowRight');
  f = await focused(page);
  assert.equal(f.pos, '2,2');
  assert.equal(f.tabindex, '0', 'the focused cell is not the Tab stop');
  await page.keyboard.press('ArrowDown');
  assert.equal((await focused(page)).pos, '3,2');
  await page.keyboard.press('End');
  assert.equal((await focused(page)).pos, '3,4');
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused(page)).pos, '3,4', 'the focus left the row at its end');
  await page.keyboard.press('Home');
  f = await focused(page);
  assert.equal(f.pos, '3,0');
  assert.equal(f.text, 'orders-ingestion');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  f = await focused(page);
  assert.equal(f.pos, '1,1', 'up from a service name goes to the first tier header');
  assert.match(f.label, /^Tier dev in /);
  await page.keyboard.press('ArrowUp');
  assert.equal((await focused(page)).pos, '0,1', 'no region header above the tier');
  await page.keyboard.press('Control+End');
  f = await focused(page);
  assert.equal(f.pos, '4,4');
  assert.match(f.label, /^manufacturing-orchestrator in /);
  await page.keyboard.press('Enter');
  assert.equal(await page.locator(':focus').getAttribute('aria-pressed'), 'true', 'Enter did not select the cell');
  assert.equal(await designer.field('/services/2/name').inputValue(), 'manufacturing-orchestrator');
  // The page did not scroll on the arrows.
  assert.equal(await page.evaluate(() => window.scrollY), 0);

  // A Tab leaves the matrix; Shift+Tab comes back to the cell last focused.
  await page.keyboard.press('Tab');
  assert.ok(!(await focused(page)).inMatrix);
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused(page)).pos, '4,4');
  for (const width of [1920, 1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator('[data-testid="matrix"]').screenshot({ path: join(ARTIFACTS, `keyboard-matrix-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // Ten more services (Enter on "Add service"): the matrix is still one stop.
  const add = page.getByRole('button', { name: 'Add service' });
  for (let i = 0; i < 10; i++) {
    await add.focus();
    await page.keyboard.press('Enter');
    // The new service's name takes the focus in the next animation frame: wait for it, or on a
    // busy machine that frame lands after the next focus() and the next Enter types into it.
    await page.waitForFunction((id) => document.activeElement?.id === id, `f-services-${3 + i}-name`);
  }
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 13);
  const cells = await designer.cells.count();
  const large = await tabsThroughMatrix(page);
  t.diagnostic(`13 services (${cells} cells): ${JSON.stringify(large)}`);
  // The new services' placeholder cost codes are warned about: the problems list, empty
  // before, is now one Tab stop of its own, whatever the number of problems.
  const problemStops = await page.locator('[data-testid="diagnostics"] [tabindex="0"]').count();
  assert.deepEqual(large, { ...small, toInspector: small.toInspector + problemStops }, 'the Tabs through the matrix grew with the design');
  assert.equal(await page.locator('[data-testid="matrix"] [tabindex="0"]').count(), 1);
  assert.ok((await page.locator('[data-testid="diagnostics"] [tabindex="0"]').count()) <= 1, 'the problems are more than one Tab stop');
  t.diagnostic(`problems listed: ${await designer.diagnostics.count()}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the file tree is one Tab stop: Up/Down move, Left/Right close and open folders, Enter opens a file', async () => {
  const { context, page, designer, errors } = await fresh();
  const shown = await designer.codePath();
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // Skip to the bundle
  const tabs = await tabUntil(page, (f) => f.inTree, 10);
  let f = await focused(page);
  assert.equal(f.key, shown, 'the Tab stop of the tree is not the file shown');
  // Maximise, the Files tab, the file-name filter, then the tree.
  assert.ok(tabs <= 4, `${tabs} Tabs from the bundle heading to the tree`);
  assert.equal(await page.locator('.file-tree [tabindex="0"]').count(), 1, 'the tree has more than one Tab stop');

  await page.keyboard.press('ArrowDown');
  f = await focused(page);
  assert.ok(f.inTree && f.key !== shown, 'Down did not move');
  await page.keyboard.press('ArrowUp');
  assert.equal((await focused(page)).key, shown);
  // Left goes to the folder holding the file, Left again closes it, Right opens it again.
  const folder = shown.slice(0, shown.lastIndexOf('/') + 1);
  await page.keyboard.press('ArrowLeft');
  assert.equal((await focused(page)).key, folder);
  await page.keyboard.press('ArrowLeft');
  const open = () => page.evaluate((k) => document.querySelector(`summary[data-key="${k}"]`).parentElement.open, folder);
  assert.equal(await open(), false, 'Left did not close the folder');
  await page.keyboard.press('ArrowRight');
  assert.equal(await open(), true, 'Right did not open the folder');
  // Right on an open folder enters it: its first item.
  await page.keyboard.press('ArrowRight');
  const firstInside = await page.evaluate(
    (k) => document.querySelector(`summary[data-key="${k}"] + ul [data-key]`).dataset.key,
    folder,
  );
  f = await focused(page);
  assert.equal(f.key, firstInside);
  assert.notEqual(firstInside, shown);
  // Enter opens the focused file.
  await page.keyboard.press('Enter');
  await page.waitForFunction((p) => document.querySelector('.code-path')?.textContent.includes(p), firstInside);
  assert.equal(await designer.codePath(), firstInside);
  await page.keyboard.press('Home');
  assert.equal((await focused(page)).key, await page.locator('.file-tree [data-key]').first().getAttribute('data-key'));
  await page.screenshot({ path: join(ARTIFACTS, 'keyboard-tree-1440.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('arrow keys in the preview tabs move the focus with the selection', async () => {
  const { context, page, errors } = await fresh();
  const files = page.getByRole('tab', { name: 'Files' });
  const diagram = page.getByRole('tab', { name: 'Diagram' });
  await files.focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await diagram.getAttribute('aria-selected'), 'true');
  assert.equal((await focused(page)).text, 'Diagram', 'the focus stayed on the old tab');
  assert.equal(await diagram.getAttribute('tabindex'), '0');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await files.getAttribute('aria-selected'), 'true');
  assert.equal((await focused(page)).text, 'Files');
  assert.deepEqual(errors, []);
  await context.close();
});
