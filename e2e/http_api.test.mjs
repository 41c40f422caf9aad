// The HTTP API journey in real headless Chromium against the release build (dist/): a service's
// functions get an HTTP API with routes in the inspector, and the downloaded zip has the API in
// that service's roots only.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { HttpApiSection } from './pages/http_api.mjs';
import { collectErrors } from './support/browser.mjs';
import { readZip } from './support/zip.mjs';
import { useApp } from './support/suite.mjs';

const app = useApp();

test('route two paths to a service\'s functions, download: the HTTP API is in its roots only', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);
  // sports-cards' manufacturing-orchestrator has two functions: cleanup and partner-sync.
  await designer.serviceRows.nth(2).click();
  const api = new HttpApiSection(designer, 2);
  await api.add();
  await api.setRoute(0, 'POST /cleanup', 'cleanup');
  await api.addRoute();
  await api.setRoute(1, 'POST /partners/{id}/sync', 'partner-sync');
  await page.getByTestId('matrix-cell').getByText('HTTP API×2').first().waitFor();

  const { bytes } = await designer.downloadZip();
  const files = readZip(bytes);
  for (const root of ['us-east-1/dev', 'us-east-1/prod', 'us-west-2/prod']) {
    const main = files.get(`environments/manufacturing-orchestrator/${root}/main.tf`).toString();
    assert.match(main, /module "http_api" \{\n\s+source = "\.\.\/\.\.\/\.\.\/\.\.\/modules\/http-api"/, root);
    assert.match(main, /"POST \/cleanup" = \{\n\s+function\s+= "cleanup"\n\s+permission_path = "POST\/cleanup"/, root);
    assert.match(main, /"POST \/partners\/\{id\}\/sync" = \{\n\s+function\s+= "partner-sync"/, root);
    assert.match(main, /authorization\s+= "AWS_IAM"/, root);
    const outputs = files.get(`environments/manufacturing-orchestrator/${root}/outputs.tf`).toString();
    assert.match(outputs, /output "http_api_endpoint"/, root);
  }
  for (const other of ['card-catalog-api', 'orders-ingestion']) {
    const main = files.get(`environments/${other}/us-east-1/prod/main.tf`).toString();
    assert.doesNotMatch(main, /module "http_api"/, other);
  }
  const module = files.get('modules/http-api/main.tf').toString();
  assert.match(module, /resource "aws_apigatewayv2_api" "this" \{/);
  assert.match(module, /resource "aws_lambda_permission" "route" \{/);
  const design = JSON.parse(files.get('tfdesign.json').toString());
  assert.deepEqual(design.services[2].http_api, {
    routes: [
      { route: 'POST /cleanup', function: 'cleanup' },
      { route: 'POST /partners/{id}/sync', function: 'partner-sync' },
    ],
    auth: 'iam',
  });
  assert.deepEqual(errors, []);
  await context.close();
});
