// Journey (b) of issue 19: the main actions from the keyboard and the command palette only (no
// mouse click): start an empty design, add two services and building blocks, rename them, undo
// and redo, open a file, list the shortcuts, download the zip and check what it holds. The
// palette is a dialog with a combobox whose aria-activedescendant follows the arrows; Esc closes
// it and gives the focus back. Screenshots of the open palette at 1920 and 1440 px go to
// e2e/artifacts/. Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { ARTIFACTS, openDesigner, useApp } from './support/suite.mjs';
import { readZip } from './support/zip.mjs';

const app = useApp();

/** The palette's parts, as a person using a screen reader meets them. */
function palette(page) {
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  return {
    dialog,
    input: dialog.getByRole('combobox', { name: 'Command' }),
    options: dialog.getByRole('option'),
  };
}

/** Opens the palette with Ctrl+K, types `text` and runs the first match with Enter. */
async function run(page, text, { expectFirst } = {}) {
  const { dialog, input, options } = palette(page);
  await page.keyboard.press('Control+K');
  await input.waitFor();
  assert.ok(await input.evaluate((e) => e === document.activeElement), 'the palette did not take the focus');
  await page.keyboard.type(text);
  if (expectFirst) assert.equal((await options.first().locator('.label').textContent()).trim(), expectFirst);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
}

/** The element with the focus: its id, tag and text. */
function focused(page) {
  return page.evaluate(() => ({
    id: document.activeElement?.id,
    tag: document.activeElement?.tagName.toLowerCase(),
    value: document.activeElement?.value,
  }));
}

/** Replaces the text of the focused field by `text`, from the keyboard. */
async function retype(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

test('a design built, checked and downloaded from the keyboard and the command palette only', async (t) => {
  const { context, page, errors, designer } = await openDesigner(app);

  // The palette: a modal dialog holding a combobox that controls a listbox.
  const { dialog, input, options } = palette(page);
  await page.keyboard.press('Control+K');
  await input.waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  const list = await input.getAttribute('aria-controls');
  assert.equal(await page.locator(`[id="${list}"]`).getAttribute('role'), 'listbox');
  const activeId = () => input.getAttribute('aria-activedescendant');
  const first = await activeId();
  assert.equal(await page.locator(`[id="${first}"]`).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  const second = await activeId();
  assert.notEqual(second, first, 'ArrowDown did not move the active option');
  assert.equal(await page.locator(`[id="${second}"]`).getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator(`[id="${first}"]`).getAttribute('aria-selected'), 'false');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  const last = await activeId();
  assert.equal(last, await options.last().getAttribute('id'), 'ArrowUp from the first option does not wrap to the last');
  // Fuzzy: a few letters of each word find the command.
  await page.keyboard.type('dwnld zp');
  assert.equal((await options.first().locator('.label').textContent()).trim(), 'Download .zip');
  await page.keyboard.type('qqqq');
  assert.equal(await options.count(), 0);
  await dialog.getByRole('status').filter({ hasText: 'No command matches' }).waitFor();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await retype(page, 'serv');
  await page.screenshot({ path: join(ARTIFACTS, 'palette-1920.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: join(ARTIFACTS, 'palette-1440.png') });
  // Esc closes it and the focus goes back where it was (the page).
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await focused(page)).tag, 'body');

  // An empty design, then two services with their blocks, from the palette.
  await run(page, 'new empty', { expectFirst: 'New empty design' });
  await designer.undoToast.waitFor();
  assert.deepEqual(await designer.serviceNames(), []);
  await run(page, 'add service', { expectFirst: 'Add service' });
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-0-name');
  await retype(page, 'orders');
  await run(page, 'add queue orders', { expectFirst: 'Add a queue to service orders' });
  // The new queue's name field has the focus.
  await page.waitForFunction(() => document.activeElement?.id?.startsWith('f-services-0-queues-'));
  await retype(page, 'incoming');
  await run(page, 'add worker orders', { expectFirst: 'Add a queue worker to service orders' });
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-0-worker-image');
  await run(page, 'add database orders', { expectFirst: 'Add a database to service orders' });
  await run(page, 'add service');
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-1-name');
  await retype(page, 'billing');
  await run(page, 'add schedule billing', { expectFirst: 'Add a schedule to service billing' });
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-1-schedules-0-name');
  assert.deepEqual(await designer.serviceNames(), ['orders', 'billing']);

  // Undo and redo from the palette: the schedule (and the function it needed) goes and comes back.
  await run(page, 'undo', { expectFirst: 'Undo' });
  await page.waitForFunction(() => !document.getElementById('f-services-1-schedules-0-name'));
  await run(page, 'redo', { expectFirst: 'Redo' });

  // Go to a service: it is selected and its name focused.
  await run(page, 'service orders', { expectFirst: 'Service orders' });
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-0-name');
  assert.equal(await designer.field('/services/0/name').inputValue(), 'orders');

  // Open a file: the code pane shows it and takes the focus.
  await designer.files.first().waitFor({ state: 'attached' });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="bundle-file"]')].some((b) => b.dataset.path.includes('/billing/')));
  await run(page, 'environments/billing us-east-1 dev main.tf');
  await page.waitForFunction(() => document.activeElement?.id === 'code-view');
  assert.match(await designer.codePath(), /^environments\/billing\/us-east-1\/dev\/main\.tf$/);

  // `?` lists the shortcuts (not while typing in a field); Esc closes the list.
  await page.keyboard.press('?');
  const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await shortcuts.waitFor();
  assert.match(await shortcuts.textContent(), /Ctrl\+K/);
  await page.keyboard.press('Escape');
  await shortcuts.waitFor({ state: 'hidden' });
  assert.equal((await focused(page)).id, 'code-view', 'the focus did not come back from the shortcut list');

  // Download from the palette: the zip holds both services, their blocks and the design.
  const [download] = await Promise.all([page.waitForEvent('download'), run(page, 'download', { expectFirst: 'Download .zip' })]);
  assert.equal(download.suggestedFilename(), 'my-platform-terraform.zip');
  const files = readZip(await readFile(await download.path()));
  const design = JSON.parse(files.get('tfdesign.json').toString('utf8'));
  assert.deepEqual(design.services.map((s) => s.name), ['orders', 'billing']);
  const [orders, billing] = design.services;
  assert.deepEqual(orders.queues.map((q) => q.name), ['incoming']);
  assert.deepEqual(orders.worker.queues, ['incoming']);
  assert.ok(orders.database, 'the database is missing');
  assert.equal(billing.schedules.length, 1);
  assert.equal(billing.schedules[0].lambda, billing.lambdas[0].name);
  const main = files.get('environments/orders/us-east-1/dev/main.tf')?.toString('utf8') ?? '';
  assert.match(main, /module "database"/);
  assert.match(main, /module "worker"/);
  assert.ok(files.has('environments/billing/us-east-1/dev/main.tf'));
  t.diagnostic(`${files.size} files in the zip`);
  assert.deepEqual(errors, []);
  await context.close();
});
