// The designer's user journeys, in real headless Chromium against the release build (dist/).
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { readZip } from './support/zip.mjs';
import { useApp } from './support/suite.mjs';

const app = useApp();

/** A designer in a fresh browser context (its own storage), and the errors it logs. */
async function fresh(url = `${app.server.url}/`) {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(url);
  return { context, page, designer, errors };
}

test('change a tier, add a service, download: the zip has the new roots and the value', async (t) => {
  const { context, designer, errors } = await fresh();
  await designer.selectTier('prod', 'us-east-1');
  await designer.setField('/tiers/2/compute/asg_max', 17);
  // Typing regenerates the bundle on every keystroke: recorded, not asserted.
  const description = designer.field('/tiers/2/name');
  const typing = performance.now();
  await description.press('End');
  await description.pressSequentially('-x', { delay: 0 });
  await description.press('Backspace');
  await description.press('Backspace');
  t.diagnostic(`four_keystrokes_ms: ${Math.round(performance.now() - typing)}`);
  assert.equal(await description.inputValue(), 'prod');
  await designer.addService();
  assert.deepEqual(await designer.serviceNames(), [
    'card-catalog-api',
    'orders-ingestion',
    'manufacturing-orchestrator',
    'new-service',
  ]);

  const started = performance.now();
  const { name, bytes } = await designer.downloadZip();
  t.diagnostic(`download_ms: ${Math.round(performance.now() - started)}`);
  assert.equal(name, 'sports-cards-terraform.zip');
  const files = readZip(bytes);
  for (const tier of ['dev', 'staging', 'prod']) {
    assert.ok(files.has(`environments/new-service/us-east-1/${tier}/main.tf`), `no ${tier} root`);
  }
  assert.ok(files.has('environments/new-service/us-west-2/prod/main.tf'), 'no DR root');
  // Hosts are per tier and region: the tier's ASG lives in its platform root.
  const tfvars = files.get('platform/us-east-1/prod/terraform.tfvars').toString();
  assert.match(tfvars, /asg_max_size\s+= 17\n/);
  assert.ok(files.has('platform/us-west-2/prod/main.tf'), 'no DR platform root');
  const design = JSON.parse(files.get('tfdesign.json').toString());
  assert.equal(design.tiers[2].compute.asg_max, 17);
  assert.deepEqual(errors, []);
  await context.close();
});

test('add a bucket, a table and a cache to a service, download: each is in its service\'s roots only', async () => {
  const { context, page, designer, errors } = await fresh();
  await designer.serviceRows.first().click();
  await page.getByRole('button', { name: 'Add a bucket' }).click();
  await designer.setField('/services/0/buckets/0/name', 'images');
  await page.getByRole('button', { name: 'Add a table' }).click();
  await designer.setField('/services/0/tables/0/partition_key/name', 'card_id');
  await page.getByRole('button', { name: 'Add a cache' }).click();
  await designer.field('/services/0/cache/engine').selectOption('redis');
  // The matrix shows the new blocks on the service's cells.
  await page.getByTestId('matrix-cell').first().getByText('S3×1').waitFor();
  await page.getByTestId('matrix-cell').first().getByText('DDB×1').waitFor();
  await page.getByTestId('matrix-cell').first().getByText('Cache (Redis OSS)').waitFor();

  const { bytes } = await designer.downloadZip();
  const files = readZip(bytes);
  for (const root of ['us-east-1/dev', 'us-east-1/prod', 'us-west-2/prod']) {
    const main = files.get(`environments/card-catalog-api/${root}/main.tf`).toString();
    assert.match(main, /module "bucket_images" \{/, root);
    assert.match(main, /module "table_items" \{/, root);
    assert.match(main, /hash_key\s+= "card_id"/, root);
    assert.match(main, /BUCKET_IMAGES\s+= module\.bucket_images\.bucket_name/, root);
    assert.match(main, /module "cache" \{\n\s+source = "\.\.\/\.\.\/\.\.\/\.\.\/modules\/elasticache"/, root);
    assert.match(main, /engine\s+= "redis"/, root);
    assert.match(main, /CACHE_ENDPOINT\s+= module\.cache\.primary_endpoint/, root);
  }
  const other = files.get('environments/orders-ingestion/us-east-1/prod/main.tf').toString();
  assert.doesNotMatch(other, /bucket_images|table_items|module "cache"|CACHE_ENDPOINT/);
  assert.ok(files.has('modules/s3-bucket/main.tf'));
  assert.ok(files.has('modules/dynamodb-table/main.tf'));
  const cacheModule = files.get('modules/elasticache/main.tf').toString();
  assert.match(cacheModule, /resource "aws_elasticache_replication_group" "this" \{/);
  assert.match(cacheModule, /transit_encryption_enabled = true/);
  const design = JSON.parse(files.get('tfdesign.json').toString());
  assert.deepEqual(design.services[0].buckets, [{ name: 'images' }]);
  assert.equal(design.services[0].tables[0].partition_key.name, 'card_id');
  assert.deepEqual(design.services[0].cache, { engine: 'redis' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link opens the identical design in a fresh browser', async () => {
  const first = await fresh();
  await first.designer.addService();
  await first.designer.setField('/services/3/name', 'shared-service');
  const link = await first.designer.copyShareLink();
  assert.match(link, /#v1\./);
  const original = await first.designer.exportJson();

  const second = await fresh(link);
  assert.deepEqual(await second.designer.serviceNames(), await first.designer.serviceNames());
  const opened = await second.designer.exportJson();
  assert.equal(opened.text, original.text);
  assert.deepEqual([...first.errors, ...second.errors], []);
  await first.context.close();
  await second.context.close();
});

test('a corrupted link shows an error and the designer keeps working', async () => {
  const { context, designer, page } = await fresh(`${app.server.url}/#v1.this-is-not-a-design`);
  await designer.alert.waitFor();
  assert.match(await designer.alert.textContent(), /link/i);
  assert.equal(await designer.serviceRows.count(), 3);
  await designer.addService();
  assert.equal(await designer.serviceRows.count(), 4);
  assert.match(await page.getByTestId('problem-count').textContent(), /0 errors|No problems/);
  await context.close();
});

test('an exported design imports back; a broken file leaves the design intact', async () => {
  const { context, designer, errors } = await fresh();
  await designer.choosePreset('minimal');
  const exported = await designer.exportJson();
  assert.equal(exported.name, 'acme-design.json');
  await designer.choosePreset('sports-cards');
  assert.equal(await designer.serviceRows.count(), 3);

  await designer.importFile('broken.json', '{"version": 1, "project": ');
  await designer.alert.waitFor();
  assert.equal(await designer.serviceRows.count(), 3, 'a broken file changed the design');

  await designer.importFile(exported.name, exported.text);
  await designer.page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 1);
  assert.deepEqual(await designer.serviceNames(), ['web-api']);
  assert.equal((await designer.exportJson()).text, exported.text);

  const { bytes } = await designer.downloadZip();
  await designer.choosePreset('sports-cards');
  await designer.importFile('acme-terraform.zip', bytes, 'application/zip');
  await designer.page.waitForFunction(() => document.querySelectorAll('[data-testid="service-row"]').length === 1);
  assert.equal((await designer.exportJson()).text, exported.text);
  assert.deepEqual(errors, []);
  await context.close();
});

test('undo and redo, by button and by keyboard', async () => {
  const { context, designer } = await fresh();
  assert.equal(await designer.undoButton.isDisabled(), true);
  await designer.addService();
  await designer.addService();
  assert.equal(await designer.serviceRows.count(), 5);
  await designer.undoButton.click();
  assert.equal(await designer.serviceRows.count(), 4);
  await designer.press('Control+Z');
  assert.equal(await designer.serviceRows.count(), 3);
  assert.equal(await designer.undoButton.isDisabled(), true);
  await designer.press('Control+Shift+Z');
  assert.equal(await designer.serviceRows.count(), 4);
  await designer.redoButton.click();
  assert.equal(await designer.serviceRows.count(), 5);
  assert.equal(await designer.redoButton.isDisabled(), true);
  await context.close();
});
