// Issue 15's journey in real headless Chromium against the release build (dist/): on the seed
// platform a person routes an HTTP API to a function, gives one service a topic and subscribes a
// queue of another service to it, and adds a static frontend that calls a third service's API.
// The downloaded zip has each resource in the right roots, the subscriber's root reaches the
// publisher's topic by its derived ARN, and the platform diagram draws both edges.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { DesignerPage } from './pages/designer.mjs';
import { HttpApiSection } from './pages/http_api.mjs';
import { collectErrors } from './support/browser.mjs';
import { readZip } from './support/zip.mjs';
import { ARTIFACTS, useApp } from './support/suite.mjs';

const app = useApp();

test('route a function, subscribe a queue to another service\'s topic, add a frontend: the zip and the diagram show them', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const designer = new DesignerPage(page);
  await designer.open(`${app.server.url}/`);

  // 1. An HTTP API route to manufacturing-orchestrator's cleanup function.
  await designer.serviceRows.nth(2).click();
  const api = new HttpApiSection(designer, 2);
  await api.add();
  await api.setRoute(0, 'POST /cleanup', 'cleanup');

  // 2. orders-ingestion publishes order-events; manufacturing-orchestrator's jobs queue subscribes.
  await designer.serviceRows.nth(1).click();
  await page.getByRole('button', { name: 'Add a topic' }).click();
  await designer.setField('/services/1/topics/0/name', 'order-events');
  await designer.serviceRows.nth(2).click();
  await page.getByTestId('subscribe-2-0').selectOption('orders-ingestion.order-events');
  await page.getByText('Subscribed to orders-ingestion.order-events').waitFor();
  await designer.setField('/services/2/queues/0/subscribe/0/filter_policy', '{"kind":["custom"]}');

  // 3. A new service becomes the static frontend of card-catalog-api's API.
  await designer.addService();
  await designer.serviceRows.nth(3).click();
  await designer.setField('/services/3/name', 'web');
  await page.getByLabel('HTTP API (ECS behind a load balancer)').uncheck();
  await page.getByRole('button', { name: 'Add a static frontend' }).click();
  await designer.setField('/services/3/frontend/backend', 'card-catalog-api');
  await designer.setField('/services/3/cost_codes/dev', 'WEB00001');
  await designer.setField('/services/3/cost_codes/staging', 'WEB00002');
  await designer.setField('/services/3/cost_codes/prod', 'WEB00003');

  const { bytes } = await designer.downloadZip();
  const files = readZip(bytes);
  const text = (path) => {
    assert.ok(files.has(path), `${path} is in the zip`);
    return files.get(path).toString();
  };

  // The HTTP API is in manufacturing-orchestrator's roots, the route to its function.
  for (const root of ['us-east-1/dev', 'us-east-1/prod', 'us-west-2/prod']) {
    const main = text(`environments/manufacturing-orchestrator/${root}/main.tf`);
    assert.match(main, /module "http_api" \{/, root);
    assert.match(main, /"POST \/cleanup" = \{\n\s+function\s+= "cleanup"/, root);
  }
  assert.match(text('modules/http-api/main.tf'), /resource "aws_apigatewayv2_route" "this" \{/);

  // The topic is the publisher's; the subscriber's roots reach it by its derived ARN, each in
  // its own tier and region, and admit only it.
  for (const [root, name] of [
    ['us-east-1/dev', 'sports-cards-dev-orders-ingestion-order-events'],
    ['us-east-1/prod', 'sports-cards-prod-orders-ingestion-order-events'],
    ['us-west-2/prod', 'sports-cards-prod-orders-ingestion-dr-order-events'],
  ]) {
    assert.match(text(`environments/orders-ingestion/${root}/main.tf`), /module "topic_order_events" \{/, root);
    const main = text(`environments/manufacturing-orchestrator/${root}/main.tf`);
    const arn = `arn:\${data.aws_partition.current.partition}:sns:\${var.aws_region}:\${data.aws_caller_identity.current.account_id}:${name}`;
    assert.ok(main.includes(`topic_arn            = "${arn}"`), `${root}: the subscription names ${arn}`);
    assert.doesNotMatch(main, /module "topic_order_events"/, root);
    assert.match(text(`environments/manufacturing-orchestrator/${root}/README.md`), /orders-ingestion/, root);
  }
  assert.match(text('modules/sqs-queue/main.tf'), /resource "aws_sns_topic_subscription" "this" \{/);
  assert.match(text('modules/sns-topic/main.tf'), /resource "aws_sns_topic" "this" \{/);

  // The frontend has a root per tier in the primary region only (CloudFront is global).
  for (const tier of ['dev', 'staging', 'prod']) {
    const main = text(`environments/web/us-east-1/${tier}/main.tf`);
    assert.match(main, /module "frontend" \{\n\s+source = "\.\.\/\.\.\/\.\.\/\.\.\/modules\/cloudfront-site"/, tier);
  }
  assert.ok(![...files.keys()].some((p) => p.startsWith('environments/web/us-west-2/')), 'no DR copy of the frontend');
  assert.match(text('modules/cloudfront-site/main.tf'), /resource "aws_cloudfront_distribution" "this" \{/);

  const design = JSON.parse(text('tfdesign.json'));
  assert.deepEqual(design.services[1].topics, [{ name: 'order-events' }]);
  assert.equal(design.services[2].queues[0].subscribe[0].topic, 'orders-ingestion.order-events');
  assert.equal(design.services[3].frontend.backend, 'card-catalog-api');

  // The platform diagram draws the event (topic → queue) and the call (frontend → API).
  await page.getByRole('tab', { name: 'Diagram' }).click();
  const platform = page.getByTestId('platform-diagram');
  await platform.waitFor();
  const events = platform.locator('path.edge.event');
  const calls = platform.locator('path.edge.call');
  // One per tier and region where both services deploy: dev, staging, prod and DR prod.
  assert.equal(await events.count(), 4);
  assert.equal(await events.first().locator('title').textContent(), 'order-events → jobs');
  // The frontend deploys to the primary region only: dev, staging and prod.
  assert.equal(await calls.count(), 3);
  assert.equal(await calls.first().locator('title').textContent(), 'web calls the API of card-catalog-api');
  await page.screenshot({ path: join(ARTIFACTS, 'services-talk-1440.png') });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: join(ARTIFACTS, 'services-talk-1920.png') });

  assert.deepEqual(errors, []);
  await context.close();
});
