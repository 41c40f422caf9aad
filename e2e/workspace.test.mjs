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

for (const width of [1920, 1440]) {
  test(`at ${width} px the matrix of a design with every building block shows all its columns`, async (t) => {
    const { context, page, designer, errors } = await fresh(`${app.server.url}/`, width);
    await designer.files.first().waitFor({ state: 'attached' });
    await designer.choosePreset('saas-platform');
    const fit = await page.evaluate(() => {
      const box = document.querySelector('[data-testid="matrix-scroll"]');
      const cells = [...document.querySelectorAll('[data-testid="matrix-cell"]')];
      const right = box.getBoundingClientRect().right;
      return {
        client: box.clientWidth,
        scroll: box.scrollWidth,
        cells: cells.length,
        outside: cells.filter((c) => c.getBoundingClientRect().right > right + 0.5).length,
      };
    });
    t.diagnostic(`width ${width}: ${JSON.stringify(fit)}`);
    assert.ok(fit.cells >= 20, `only ${fit.cells} cells`);
    assert.ok(fit.scroll <= fit.client, `the matrix scrolls sideways: ${fit.scroll} px in ${fit.client}`);
    assert.equal(fit.outside, 0, 'a cell is cut off at the right');
    await page.locator('.matrix-panel').screenshot({ path: join(ARTIFACTS, `matrix-saas-${width}.png`) });
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

test('the bundle pane: a file-name filter, find in file, changed lines after an edit, maximise', async () => {
  const { context, page, designer, errors } = await fresh(`${app.server.url}/`, 1440);
  await designer.code.waitFor();
  await designer.files.first().waitFor({ state: 'attached' });
  const total = (await designer.filePaths()).length;

  // The filter lists the files whose path holds the typed text, their folders open.
  const filter = page.getByRole('searchbox', { name: 'Filter files by name' });
  await filter.fill('variables.tf');
  await page.waitForFunction(() => document.querySelector('[data-testid=bundle-count]').textContent.includes(' of '));
  const listed = await designer.filePaths();
  assert.ok(listed.length > 1 && listed.length < total, `${listed.length} of ${total} listed`);
  assert.ok(listed.every((p) => p.endsWith('variables.tf')), listed.join(', '));
  assert.equal(await designer.count.textContent(), `${listed.length} of ${total} files`);
  assert.ok(await designer.files.last().isVisible(), 'a filtered file sits in a closed folder');
  await designer.files.last().click();
  await page.waitForFunction((p) => document.querySelector('.code-path').textContent.trim() === p, listed.at(-1));
  await filter.fill('');
  await page.waitForFunction(() => !document.querySelector('[data-testid=bundle-count]').textContent.includes(' of '));
  assert.equal((await designer.filePaths()).length, total);

  // Find in file: a count, the current match marked and stepped with Enter and Shift+Enter.
  await designer.files.first().waitFor({ state: 'attached' });
  const find = page.getByRole('searchbox', { name: 'Find in file' });
  await find.fill('variable');
  const count = page.getByTestId('find-count');
  await page.waitForFunction(() => /^1 of \d+$/.test(document.querySelector('[data-testid=find-count]').textContent));
  const matches = Number((await count.textContent()).split(' of ')[1]);
  assert.ok(matches > 1, `${matches} matches`);
  assert.match((await page.locator('[data-testid=code] mark.current').allTextContents()).join(''), /^variable$/i);
  await find.press('Enter');
  assert.equal(await count.textContent(), `2 of ${matches}`);
  await find.press('Shift+Enter');
  await find.press('Shift+Enter');
  assert.equal(await count.textContent(), `${matches} of ${matches}`);
  // The current match is scrolled into the code's view.
  const inView = await page.evaluate(() => {
    const pre = document.querySelector('[data-testid=code]').getBoundingClientRect();
    const mark = document.querySelector('[data-testid=code] mark.current').getBoundingClientRect();
    return mark.top >= pre.top && mark.bottom <= pre.bottom;
  });
  assert.ok(inView, 'the current match is outside the code pane');
  await find.fill('');

  // An edit marks the lines it changed in the file on screen, and says how many.
  const cell = designer.cells.first();
  await cell.click();
  await page.waitForFunction(() => /main\.tf$/.test(document.querySelector('.code-path').textContent.trim()));
  assert.equal(await page.locator('.line.changed').count(), 0);
  await designer.setField('/services/0/api/memory', 2048);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=code] .line.changed').length > 0);
  const changed = await page.locator('.line.changed').allTextContents();
  assert.ok(changed.some((l) => /container_memory\s+= 2048/.test(l)), `marked: ${changed.join(' | ')}`);
  const lines = await page.locator('[data-testid=code] .line').count();
  assert.ok(changed.length < lines / 4, `${changed.length} of ${lines} lines marked`);
  assert.match(await page.getByTestId('changed-note').textContent(), /^\d+ lines? changed by the last edit$/);
  await page.screenshot({ path: join(ARTIFACTS, 'workspace-changed-lines.png') });

  // Maximise fills the window with the bundle pane; Escape restores it.
  const maximise = page.locator('#maximise');
  await maximise.click();
  const box = await page.locator('#bundle').boundingBox();
  assert.ok(box.width >= 1430 && box.height >= 890, `maximised to ${box.width}×${box.height}`);
  assert.equal(await maximise.getAttribute('aria-pressed'), 'true');
  await page.screenshot({ path: join(ARTIFACTS, 'workspace-maximised.png') });
  await page.keyboard.press('Escape');
  assert.equal(await maximise.getAttribute('aria-pressed'), 'false');
  const restored = await page.locator('#bundle').boundingBox();
  assert.ok(restored.width < 1200, `still ${restored.width} px wide after Escape`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the pane separators move by keyboard and pointer, and a reload keeps their sizes', async () => {
  const { context, page, designer, errors } = await fresh(`${app.server.url}/`, 1440);
  await designer.code.waitFor();
  const tree = page.getByRole('separator', { name: 'Resize the file tree' });
  const split = page.getByRole('separator', { name: 'Resize the designer and the bundle' });
  const treeWidth = async () => Math.round((await page.locator('.file-pane').boundingBox()).width);
  const bundleWidth = async () => Math.round((await page.locator('.col.right').boundingBox()).width);

  const treeBefore = await treeWidth();
  await tree.focus();
  await tree.press('Shift+ArrowRight');
  await tree.press('ArrowRight');
  assert.equal(await tree.getAttribute('aria-valuenow'), '34');
  const treeAfter = await treeWidth();
  assert.ok(treeAfter > treeBefore + 40, `the tree went from ${treeBefore} to ${treeAfter} px`);

  // Dragging the designer/bundle separator to the left widens the bundle pane.
  const bundleBefore = await bundleWidth();
  const grip = await split.boundingBox();
  await page.mouse.move(grip.x + grip.width / 2, grip.y + 40);
  await page.mouse.down();
  await page.mouse.move(grip.x - 150, grip.y + 40, { steps: 5 });
  await page.mouse.up();
  const bundleAfter = await bundleWidth();
  assert.ok(bundleAfter > bundleBefore + 100, `the bundle pane went from ${bundleBefore} to ${bundleAfter} px`);
  const share = await split.getAttribute('aria-valuenow');
  // The tree is a share of the bundle pane, which just grew: its width now is what must come back.
  const treeKept = await treeWidth();

  await page.reload();
  await designer.code.waitFor();
  assert.equal(await tree.getAttribute('aria-valuenow'), '34');
  assert.equal(await split.getAttribute('aria-valuenow'), share);
  const treeReloaded = await treeWidth();
  assert.ok(Math.abs(treeReloaded - treeKept) <= 2, `the tree width was not kept: ${treeKept} -> ${treeReloaded} px`);
  assert.ok(Math.abs((await bundleWidth()) - bundleAfter) <= 2, 'the bundle width was not kept');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every Tab stop shows one focus ring, the hidden import input its label\'s only', async (t) => {
  const { context, page, designer, errors } = await fresh(`${app.server.url}/`, 1440);
  await designer.code.waitFor();
  /** The elements on screen drawing an outline now, as short descriptions. */
  const ringed = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => {
          const style = getComputedStyle(e);
          const box = e.getBoundingClientRect();
          return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && box.width > 2 && box.height > 2;
        })
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 30)}"`),
    );
  let stops = 0;
  let sawImport = false;
  for (let i = 0; i < 45; i += 1) {
    await page.keyboard.press('Tab');
    const active = await page.evaluate(() => document.activeElement?.id ?? '');
    if (active === 'main' || active === 'bundle') continue;
    const rings = await ringed();
    stops += 1;
    if (active === 'import-file') {
      sawImport = true;
      assert.deepEqual(rings.map((r) => r.split(' ')[0]), ['label.button'], 'the import input rings its label only');
    } else {
      assert.equal(rings.length, 1, `Tab stop ${i} (#${active}): ${rings.join(' | ')}`);
    }
  }
  t.diagnostic(`${stops} Tab stops checked`);
  assert.ok(sawImport, 'the import input was not among the first Tab stops');
  assert.deepEqual(errors, []);
  await context.close();
});
