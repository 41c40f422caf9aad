// The cost view (issue 16), in real headless Chromium against the release build (dist/).
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { useApp } from './support/suite.mjs';
import { readZip } from './support/zip.mjs';

const app = useApp();

/** `$1,234.56` → 123456 (cents). */
function cents(text) {
  const m = /\$([\d,]+)\.(\d\d)/.exec(text);
  assert.ok(m, `no dollar amount in ${JSON.stringify(text)}`);
  return Number(m[1].replaceAll(',', '')) * 100 + Number(m[2]);
}

test('turning Multi-AZ on changes the total and shows the change beside it', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);

  const total = page.getByTestId('cost-total');
  await total.waitFor();
  const before = cents(await total.textContent());
  assert.ok(before > 0);
  assert.ok((await page.getByTestId('cost-bar').count()) >= 3, 'a bar per tier');
  assert.equal(await page.getByTestId('cost-delta').count(), 0, 'no change before an edit');

  await designer.selectTier('staging', 'us-east-1');
  const multiAz = designer.field('/tiers/1/database/multi_az');
  assert.equal(await multiAz.isChecked(), false);
  await multiAz.check();

  const delta = page.getByTestId('cost-delta');
  await delta.waitFor();
  const after = cents(await total.textContent());
  assert.ok(after > before, `${after} > ${before}`);
  const shown = await delta.textContent();
  assert.match(shown, /^\+\$[\d,]+\.\d\d\/mo$/);
  // The change shown is the change of the total (to the cent, both rounded from micro-dollars).
  assert.ok(Math.abs(cents(shown) - (after - before)) <= 1, `${shown} vs ${after - before}`);

  // The line items of one deployment, with the prices the table lacks shown as such.
  await page
    .getByRole('button', { name: 'orders-ingestion in prod us-east-1' })
    .click();
  const items = page.getByTestId('cost-item');
  await items.first().waitFor();
  const rows = await items.allTextContents();
  assert.ok(rows.some((r) => r.includes('RDS PostgreSQL primary') && r.includes('(derived)')), rows.join('\n'));
  assert.ok(rows.some((r) => r.includes('no price for rds-proxy:vcpu-hour in region us-east-1')));

  // By service: the platform's hosts are a bar of their own.
  await page.getByRole('button', { name: 'Service', exact: true }).click();
  const bars = await page.getByTestId('cost-bar').allTextContents();
  assert.ok(bars.some((b) => b.startsWith('(platform)')), bars.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a usage assumption changes the total, the delta and the downloaded COST.md', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);

  const total = page.getByTestId('cost-total');
  await total.waitFor();
  const before = cents(await total.textContent());

  // The selected deployment's service gets its own value; the editor says whose it is.
  await page.getByRole('button', { name: 'orders-ingestion in prod us-east-1' }).click();
  const editor = page.getByTestId('usage-editor');
  await editor.locator('summary').click();
  assert.match(await editor.locator('summary').textContent(), /orders-ingestion/);
  const lcu = designer.field('/usage/services/orders-ingestion/alb_lcu_hours');
  assert.equal(await lcu.inputValue(), '');
  await lcu.fill('1000');

  const delta = page.getByTestId('cost-delta');
  await delta.waitFor();
  await page.waitForFunction(
    (b) => {
      const m = /\$([\d,]+)\.(\d\d)/.exec(document.querySelector('[data-testid="cost-total"]').textContent);
      return m && Number(m[1].replaceAll(',', '')) * 100 + Number(m[2]) !== b;
    },
    before,
  );
  const after = cents(await total.textContent());
  assert.ok(after > before, `${after} > ${before}`);
  const shown = await delta.textContent();
  assert.match(shown, /^\+\$[\d,]+\.\d\d\/mo$/);
  assert.ok(Math.abs(cents(shown) - (after - before)) <= 1, `${shown} vs ${after - before}`);
  const rows = await page.getByTestId('cost-item').allTextContents();
  assert.ok(
    rows.some((r) => r.includes('Application Load Balancer capacity units') && r.includes('1,000 hour')),
    rows.join('\n'),
  );
  assert.match(await editor.locator('summary').textContent(), /1 set/);

  // The bundle carries the assumption in its design and prices it in COST.md: same total.
  const files = readZip((await designer.downloadZip()).bytes);
  const design = JSON.parse(files.get('tfdesign.json').toString());
  assert.deepEqual(design.usage, { services: { 'orders-ingestion': { alb_lcu_hours: 1000 } } });
  const costMd = files.get('COST.md').toString();
  assert.ok(costMd.includes('## Usage assumptions'), costMd.slice(0, 800));
  assert.ok(costMd.includes(`**${(await total.textContent()).trim()} a month`), costMd.slice(0, 800));

  // Emptying the field takes the design-wide value again (0): the total goes back.
  await lcu.fill('');
  await page.waitForFunction(
    (b) => {
      const m = /\$([\d,]+)\.(\d\d)/.exec(document.querySelector('[data-testid="cost-total"]').textContent);
      return m && Number(m[1].replaceAll(',', '')) * 100 + Number(m[2]) === b;
    },
    before,
  );
  assert.deepEqual(errors, []);
  await context.close();
});
