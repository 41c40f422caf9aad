// axe-core on the main views (issue 19): the designer at 1440 px, light and dark, with the
// project, a service and a tier in the inspector, the command palette and the shortcut list,
// the Files and the Diagram tab, a download
// refused for errors, and the paste dialog. No serious or critical violation is allowed; every
// violation found is printed as a diagnostic. axe is injected into the page from node_modules
// (the page's Content-Security-Policy admits no inline script: the test context bypasses it).
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { useApp } from './support/suite.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const app = useApp();

/**
 * Runs axe on the page as it is (WCAG 2.2 A/AA and best practices, plus the experimental
 * label-in-name rule the review used); returns the violations, each summarised.
 */
async function audit(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      resultTypes: ['violations'],
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      first: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  return violations;
}

/** Fails on serious and critical violations; reports every violation. */
function expectClean(t, where, violations) {
  for (const v of violations) t.diagnostic(`${where}: ${v.impact} ${v.id} ×${v.nodes}: ${v.help} | ${v.first.join(' | ')}`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} ×${v.nodes}: ${v.first.join(' | ')}`),
    [],
    `${where}: serious or critical axe violations`,
  );
}

for (const scheme of ['light', 'dark']) {
  test(`axe finds no serious or critical violation at 1440 px, ${scheme}`, async (t) => {
    const context = await app.browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: scheme,
      bypassCSP: true,
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const designer = new DesignerPage(page);
    await designer.open(`${app.server.url}/`);
    await designer.code.waitFor();
    await designer.files.first().waitFor({ state: 'attached' });
    expectClean(t, `${scheme}, first view`, await audit(page));

    await designer.cells.nth(1).click();
    await designer.field('/services/0/name').waitFor();
    expectClean(t, `${scheme}, a service in the inspector`, await audit(page));

    await designer.selectTier('prod', 'us-east-1');
    await designer.field('/tiers/2/name').waitFor();
    expectClean(t, `${scheme}, a tier in the inspector`, await audit(page));

    // The command palette, open with a query, and the shortcut list.
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox', { name: 'Command' }).waitFor();
    await page.keyboard.type('add');
    await page.keyboard.press('ArrowDown');
    expectClean(t, `${scheme}, the command palette`, await audit(page));
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'hidden' });
    await page.locator('body').press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expectClean(t, `${scheme}, the shortcut list`, await audit(page));
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: 'Diagram' }).click();
    await page.getByTestId('diagram').waitFor();
    expectClean(t, `${scheme}, the diagram`, await audit(page));

    // A download refused for an error: the alert and the field's message.
    await designer.cells.first().click();
    await designer.setField('/services/0/name', 'Bad Name');
    await page.getByRole('button', { name: 'Download .zip' }).click();
    await designer.alert.waitFor();
    expectClean(t, `${scheme}, errors`, await audit(page));

    await page.getByRole('button', { name: 'Paste JSON…' }).click();
    await page.getByRole('textbox', { name: 'Design JSON' }).fill('{');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('paste-error').filter({ hasText: /\S/ }).waitFor();
    expectClean(t, `${scheme}, the paste dialog`, await audit(page));

    assert.deepEqual(errors, []);
    await context.close();
  });
}
