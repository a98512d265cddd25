// One upload's trace in Zipkin's own web UI, the local trace viewer of `scripts/local up`.
// Run by TracingIT once Zipkin (ZIPKIN_URL) holds the trace TRACE_ID with spans of every service in SERVICES;
// the screenshot goes to SCREENSHOTS/trace-upload.png (docs/screenshots has the one the README shows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const ZIPKIN = process.env.ZIPKIN_URL ?? 'http://localhost:9411';
const TRACE = process.env.TRACE_ID;
const SERVICES = (process.env.SERVICES ?? 'upload-service,thumbnail-worker,poll-gateway').split(',');
const SHOTS = process.env.SCREENSHOTS ?? 'target/screenshots';
const WAIT = { timeout: 60_000 };

let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => { await browser?.close(); });

test('one upload is one trace in the viewer, with a span of every service it crossed', async () => {
  assert.match(TRACE ?? '', /^[0-9a-f]{32}$/, 'TRACE_ID names the trace');
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${ZIPKIN}/zipkin/traces/${TRACE}`);
  for (const service of SERVICES) {
    await page.getByText(service, { exact: false }).first().waitFor(WAIT);
  }
  await page.waitForLoadState('networkidle');
  const text = await page.locator('body').innerText();
  for (const service of SERVICES) {
    assert.ok(text.includes(service), `the trace page names ${service}`);
  }
  await page.screenshot({ path: `${SHOTS}/trace-upload.png`, fullPage: true });
});
