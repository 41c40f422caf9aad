// Journey (a) of issue 19: a two-service design built mostly from the canvas (the Diagram tab):
// a service added from the platform drawing, building blocks from the palette above its
// deployment, a box picked (selected in the inspector, edited there), duplicated and removed
// from the drawing; then the zip downloaded and its contents checked. Screenshots of the canvas
// at 1920 and 1440 px go to e2e/artifacts/. Run `trunk build --release` first, then
// `node --test e2e/`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { ARTIFACTS, openDesigner, useApp } from './support/suite.mjs';
import { readZip } from './support/zip.mjs';

const app = useApp();

test('a two-service design built from the canvas, edited from its boxes and downloaded', async (t) => {
  const { context, page, errors, designer } = await openDesigner(app);
  await page.getByRole('button', { name: 'New empty design' }).click();
  await page.getByRole('tab', { name: 'Diagram' }).click();
  const canvas = page.getByTestId('diagram');
  const deployment = canvas.getByTestId('deployment-diagram');
  const blocks = canvas.getByTestId('block-palette');
  const focusedId = () => page.evaluate(() => document.activeElement?.id);

  // A service from the platform drawing: its deployment and block palette show; its name is focused.
  await canvas.getByRole('button', { name: 'Add a service to the platform' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-0-name');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('shop');
  await deployment.waitFor();
  // A new service has an API: the palette does not offer a second one.
  assert.equal(await blocks.getByRole('button', { name: 'Add an API to shop' }).isDisabled(), true);
  // It says why (core's edit::why_not_add), as a tooltip of the disabled button.
  assert.equal(
    await blocks.getByRole('button', { name: 'Add an API to shop' }).getAttribute('title'),
    'service "shop" already has an API',
  );
  for (const block of ['a queue', 'a queue worker', 'a database']) {
    await blocks.getByRole('button', { name: `Add ${block} to shop` }).click();
  }
  // Each block is a box of the drawing, and the palette no longer offers the one-per-service ones.
  for (const label of ['Queue jobs', 'Worker', 'DB']) {
    await deployment.getByRole('button', { name: new RegExp(`^${label}.*: edit$`) }).first().waitFor();
  }
  assert.equal(await blocks.getByRole('button', { name: 'Add a database to shop' }).isDisabled(), true);

  // A click on a box selects it in the inspector (its field takes the focus) and picks it.
  await deployment.getByRole('button', { name: /^Queue jobs: edit$/ }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-0-queues-0-name');
  const picked = canvas.getByTestId('picked-box');
  assert.match(await picked.textContent(), /Selected: queue jobs/);
  assert.equal(await deployment.locator('.node.picked').count(), 1);
  // Edit it there.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('orders-in');
  await picked.filter({ hasText: 'queue orders-in' }).waitFor();
  // Duplicate it from the canvas, then remove the copy (an Undo toast says so).
  await picked.getByRole('button', { name: 'Duplicate queue orders-in' }).click();
  await deployment.getByRole('button', { name: /^Queue orders-in-copy: edit$/ }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-0-queues-1-name');
  await picked.getByRole('button', { name: 'Remove queue orders-in-copy' }).click();
  await designer.undoToast.filter({ hasText: 'Removed queue orders-in-copy' }).waitFor();
  await deployment.getByRole('button', { name: /^Queue orders-in-copy: edit$/ }).waitFor({ state: 'detached' });
  await page.screenshot({ path: join(ARTIFACTS, 'canvas-1440.png') });

  // The second service, with a function and a schedule, also from the canvas.
  await canvas.getByRole('button', { name: 'Add a service to the platform' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-1-name');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('billing');
  await blocks.getByRole('button', { name: 'Add a schedule to billing' }).click();
  await deployment.getByRole('button', { name: /^◷ nightly: edit$/ }).waitFor();
  // Delete on a focused box removes it: the API of billing goes (the schedule's function stays).
  await deployment.getByRole('button', { name: /^API \(ECS\): edit$/ }).focus();
  await page.keyboard.press('Delete');
  await designer.undoToast.filter({ hasText: 'Removed the API' }).waitFor();
  assert.equal(await blocks.getByRole('button', { name: 'Add an API to billing' }).isDisabled(), false);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: join(ARTIFACTS, 'canvas-1920.png') });
  await page.setViewportSize({ width: 1440, height: 900 });

  const { name, bytes } = await designer.downloadZip();
  assert.equal(name, 'my-platform-terraform.zip');
  const files = readZip(bytes);
  const design = JSON.parse(files.get('tfdesign.json').toString('utf8'));
  assert.deepEqual(design.services.map((s) => s.name), ['shop', 'billing']);
  const [shop, billing] = design.services;
  assert.deepEqual(shop.queues.map((q) => q.name), ['orders-in']);
  assert.deepEqual(shop.worker.queues, ['orders-in']);
  assert.ok(shop.api && shop.database);
  assert.equal(billing.api, undefined, 'the removed API is still in the design');
  assert.equal(billing.schedules[0].lambda, billing.lambdas[0].name);
  const main = files.get('environments/shop/us-east-1/dev/main.tf')?.toString('utf8') ?? '';
  for (const module of ['api', 'worker', 'database']) assert.match(main, new RegExp(`module "${module}"`));
  assert.ok(files.has('environments/billing/us-east-1/dev/main.tf'));
  t.diagnostic(`${files.size} files in the zip`);
  assert.deepEqual(errors, []);
  await context.close();
});
