// The README's screenshots (issue 19), taken from the release build at fixed sizes so they
// change only when the page does: the whole designer, the matrix, the canvas (the Diagram tab)
// and the bundle pane, at 1440×900 in the light scheme, into docs/screenshots/ (committed and
// shown in README.md). The same views at 1920 px go to e2e/artifacts/ for review.
// Run `trunk build --release` first, then `node --test e2e/screenshots.test.mjs`.
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ARTIFACTS, openDesigner, useApp } from './support/suite.mjs';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');

const app = useApp();

/** Takes the README's views at `width` px into `folder`; returns the files written. */
async function views(width, folder) {
  await mkdir(folder, { recursive: true });
  const { context, page, errors, designer } = await openDesigner(app, { width, height: 900 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await designer.code.waitFor();
  // The layout as it ships: no remembered pane sizes, no open banner.
  const written = [];
  const shot = async (name, target) => {
    const path = join(folder, `${name}.png`);
    await target.screenshot({ path, animations: 'disabled', caret: 'hide' });
    written.push(path);
  };

  await page.mouse.move(0, 0);
  await shot('designer', page);
  await shot('matrix', page.locator('.matrix-panel'));
  await shot('bundle', page.locator('#bundle'));
  // The canvas with a deployment drawn: orders-ingestion (the second row) in prod, us-east-1.
  await page.locator('tbody tr:nth-child(2) [data-testid="matrix-cell"]').nth(2).click();
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await page.getByTestId('deployment-diagram').waitFor();
  await page.mouse.move(0, 0);
  await shot('canvas', page.locator('#bundle'));
  assert.deepEqual(errors, []);
  await context.close();
  return written;
}

test('README screenshots at 1440×900 (docs/screenshots/), each under 400 KB', async (t) => {
  for (const path of await views(1440, SCREENSHOTS)) {
    const { size } = await stat(path);
    t.diagnostic(`${path}: ${Math.round(size / 1024)} KiB`);
    assert.ok(size < 400 * 1024, `${path} is ${size} bytes`);
  }
});

test('the same views at 1920 px, for review (e2e/artifacts/readme-1920/)', async () => {
  const written = await views(1920, join(ARTIFACTS, 'readme-1920'));
  assert.equal(written.length, 4);
});
