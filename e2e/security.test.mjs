// The designer itself is locked down: a strict Content-Security-Policy, no request leaving the
// page's origin during a whole journey, and typed text never becoming HTML or HCL.
// Run `trunk build --release` first, then `node --test e2e/`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { collectErrors } from './support/browser.mjs';
import { readZip } from './support/zip.mjs';
import { DIST, useApp } from './support/suite.mjs';

const app = useApp();

async function fresh() {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  // Record CSP violations from the first script on, so a policy that breaks the app fails here.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);
  return { context, page, designer, requests, errors };
}

test('the built page carries a strict Content-Security-Policy with no remote origin', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const match = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(match, 'index.html has a CSP meta tag (scripts/csp.mjs, a Trunk post_build hook)');
  const policy = match[1];
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /connect-src 'self'(;|$)/);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+(;|$)/);
  // Every hash is one of the page's own inline scripts (Trunk's loader, the service worker's
  // registration): no other inline script may run.
  const inline = [...html.matchAll(/<script(?: [^>]*)?>([\s\S]*?)<\/script>/g)].map(
    (m) => `sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}`,
  );
  const allowed = [...policy.matchAll(/'(sha256-[A-Za-z0-9+/=]+)'/g)].map((m) => m[1]);
  assert.deepEqual(allowed.toSorted(), inline.toSorted());
  assert.match(policy, /worker-src 'self'(;|$)/);
  assert.doesNotMatch(policy, /https?:|\*|'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
});

test('a whole journey makes no request off the page origin and violates no policy', async () => {
  const { context, page, designer, requests, errors } = await fresh();
  // The page has loaded once the network is idle (the browser fetches the icon lazily).
  await page.waitForLoadState('networkidle');
  const loaded = requests.length;
  await designer.selectTier('prod', 'us-east-1');
  await designer.setField('/tiers/2/compute/asg_max', 12);
  await designer.addService();
  await designer.downloadZip();
  await designer.exportJson();
  await designer.copyShareLink();
  await page.waitForTimeout(300);
  const offOrigin = requests.filter((url) => !url.startsWith(`${app.server.url}/`) && !/^(blob|data):/.test(url));
  assert.deepEqual(offOrigin, [], 'every request stays on the page origin');
  // The browser itself re-reads the page's icon (e.g. when the share link sets the fragment);
  // the app makes no request of its own once loaded.
  const afterLoad = requests
    .slice(loaded)
    .filter((url) => /^https?:/.test(url) && !/\/favicon-[0-9a-f]+\.svg$/.test(url));
  assert.deepEqual(afterLoad, [], 'no network request after the page has loaded');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('typed markup and template syntax never execute and never reach the bundle as code', async () => {
  const { context, page, designer } = await fresh();
  const markup = '<img src=x onerror="window.__xss=1">';
  await page.getByTestId('service-row').first().click();
  await designer.setField('/services/0/name', markup);
  await page.waitForTimeout(400);
  // The name is rejected where it was typed, shown as text, and nothing ran.
  const field = designer.field('/services/0/name');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.ok((await designer.diagnostics.allTextContents()).some((t) => t.includes('service name')));
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);

  // Free text is escaped into the bundle instead: `${...}` stays a literal string.
  await designer.setField('/services/0/name', 'card-catalog-api');
  const description = designer.field('/services/0/description');
  if (await description.count()) {
    await description.fill('${file("/etc/passwd")} %{ if true }x%{ endif } <script>window.__xss=2</script>');
    await page.waitForTimeout(400);
    assert.equal(await designer.diagnostics.count(), 0, 'free text is escaped, not rejected');
    assert.ok((await designer.filePaths()).length > 0, 'the bundle is still generated');
  }
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await context.close();
});

test('existing access-log buckets: the downloaded bundle keeps no log bucket and no skip without a field', async () => {
  const { context, page, designer, errors } = await fresh();
  await page.getByRole('button', { name: 'Project settings' }).click();
  const skipsOf = (files) =>
    [...files]
      .filter(([path]) => path.endsWith('.tf'))
      .flatMap(([, bytes]) => bytes.toString().split('\n'))
      .map((line) => line.trim())
      .filter((line) => line.startsWith('# checkov:skip='));
  // By default the bundle keeps its own log buckets, and says which field chose that.
  const before = readZip((await designer.downloadZip()).bytes);
  assert.ok(
    skipsOf(before).some((s) => s.startsWith('# checkov:skip=CKV_AWS_18:security.access_log_buckets unset')),
  );

  await designer.field('/security/access_log_buckets').check();
  for (const region of ['us-east-1', 'us-west-2']) {
    await designer.setField(`/security/access_log_buckets/${region}`, `acme-access-logs-${region}`);
  }
  await page.waitForTimeout(400);
  assert.equal(await designer.diagnostics.count(), 0);
  const files = readZip((await designer.downloadZip()).bytes);
  const api = files.get('modules/ecs-api/main.tf').toString();
  assert.doesNotMatch(api, /resource "aws_s3_bucket"/);
  assert.match(api, /bucket\s+= var\.access_logs_bucket/);
  const backend = files.get('backend-bootstrap/backend-us-west-2.tf').toString();
  assert.match(backend, /target_bucket = "acme-access-logs-us-west-2"/);
  const skips = skipsOf(files);
  assert.ok(skips.length > 0, 'the preset still has design-chosen weaker settings');
  for (const skip of skips) {
    const reason = skip.slice('# checkov:skip='.length).split(':').slice(1).join(':');
    assert.match(reason, /^(security\.|tiers\[|iam\.users|regions \(|services\[)/, skip);
    assert.doesNotMatch(reason, /access_log_buckets/, skip);
  }
  const design = JSON.parse(files.get('tfdesign.json').toString());
  assert.deepEqual(design.security.access_log_buckets, {
    'us-east-1': 'acme-access-logs-us-east-1',
    'us-west-2': 'acme-access-logs-us-west-2',
  });
  assert.deepEqual(errors, []);
  await context.close();
});
