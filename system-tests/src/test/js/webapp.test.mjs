// The web app in real headless Chromium against the whole system behind the one origin (HOLDLINE_URL).
// Run by WebAppIT after it has started the five packaged services and nginx; screenshots go to SCREENSHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const BASE = process.env.HOLDLINE_URL ?? 'http://localhost:8000';
const SHOTS = process.env.SCREENSHOTS ?? 'target/screenshots';
const IMAGE = process.env.TEST_IMAGE; // a real JPEG written by WebAppIT
const RUN = Date.now().toString(36);
const WAIT = { timeout: 60_000 };

let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => { await browser?.close(); });

/** A browser context of its own (its own sessionStorage), signed in through the page's sign-in form. */
async function signedIn(user, { admin = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${user}] page error: ${e.message}`));
  await page.goto(BASE + '/');
  await page.getByLabel('User name').fill(user);
  if (admin) await page.getByLabel('administrator').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#whoami', { hasText: user }).waitFor(WAIT);
  await page.locator('#connection[data-state="live"]').waitFor(WAIT);
  return { context, page };
}

test('the origin serves the public API and the web app, nothing else', async () => {
  const status = async (path) => (await fetch(BASE + path)).status;
  assert.equal(await status('/'), 200);
  assert.equal(await status('/client/holdline.js'), 200);
  assert.equal(await status('/api/images'), 401); // reached upload-service, which wants a token
  for (const hidden of ['/q/metrics', '/q/health/ready', '/q/openapi', '/internal/images/1', '/api/imagesX',
    '/appx', '/index.html.bak']) {
    assert.equal(await status(hidden), 404, `${hidden} is not on the origin`);
  }
  for (const sneaky of ['/internal/images/1;x%2F..%2F..%2Fapi%2Fimages', '/api/images/1%2F..%2F..%2Finternal%2Fimages%2F1',
    '/api/images;x/1']) { // (an encoded dot segment is normalised by fetch itself; HiddenPathTest sends it raw)
    const answer = await fetch(BASE + sneaky);
    assert.equal(answer.status, 400, `${sneaky} is refused`);
    assert.equal((await answer.json()).error, 'invalid_path');
  }
  const page = await fetch(BASE + '/');
  assert.match(page.headers.get('content-security-policy') ?? '', /script-src|default-src 'self'/);
});

test('an uploaded image shows its status and then its thumbnail in a plain <img>', async () => {
  assert.ok(IMAGE, 'TEST_IMAGE names a JPEG');
  const { context, page } = await signedIn(`ann-${RUN}`);
  await page.getByLabel('Title (optional)').fill('Harbour');
  await page.locator('#upload-file').setInputFiles(IMAGE);
  await page.getByRole('button', { name: 'Upload' }).click();
  const item = page.locator('#gallery li', { hasText: 'Harbour' });
  await item.locator('.status-COMPLETED').waitFor(WAIT);
  const thumbnail = item.locator('img');
  await thumbnail.waitFor(WAIT);
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumbnail.elementHandle(), WAIT);
  const src = await thumbnail.getAttribute('src');
  assert.match(src, /^\/api\/images\/\d+\/thumbnails\/\d+\?expires=\d+&signature=/);
  // the signed URL works without a token; without its signature the thumbnail is not served
  const plain = await fetch(BASE + src);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('content-type'), 'image/jpeg');
  assert.equal((await fetch(BASE + src.replace(/\?.*/, ''))).status, 401);
  await page.screenshot({ path: `${SHOTS}/images.png`, fullPage: true });
  await context.close();
});

test('an image deleted in one tab leaves the gallery in the other at once (image.deleted)', async () => {
  const user = `dan-${RUN}`;
  const first = await signedIn(user);
  await first.page.getByLabel('Title (optional)').fill('Lighthouse');
  await first.page.locator('#upload-file').setInputFiles(IMAGE);
  await first.page.getByRole('button', { name: 'Upload' }).click();
  await first.page.locator('#gallery li', { hasText: 'Lighthouse' }).locator('.status-COMPLETED').waitFor(WAIT);
  const second = await signedIn(user); // another tab: its own session, the same user
  const there = second.page.locator('#gallery li', { hasText: 'Lighthouse' });
  await there.waitFor(WAIT);

  first.page.once('dialog', (dialog) => dialog.accept());
  await first.page.getByRole('button', { name: 'Delete Lighthouse' }).click();
  await first.page.locator('#upload-message', { hasText: 'Lighthouse deleted.' }).waitFor(WAIT);
  assert.equal(await first.page.locator('#gallery li', { hasText: 'Lighthouse' }).count(), 0);
  await there.waitFor({ state: 'detached', ...WAIT }); // no reload: the event took it out
  await first.context.close();
  await second.context.close();
});

test('a file that is not an image is refused with a message', async () => {
  const { context, page } = await signedIn(`ben-${RUN}`);
  await page.locator('#upload-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain',
    buffer: Buffer.from('these are notes, not a picture') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('#upload-message.rejected', { hasText: 'notes.txt is not an image' }).waitFor(WAIT);
  await page.screenshot({ path: `${SHOTS}/rejected.png` });
  await context.close();
});

test('two users chat: presence, typing, the message and its read receipt arrive live', async () => {
  const room = `e2e-${RUN}`;
  const alice = await signedIn(`alice-${RUN}`);
  const bob = await signedIn(`bob-${RUN}`);
  for (const { page } of [alice, bob]) {
    await page.getByRole('link', { name: 'Chat' }).click();
    await page.getByLabel('Room').fill(room);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByLabel('Message', { exact: true }).waitFor(WAIT);
  }
  await bob.page.locator('#online li', { hasText: `alice-${RUN}` }).waitFor(WAIT);
  await alice.page.locator('#online li', { hasText: `bob-${RUN}` }).waitFor(WAIT);

  await alice.page.getByLabel('Message', { exact: true }).pressSequentially('hello bob');
  await bob.page.locator('#typing', { hasText: `alice-${RUN} is typing` }).waitFor(WAIT);
  await alice.page.getByRole('button', { name: 'Send' }).click();
  await bob.page.locator('#messages li', { hasText: 'hello bob' }).waitFor(WAIT);
  // bob's page says it read the message; alice sees the receipt
  await alice.page.locator('#messages li', { hasText: 'hello bob' }).locator('.read', { hasText: `bob-${RUN}` })
    .waitFor(WAIT);
  await bob.page.getByLabel('Message', { exact: true }).fill('hi alice');
  await bob.page.keyboard.press('Enter');
  await alice.page.locator('#messages li', { hasText: 'hi alice' }).waitFor(WAIT);
  await alice.page.screenshot({ path: `${SHOTS}/chat.png` });
  await alice.context.close();
  await bob.context.close();
});

test('a score posted in one browser updates the board in another, over WebSocket and over long-polling', async () => {
  const carol = await signedIn(`carol-${RUN}`);
  const dave = await signedIn(`dave-${RUN}`);
  await carol.page.getByRole('link', { name: 'Leaderboard' }).click();
  await dave.page.getByRole('link', { name: 'Leaderboard' }).click();
  await carol.page.locator('#board-transport[data-transport="websocket"]').waitFor(WAIT);
  await dave.page.getByLabel('follow through long-polling').check();
  await dave.page.locator('#board-transport[data-transport="long-poll"]').waitFor(WAIT);

  const score = String(1_000_000 + Math.floor(Math.random() * 1_000_000));
  await dave.page.getByLabel('Score').fill(score);
  await dave.page.getByRole('button', { name: 'Post score' }).click();
  await dave.page.locator('#score-message', { hasText: `Your score ${score}` }).waitFor(WAIT);
  for (const { page } of [carol, dave]) {
    await page.locator(`#board-entries tr[data-player="dave-${RUN}"]`, { hasText: score }).waitFor(WAIT);
  }
  assert.equal(await carol.page.locator('#board-transport').getAttribute('data-transport'), 'websocket');
  assert.equal(await dave.page.locator('#board-transport').getAttribute('data-transport'), 'long-poll');

  await carol.page.getByRole('button', { name: 'Place a test order' }).click();
  await carol.page.locator('#order-message', { hasText: 'confirmed' }).waitFor(WAIT);
  await carol.page.screenshot({ path: `${SHOTS}/leaderboard.png` });
  await dave.page.screenshot({ path: `${SHOTS}/leaderboard-long-poll.png` });
  assert.equal(await carol.page.getByRole('button', { name: `Remove dave-${RUN}` }).count(), 0, 'only admins moderate');

  // an admin removes the entry: both browsers drop it from the top, whichever way they follow it
  const ops = await signedIn(`ops-${RUN}`, { admin: true });
  await ops.page.getByRole('link', { name: 'Leaderboard' }).click();
  ops.page.once('dialog', (dialog) => dialog.accept());
  await ops.page.getByRole('button', { name: `Remove dave-${RUN}` }).click();
  await ops.page.locator('#score-message', { hasText: `dave-${RUN} removed` }).waitFor(WAIT);
  for (const { page } of [carol, dave]) {
    await page.locator(`#board-entries tr[data-player="dave-${RUN}"]`).waitFor({ state: 'detached', ...WAIT });
  }
  await ops.context.close();
  await carol.context.close();
  await dave.context.close();
});

test('an admin subscribes a receiver and sees the delivery of an order with its attempt', async () => {
  const received = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => { received.push({ headers: request.headers, body }); response.writeHead(204).end(); });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const admin = await signedIn(`ops-${RUN}`, { admin: true });
    await admin.page.getByRole('link', { name: 'Webhooks' }).click();
    const url = `http://127.0.0.1:${receiver.address().port}/hooks/${RUN}`;
    await admin.page.getByLabel('Receiver URL').fill(url);
    await admin.page.getByLabel(/Event types/).fill('order.*');
    await admin.page.getByRole('button', { name: 'Add subscription' }).click();
    await admin.page.locator('#subscription-message', { hasText: 'whsec_' }).waitFor(WAIT);
    await admin.page.locator('#subscriptions tr', { hasText: url }).waitFor(WAIT);

    await admin.page.getByRole('link', { name: 'Leaderboard' }).click();
    await admin.page.getByRole('button', { name: 'Place a test order' }).click();
    await admin.page.locator('#order-message', { hasText: 'confirmed' }).waitFor(WAIT);
    await admin.page.getByRole('link', { name: 'Webhooks' }).click();
    const delivered = admin.page.locator('#deliveries tr', { hasText: 'SUCCEEDED' }).first();
    for (let i = 0; i < 60 && !(await delivered.isVisible()); i++) {
      await admin.page.getByRole('button', { name: 'Refresh' }).click();
      await delivered.waitFor({ timeout: 1000 }).catch(() => {});
    }
    await delivered.getByRole('button', { name: 'Attempts' }).click();
    await admin.page.locator('#attempts td', { hasText: /^204$/ }).waitFor(WAIT);
    assert.ok(received.some((r) => r.headers['webhook-signature']?.startsWith('v1,')), 'a signed request arrived');
    await admin.page.screenshot({ path: `${SHOTS}/webhooks.png`, fullPage: true });
    await admin.context.close();
  } finally {
    receiver.close();
  }
});
