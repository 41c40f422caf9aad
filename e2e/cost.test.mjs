// The cost view (issue 16), in real headless Chromium against the release build (dist/).
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { useApp } from './support/suite.mjs';

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
