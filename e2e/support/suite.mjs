// What every browser test file shares: the release build in dist/ served at the site root
// (Trunk writes absolute asset paths), one Chromium for the file, and the artifacts folder
// the screenshots go to.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { DesignerPage } from '../pages/designer.mjs';
import { collectErrors, launchChromium } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const E2E = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = process.env.E2E_DIST ?? join(E2E, '..', 'dist');
export const ARTIFACTS = join(E2E, 'artifacts');

/**
 * Registers the file's `before` and `after` hooks and returns `{ server, browser }`, set once
 * `before` has run: the static server of dist/ and a headless Chromium.
 */
export function useApp() {
  const app = { server: undefined, browser: undefined };
  before(async () => {
    assert.ok(
      existsSync(join(DIST, 'index.html')),
      `${DIST}/index.html is missing: run \`trunk build --release\` first`,
    );
    app.server = await serveStatic(DIST);
    app.browser = await launchChromium();
    await mkdir(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * A fresh browser context at `viewport` with the designer open and its bundle listed:
 * `{ context, page, errors, designer }` (`errors` collects console errors and page errors).
 */
export async function openDesigner(app, viewport = { width: 1440, height: 900 }) {
  const context = await app.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);
  await designer.files.first().waitFor({ state: 'attached' });
  return { context, page, errors, designer };
}
