// The workspace journeys of issue 19: the bundle pane is readable at common widths (file tree
// beside 80+ columns of code, the selected deployment's main.tf open), "+ Region" shows the new
// region with the tiers it can take, and no work is lost: a design opened from a link is saved
// apart from the person's own, replacing or removing offers Undo, and a link pasted into the
// open tab opens there. Screenshots at 1920, 1440 and 1024 px go to e2e/artifacts/.
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { ARTIFACTS, useApp } from './support/suite.mjs';

const app = useApp();

/** A designer in a fresh browser context (its own storage) at `width` px. */
async function fresh(url = `${app.server.url}/`, width = 1280) {
  const context = await app.browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(url);
  return { context, page, designer, errors };
}

for (const width of [1920, 1440, 1024]) {
  test(`at ${width} px the file tree and the code sit side by side, 80 columns readable`, async (t) => {
    const { context, page, designer, errors } = await fresh(`${app.server.url}/`, width);
    // Nothing clicked: the first deployment's main.tf is open from the start.
    await designer.code.waitFor();
    await designer.files.first().waitFor({ state: 'attached' });
    await designer.code.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, `workspace-${width}.png`) });
    assert.match(await designer.codePath(), /^environments\/.+\/main\.tf$/);

    const pane = await designer.bundlePaneGeometry();
    t.diagnostic(`width ${width}: ${JSON.stringify(pane)}`);
    assert.ok(pane.codeLeft >= pane.treeRight, 'the code is not beside the file tree');
    assert.ok(Math.abs(pane.codeTop - pane.treeTop) < 60, 'the code is not beside the file tree');
    assert.ok(pane.longestLine >= 80, 'main.tf has no line of 80 characters to measure');
    assert.equal(pane.longestLineRows, 1, 'a long line wraps (it should scroll sideways)');
    assert.ok(
      pane.visibleColumns >= 80,
      `only ${pane.visibleColumns} columns of code are visible (code ${pane.codeWidth} px wide)`,
    );
    if (width >= 1440) assert.ok(pane.codeWidth >= 600, `the code is ${pane.codeWidth} px wide`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('"+ Region" shows the new region with the tiers it can take; ticking one adds its column', async () => {
  const { context, page, designer, errors } = await fresh();
  const cellsBefore = await designer.cells.count();
  await page.getByRole('button', { name: 'Add region' }).click();
  const inspector = page.getByTestId('region-inspector');
  await inspector.waitFor();
  const region = await designer.field('/regions/2/name').inputValue();
  // The tier boxes take the focus, so they are in view: the next step is there.
  await page.waitForFunction(() => document.activeElement?.id === 'f-regions-2-tiers');
  assert.ok(await inspector.getByRole('group', { name: `Tiers that deploy to ${region}` }).isVisible());
  assert.match(await page.getByTestId('region-undeployed').textContent(), /tick the tiers that deploy here/);
  // The matrix lists the region that has no column yet.
  assert.match(await page.getByTestId('idle-regions').textContent(), new RegExp(region));
  await page.screenshot({ path: join(ARTIFACTS, 'new-region.png') });

  await inspector.getByLabel('prod', { exact: true }).check();
  await page.getByTestId('region-undeployed').waitFor({ state: 'detached' });
  assert.equal(await designer.cells.count(), cellsBefore + 3, 'no column for the new region');
  assert.equal(await page.getByTestId('idle-regions').count(), 0);
  assert.ok(
    await page.getByRole('button', { name: `Tier prod in ${region}` }).isVisible(),
    'no prod column header for the new region',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('a preset switch, a new empty design and a removal offer Undo, which restores', async () => {
  const { context, designer, errors } = await fresh();
  await designer.choosePreset('minimal');
  await designer.undoToast.waitFor();
  assert.match(await designer.undoToast.textContent(), /minimal preset/);
  await designer.undoToast.getByRole('button', { name: 'Undo' }).click();
  await designer.page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 3);
  assert.equal(await designer.presetPicker.inputValue(), 'sports-cards');
  assert.equal(await designer.undoToast.count(), 0, 'the toast outlived its undo');

  await designer.page.getByRole('button', { name: 'New empty design' }).click();
  await designer.undoToast.waitFor();
  await designer.undoToast.getByRole('button', { name: 'Undo' }).click();
  await designer.page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 3);

  await designer.serviceRows.nth(1).click();
  await designer.page.getByRole('button', { name: 'Remove service' }).click();
  await designer.undoToast.waitFor();
  assert.match(await designer.undoToast.textContent(), /Removed service orders-ingestion/);
  assert.equal(await designer.serviceRows.count(), 2);
  await designer.undoToast.getByRole('button', { name: 'Undo' }).click();
  await designer.page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 3);
  assert.deepEqual(await designer.serviceNames(), [
    'card-catalog-api',
    'orders-ingestion',
    'manufacturing-orchestrator',
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

/** A share link of the minimal preset with a service added, made in its own browser context. */
async function minimalLink() {
  const maker = await fresh();
  await maker.designer.choosePreset('minimal');
  const link = await maker.designer.copyShareLink();
  await maker.context.close();
  return link;
}

test('a link opened, edited and reloaded never overwrites the own design; it stays restorable', async () => {
  const link = await minimalLink();
  const { context, page, designer, errors } = await fresh();
  // The person's own work, autosaved.
  await designer.addService();
  await designer.setField('/services/3/name', 'my-own-service');
  const own = await designer.serviceNames();

  // Open a link in another tab of the same browser (same storage), then edit it.
  const tab = await context.newPage();
  const linked = new DesignerPage(tab);
  await linked.open(link);
  assert.deepEqual(await linked.serviceNames(), ['web-api']);
  await linked.restoreBanner.waitFor();
  assert.match(await linked.restoreBanner.textContent(), /opened a design from a link/);
  await linked.addService();
  assert.deepEqual(await linked.serviceNames(), ['web-api', 'new-service']);

  // Reload: the own design is still there to restore, and so is the edited link design.
  await tab.reload();
  await linked.cells.first().waitFor();
  await linked.restoreBanner.waitFor();
  await tab.screenshot({ path: join(ARTIFACTS, 'restore-banner.png') });
  await linked.restoreBanner.getByRole('button', { name: 'Restore your earlier design' }).click();
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 4);
  assert.deepEqual(await linked.serviceNames(), own);
  await linked.restoreBanner.getByRole('button', { name: 'Reopen the design from a link' }).click();
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 2);
  assert.deepEqual(await linked.serviceNames(), ['web-api', 'new-service']);
  // Undo goes back to the own design.
  await linked.undoToast.getByRole('button', { name: 'Undo' }).click();
  await tab.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 4);
  assert.deepEqual(await linked.serviceNames(), own);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a design saved over without being opened is kept: reload offers it as the one before', async () => {
  const { context, page, designer, errors } = await fresh();
  await designer.addService();
  const first = await designer.serviceNames();
  // Next visit: the banner offers the design, the person ignores it and works on a preset.
  await page.reload();
  await designer.cells.first().waitFor();
  await designer.restoreBanner.waitFor();
  await designer.choosePreset('minimal');
  await page.reload();
  await designer.cells.first().waitFor();
  await designer.restoreBanner.waitFor();
  await designer.restoreBanner.getByRole('button', { name: /^Restore the one before/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 4);
  assert.deepEqual(await designer.serviceNames(), first);
  // And the minimal design saved over it is offered in turn.
  await designer.restoreBanner.getByRole('button', { name: 'Restore your earlier design' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link pasted into the open tab opens there; Undo and the banner bring the own design back', async () => {
  const link = await minimalLink();
  const { context, page, designer, errors } = await fresh();
  await designer.addService();
  const own = await designer.serviceNames();
  assert.equal(own.length, 4);

  // Same document, new fragment: what pasting a link into the address bar does.
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, new URL(link).hash);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 1);
  assert.deepEqual(await designer.serviceNames(), ['web-api']);
  assert.equal(new URL(page.url()).hash, '', 'the link stays in the address bar');
  await designer.undoToast.waitFor();
  await designer.restoreBanner.waitFor();
  await designer.undoToast.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 4);
  assert.deepEqual(await designer.serviceNames(), own);

  // An in-page anchor is not a link to a design: nothing happens.
  await page.evaluate(() => {
    window.location.hash = 'matrix-heading';
  });
  assert.equal(await designer.alert.count(), 0);
  assert.deepEqual(await designer.serviceNames(), own);

  // A broken link pasted in says so and keeps the design.
  await page.evaluate(() => {
    window.location.hash = 'v1.not-a-design';
  });
  await designer.alert.waitFor();
  assert.match(await designer.alert.textContent(), /link/);
  assert.deepEqual(await designer.serviceNames(), own);
  assert.deepEqual(errors, []);
  await context.close();
});
