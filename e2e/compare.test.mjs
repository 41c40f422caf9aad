// "Compare with…" in real headless Chromium against the release build (dist/): an earlier design
// (sports-cards with one read replica more in prod) is picked as a file, and the designer shows
// the changed field, the changed files, each with its diff highlighted, and the cost going down
// (the generator's worker compares); a share link of the open design compares as the same
// design. Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors, launchChromium } from './support/browser.mjs';
import { serveStatic } from './support/static-server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = join(HERE, '..', 'dist');
const SPORTS = join(HERE, '..', 'core', 'tests', 'golden', 'sports-cards', 'tfdesign.json');

let server;
let browser;

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'run `trunk build --release` first');
  server = await serveStatic(DIST);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('compare the open design with an earlier file and with a link', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${server.url}/`);
  await designer.presetPicker.selectOption('sports-cards');

  const earlier = JSON.parse(readFileSync(SPORTS, 'utf8'));
  const prod = earlier.tiers.findIndex((t) => t.name === 'prod');
  const replicas = earlier.tiers[prod].database.read_replicas;
  earlier.tiers[prod].database.read_replicas = replicas + 1;

  await page.getByRole('button', { name: 'Compare with…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare with an earlier design' });
  await dialog.getByLabel('Earlier design or bundle (.json, .zip)').setInputFiles({
    name: 'earlier.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(earlier)),
  });
  const fields = dialog.getByTestId('compare-fields').locator('li');
  await fields.first().waitFor();
  assert.deepEqual(await fields.allInnerTexts(), [
    `tiers[prod].database.read_replicas: ${replicas + 1} → ${replicas}`,
  ]);
  const files = await dialog.getByTestId('compare-files').locator(':scope > li').allInnerTexts();
  assert.ok(files.length > 0 && files.every((f) => f.startsWith('changed: ')), files.join('\n'));
  const tfvars = 'environments/card-catalog-api/us-east-1/prod/terraform.tfvars';
  assert.ok(files.includes(`changed: ${tfvars}`), files.join('\n'));
  const summary = dialog.locator('summary', { hasText: `changed: ${tfvars}` });
  const item = summary.locator('xpath=..');
  await summary.click();
  const removed = await item.locator('.diff-del').allInnerTexts();
  const added = await item.locator('.diff-add').allInnerTexts();
  assert.ok(removed.some((l) => l.includes(String(replicas + 1))), removed.join('\n'));
  assert.ok(added.some((l) => l.includes(String(replicas))), added.join('\n'));
  // One replica fewer: the estimate goes down.
  const cost = await dialog.getByTestId('compare-cost').innerText();
  assert.match(cost, /^Monthly cost estimate: \$[\d,]+\.\d\d → \$[\d,]+\.\d\d \(-\$[\d,]+\.\d\d\)$/, cost);

  // The open design's own share link: the same design.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const url = await page.getByTestId('share-link').inputValue();
  await page.getByRole('button', { name: 'Compare with…' }).click();
  await dialog.getByLabel('Share link').fill(url);
  await dialog.getByRole('button', { name: 'Compare link' }).click();
  await dialog.getByText('Compared with the link: the same design.').waitFor();
  assert.equal(await dialog.getByTestId('compare-files').locator(':scope > li').count(), 0);
  assert.match(await dialog.getByTestId('compare-cost').innerText(), /^Monthly cost estimate: unchanged, \$/);

  // A link that is not one says why, in the dialog.
  await dialog.getByLabel('Share link').fill('not a link');
  await dialog.getByRole('button', { name: 'Compare link' }).click();
  const alert = dialog.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /^The link could not be read: /);
  assert.deepEqual(errors, []);
  await context.close();
});
