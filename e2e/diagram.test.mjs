// The diagram (issue 19, major 4): text at least 12 px at 1440 px, zoom by buttons and
// Ctrl+wheel, pan by dragging, and a click (or Enter) on a service, tier, region or building
// block selects it for the inspector. Screenshots at 1920, 1440 and 1024 px go to e2e/artifacts/.
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { ARTIFACTS, useApp } from './support/suite.mjs';

const app = useApp();

/** The smallest text of the diagrams as drawn on screen, in px; and the platform's width. */
function measure(page) {
  return page.evaluate(() => {
    let smallest = Infinity;
    for (const svg of document.querySelectorAll('svg.diagram')) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      for (const text of svg.querySelectorAll('text')) {
        smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
      }
    }
    const platform = document.querySelector('[data-testid="platform-diagram"]').getBoundingClientRect();
    return { smallest, platformWidth: platform.width };
  });
}

test('the diagram reads at 12 px, zooms, pans, and a click selects what it shows', async (t) => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);
  await designer.cells.first().click();
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await page.getByTestId('deployment-diagram').waitFor();

  const start = await measure(page);
  t.diagnostic(`at 100 %: ${JSON.stringify(start)}`);
  assert.ok(start.smallest >= 12, `text drawn at ${start.smallest.toFixed(1)} px`);
  await page.screenshot({ path: join(ARTIFACTS, 'diagram-1440.png') });

  // Zoom: the buttons, then Ctrl+wheel over the drawing.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  assert.equal((await page.getByTestId('diagram-zoom').textContent()).trim(), '125 %');
  const zoomed = await measure(page);
  assert.ok(Math.abs(zoomed.platformWidth / start.platformWidth - 1.25) < 0.01, 'the drawing did not grow 1.25×');
  const viewport = page.getByTestId('diagram-viewport');
  const box = await viewport.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 100);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await page.waitForFunction(() => document.querySelector('[data-testid="diagram-zoom"]').textContent.trim() === '156 %');
  // Ctrl+wheel over the drawing zooms the drawing, not the page: the app cancels the event.
  const cancelled = await viewport.evaluate(
    (v) => !v.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, ctrlKey: true, bubbles: true, cancelable: true })),
  );
  assert.ok(cancelled, 'Ctrl+wheel was not cancelled (the browser would zoom the page)');
  assert.equal((await page.getByTestId('diagram-zoom').textContent()).trim(), '125 %');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  assert.equal((await page.getByTestId('diagram-zoom').textContent()).trim(), '156 %');

  // Pan: a drag scrolls the drawing (and clicks nothing).
  const selectionBefore = await designer.field('/services/0/name').inputValue();
  await page.mouse.move(box.x + box.width / 2, box.y + 120);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 150, box.y + 60, { steps: 5 });
  await page.mouse.up();
  const scrolled = await viewport.evaluate((v) => [v.scrollLeft, v.scrollTop]);
  t.diagnostic(`scrolled by the drag: ${scrolled}`);
  assert.ok(scrolled[0] > 100, 'the drag did not pan sideways');
  assert.equal(await designer.field('/services/0/name').inputValue(), selectionBefore);
  await page.getByRole('button', { name: 'Actual size' }).click();
  await viewport.evaluate((v) => v.scrollTo(0, 0));

  // A service in the platform drawing selects its cell; the diagram stays on show.
  await page.locator('[data-testid="platform-diagram"] [data-pick="cell:1:2:0"]').click();
  assert.equal(await designer.field('/services/1/name').inputValue(), 'orders-ingestion');
  const cell = page.getByRole('button', { name: /^orders-ingestion in prod us-east-1:/ });
  assert.equal(await cell.getAttribute('aria-pressed'), 'true');
  assert.ok(await page.getByTestId('deployment-diagram').isVisible(), 'the diagram went away');
  assert.match(await page.getByTestId('diagram').textContent(), /Deployment: orders-ingestion — prod in us-east-1/);

  // A building block: its first field takes the focus (by click, and by Enter).
  await page.locator('[data-testid="deployment-diagram"] .node.queue').first().click();
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-1-queues-0-name');
  await page.locator('[data-testid="deployment-diagram"] .node.worker').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'f-services-1-worker-image');
  // A tier and a region.
  await page.locator('[data-testid="platform-diagram"] [data-pick="tier:0"]').first().click();
  await page.getByRole('button', { name: /^Tier dev in / }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: /^Tier dev in / }).first().getAttribute('aria-pressed'), 'true');

  await page.locator('[data-testid="platform-diagram"] [data-pick="cell:1:2:0"]').click();
  for (const width of [1920, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.getByTestId('diagram').scrollIntoViewIfNeeded();
    const m = await measure(page);
    t.diagnostic(`at ${width} px: ${JSON.stringify(m)}`);
    assert.ok(m.smallest >= 12, `at ${width} px text drawn at ${m.smallest.toFixed(1)} px`);
    await page.screenshot({ path: join(ARTIFACTS, `diagram-${width}.png`) });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('every node of the diagram is a focusable button that selects its thing by keyboard', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);
  await page.getByRole('tab', { name: 'Diagram' }).click();
  const platform = page.getByTestId('platform-diagram');
  await platform.waitFor();

  // Every node: a button with a name, in the tab order.
  const nodes = await platform.locator('[data-pick]').evaluateAll((all) =>
    all.map((n) => ({ role: n.getAttribute('role'), tab: n.tabIndex, name: n.getAttribute('aria-label') })),
  );
  assert.ok(nodes.length > 3, `${nodes.length} nodes`);
  for (const n of nodes) {
    assert.equal(n.role, 'button');
    assert.equal(n.tab, 0, `${n.name} is not focusable`);
    assert.ok(n.name, 'a node without a name');
  }

  // A region by Enter, a tier by Space, a service by Enter: each opens its inspector.
  await platform.getByRole('button', { name: /^Region .* \(primary\): edit$/ }).first().focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('region-inspector').waitFor();
  await platform.getByRole('button', { name: /^Tier dev / }).first().focus();
  await page.keyboard.press(' ');
  await page.getByTestId('tier-inspector').waitFor();
  assert.equal(await designer.field('/tiers/0/name').inputValue(), 'dev');
  await platform.locator('[data-pick="cell:1:2:0"]').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('service-inspector').waitFor();
  assert.equal(await designer.field('/services/1/name').inputValue(), 'orders-ingestion');

  // Each building block's box, by Space: its section's first field takes the focus.
  const boxes = page.locator('[data-testid="deployment-diagram"] .node');
  const count = await boxes.count();
  assert.ok(count >= 3, `${count} boxes`);
  for (let n = 0; n < count; n += 1) {
    const box = boxes.nth(n);
    const pointer = await box.getAttribute('data-pick');
    await box.focus();
    await page.keyboard.press(' ');
    const id = `f${pointer.replaceAll('/', '-')}`;
    await page.waitForFunction((want) => document.activeElement?.id === want, id);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
