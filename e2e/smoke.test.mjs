// Smoke test of the built app (dist/) in real headless Chromium: the default preset's bundle is
// listed (main.png is the main view), switching presets regenerates it, and nothing logs an error.
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { ARTIFACTS, useApp } from './support/suite.mjs';

const app = useApp();

test('the designer lists the bundle and regenerates it for another preset', async (t) => {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);

  const started = performance.now();
  await designer.open(`${app.server.url}/`);
  const firstListMs = Math.round(performance.now() - started);
  // Taken before any assertion, so a failing run still shows what the page looked like.
  await mkdir(ARTIFACTS, { recursive: true });
  // The main view with a deployment selected: its row, its main.tf and its diagram.
  await designer.cells.nth(3).click();
  await page.getByTestId('code').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'main.png'), fullPage: true });

  assert.equal(await designer.presetPicker.inputValue(), 'sports-cards');
  const paths = await designer.filePaths();
  for (const expected of [
    'environments/card-catalog-api/us-east-1/prod/main.tf',
    'modules/ecs-api/main.tf',
  ]) {
    assert.ok(paths.includes(expected), `${expected} is not listed`);
  }
  assert.equal(await designer.countText(), `${paths.length} files`);

  const switchStarted = performance.now();
  await designer.choosePreset('minimal');
  const switchMs = Math.round(performance.now() - switchStarted);
  const minimalPaths = await designer.filePaths();
  assert.ok(minimalPaths.length > 0, 'the minimal preset lists no file');
  assert.notEqual(minimalPaths.length, paths.length, 'the file count did not change');
  assert.equal(await designer.countText(), `${minimalPaths.length} files`);
  assert.match(
    await page.getByTestId('problem-count').textContent(),
    /^(No problems|0 errors)/,
    'a preset has errors',
  );

  // Timings are recorded, never asserted.
  const timings = { first_list_ms: firstListMs, switch_preset_ms: switchMs };
  t.diagnostic(`timings: ${JSON.stringify(timings)}`);
  await writeFile(join(ARTIFACTS, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);

  assert.deepEqual(errors, [], 'the page logged errors');
  await page.close();
});
