// Offline (issue 17): after one visit the designer opens and works with no network. The page is
// loaded once, its service worker installs, then the server is shut down and the browser is put
// offline; the page reloads from the cache, takes an edit and downloads a bundle.
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { serveStatic } from './support/static-server.mjs';
import { DIST, useApp } from './support/suite.mjs';
import { readZip } from './support/zip.mjs';

const app = useApp();

test('after one visit the designer reloads, edits and downloads with no network', async () => {
  // A server of its own, so this test can take it away.
  const server = await serveStatic(DIST);
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    const designer = new DesignerPage(page);
    await designer.open(`${server.url}/`);

    // The web app manifest is linked, parses, and its icon is one of the build's files.
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="manifest"]');
      const response = await fetch(link.href);
      return { type: response.headers.get('content-type'), body: await response.json() };
    });
    assert.match(manifest.type, /^application\/manifest\+json/);
    assert.equal(manifest.body.start_url, '/');
    assert.equal(manifest.body.display, 'standalone');
    const icon = manifest.body.icons[0].src;
    assert.match(icon, /^\/favicon-[0-9a-f]+\.svg$/, icon);

    // The service worker installs, caches the build and takes control of the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((name) => name.startsWith('tfdesign-')));
      return (await cache.keys()).map((request) => new URL(request.url).pathname);
    });
    assert.ok(cached.includes('/'), cached.join(' '));
    assert.ok(cached.some((path) => path.endsWith('.wasm')), cached.join(' '));
    assert.ok(cached.includes(icon), cached.join(' '));

    // No network at all: the server is gone and the browser is offline.
    await server.close();
    await context.setOffline(true);
    const errors = collectErrors(page);
    await page.reload();
    await designer.cells.first().waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => navigator.onLine), false);

    await designer.addService();
    const names = await designer.serviceNames();
    const added = names[names.length - 1];
    const { bytes } = await designer.downloadZip();
    const files = readZip(bytes);
    assert.ok(files.has(`environments/${added}/us-east-1/prod/main.tf`), [...files.keys()].join('\n'));
    assert.ok(files.has('MANIFEST.sha256'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close().catch(() => {});
  }
});
