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

/** A browser context of its own (its own profile: localStorage), signed in through the page's sign-in form. */
async function signedIn(user, { admin = false, clockAheadMs } = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  if (clockAheadMs) { // this device's clock is wrong by that much (in every page of the profile)
    await context.addInitScript((ahead) => {
      const deviceNow = Date.now;
      Date.now = () => deviceNow() + ahead;
    }, clockAheadMs);
  }
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${user}] page error: ${e.message}`));
  await page.goto(BASE + '/');
  await page.getByLabel('User name').fill(user);
  if (admin) await page.getByLabel('administrator').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#whoami', { hasText: user }).waitFor(WAIT);
  await page.locator('#connection[data-state="connecting"], #connection[data-state="connected"]').waitFor(WAIT);
  return { context, page };
}

/** Another tab of the same profile: signed in already (the session is kept per profile). */
async function anotherTab(context, user) {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${user}] page error: ${e.message}`));
  await page.goto(BASE + '/');
  await page.locator('#whoami', { hasText: user }).waitFor(WAIT);
  return page;
}

/** A token for a user through the development sign-in, for calls the test makes itself. */
async function tokenOf(user, admin = false) {
  const response = await fetch(BASE + '/api/dev/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, admin }) });
  assert.equal(response.status, 200);
  return (await response.json()).token;
}

/** A JSON call of the API as a user (the test's own, not the page's). */
async function call(user, path, { method = 'GET', body, admin = false, expect = 200 } = {}) {
  const response = await fetch(BASE + path, { method, headers: { Authorization: `Bearer ${await tokenOf(user, admin)}`,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body) });
  assert.equal(response.status, expect, `${method} ${path}: ${response.status}`);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** The channels a request polls (POST or GET /api/poll), or undefined if it is no poll. */
function pollChannels(request) {
  const url = new URL(request.url());
  if (url.pathname !== '/api/poll') return undefined;
  return request.method() === 'POST' ? request.postDataJSON()?.channels ?? [] : url.searchParams.getAll('channel');
}

/** Every poll and image-status request a page makes, with the channels each poll asked for. */
function recordPolls(page) {
  const polls = [];
  const statusCalls = [];
  page.on('request', (request) => {
    const channels = pollChannels(request);
    if (channels) polls.push(channels);
    else if (/^\/api\/images\/\d+\/status$/.test(new URL(request.url()).pathname)) statusCalls.push(request.url());
  });
  return { polls, statusCalls };
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
    // this subscription's delivery, in Holdline's names: the system may have other receivers (SharedSystem's analytics
    // one gets every order as PURCHASE_COMPLETED)
    const delivered = admin.page.locator('#deliveries tr', { hasText: 'order.placed' }).filter({ hasText: 'SUCCEEDED' })
      .first();
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

// --- one client per page, its state, and the fixes of issue 29 -------------------------------------------------

test('one poll carries the user, the chat room, the board and image status: no other held request', async () => {
  const user = `olga-${RUN}`;
  const room = `one-${RUN}`;
  const { context, page } = await signedIn(user);
  const { polls, statusCalls } = recordPolls(page);
  await page.getByLabel('Title (optional)').fill('Quay');
  await page.locator('#upload-file').setInputFiles(IMAGE);
  await page.getByRole('button', { name: 'Upload' }).click();
  // the status moves through the image.* events on user:<me>, not through a status call of its own
  await page.locator('#gallery li', { hasText: 'Quay' }).locator('.status-COMPLETED').waitFor(WAIT);

  await page.getByRole('link', { name: 'Chat' }).click();
  await page.getByLabel('Room').fill(room);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByLabel('Message', { exact: true }).waitFor(WAIT);
  await page.getByLabel('Message', { exact: true }).fill('on the one poll');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('#messages li', { hasText: 'on the one poll' }).waitFor(WAIT);

  await page.getByRole('link', { name: 'Leaderboard' }).click();
  await page.locator('#board-transport[data-transport="websocket"]').waitFor(WAIT);
  const board = await page.locator('#board-name').inputValue();
  const boardPolled = page.waitForRequest((request) => pollChannels(request)?.includes(`leaderboard:${board}`), WAIT);
  await page.getByLabel('follow through long-polling').check();
  await page.locator('#board-transport[data-transport="long-poll"]').waitFor(WAIT);
  await boardPolled;

  assert.deepEqual(statusCalls, [], 'no status call is held per upload');
  assert.ok(polls.length > 0, 'the page polled');
  for (const channels of polls) assert.ok(channels.includes(`user:${user}`), `every poll carries user:${user}: ${channels}`);
  assert.ok(polls.some((channels) => channels.includes(`room:${room}`)), 'the room rides on the same poll');
  await context.close();
});


test('the indicator follows the client: connected, disconnected when the network goes, connected when it is back', async () => {
  const user = `ida-${RUN}`;
  const { context, page } = await signedIn(user);
  const notify = (title) => call(`ops-${RUN}`, '/api/notifications', { method: 'POST', admin: true, expect: 202,
    body: { to: `user:${user}`, title } });
  await notify('hello');
  await page.locator('#banner', { hasText: 'Notification: hello' }).waitFor(WAIT);
  await page.locator('#connection[data-state="connected"]', { hasText: 'live' }).waitFor(WAIT);

  await context.setOffline(true);
  await page.locator('#connection[data-state="disconnected"]').waitFor(WAIT);
  await context.setOffline(false);
  await notify('back');
  await page.locator('#banner', { hasText: 'Notification: back' }).waitFor(WAIT);
  await page.locator('#connection[data-state="connected"]').waitFor(WAIT);
  await context.close();
});

test('the banner of missed updates hides again: on Dismiss, and by itself after a few seconds', async () => {
  const user = `gil-${RUN}`;
  const { context, page } = await signedIn(user);
  /** The next poll is answered with gap (as after a long time away), without the server. */
  const gapOnce = async () => {
    let hit = false;
    await page.route('**/api/poll', (route) => {
      hit = true;
      const asked = route.request().postDataJSON();
      return route.fulfill({ status: 200, contentType: 'application/json',
        body: JSON.stringify({ events: [], cursor: asked.cursor, hasMore: false, timedOut: false, gap: true }) });
    }, { times: 1 });
    for (let i = 0; i < 30 && !hit; i++) { // the client polls again at once when the network comes back
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.waitForRequest((request) => pollChannels(request) !== undefined, { timeout: 1000 }).catch(() => {});
    }
    assert.ok(hit, 'the page polled again');
  };
  const missed = page.locator('#banner', { hasText: 'Some updates were missed' });

  await gapOnce();
  await missed.waitFor(WAIT);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await missed.waitFor({ state: 'hidden', timeout: 1000 });

  await gapOnce();
  await missed.waitFor(WAIT);
  await missed.waitFor({ state: 'hidden', timeout: 15_000 }); // by itself
  await context.close();
});

test('the gallery pages: the first 24 images, then "Load more" shows the rest', async () => {
  const user = `pia-${RUN}`;
  const token = await tokenOf(user);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64');
  for (let i = 1; i <= 25; i++) { // one more than a page; past the upload allowance, as Retry-After says
    for (;;) {
      const form = new FormData();
      form.append('image', new Blob([png], { type: 'image/png' }), `dot-${i}.png`);
      form.append('title', `dot ${i}`);
      const answer = await fetch(BASE + '/api/images', { method: 'POST', headers: { Authorization: `Bearer ${token}` },
        body: form });
      if (answer.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, 1000 * Number(answer.headers.get('retry-after') ?? 1)));
        continue;
      }
      assert.equal(answer.status, 202, `upload ${i}`);
      break;
    }
  }
  const { context, page } = await signedIn(user);
  await page.locator('#gallery-count', { hasText: '24 of 25' }).waitFor(WAIT);
  assert.equal(await page.locator('#gallery li').count(), 24);
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.locator('#gallery-count', { hasText: '25 of 25' }).waitFor(WAIT);
  assert.equal(await page.locator('#gallery li').count(), 25);
  for (const title of ['dot 1', 'dot 25']) {
    assert.equal(await page.locator('#gallery li strong', { hasText: new RegExp(`^${title}$`) }).count(), 1, title);
  }
  assert.ok(await page.getByRole('button', { name: 'Load more' }).isHidden(), 'nothing more to load');
  await context.close();
});

test('a double click on Post score counts once on an increment board (disabled while sending, Idempotency-Key)', async () => {
  const board = `taps-${RUN}`;
  await call(`ops-${RUN}`, '/api/leaderboards', { method: 'POST', admin: true, expect: 201,
    body: { id: board, operator: 'increment' } });
  const user = `tap-${RUN}`;
  const { context, page } = await signedIn(user);
  await page.getByRole('link', { name: 'Leaderboard' }).click();
  await page.locator(`#board-name option[value="${board}"]`).waitFor({ state: 'attached', ...WAIT });
  await page.locator('#board-name').selectOption(board);
  const posts = []; // [Idempotency-Key, its response]
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith(`/api/leaderboards/${board}/scores`)) {
      posts.push([request.headers()['idempotency-key'], request.response()]);
    }
  });
  await page.getByLabel('Score').fill('5');
  await page.getByRole('button', { name: 'Post score' }).dblclick();
  await page.locator('#score-message', { hasText: 'Your score 5' }).waitFor(WAIT);
  await Promise.all(posts.map(([, response]) => response)); // every post the page made was answered
  assert.ok(await page.getByRole('button', { name: 'Post score' }).isEnabled(), 'enabled again once answered');
  assert.ok(posts.length >= 1 && posts.every(([key]) => key && key === posts[0][0]), 'one Idempotency-Key');
  const entry = await call(user, `/api/leaderboards/${board}/players/${user}?around=0`);
  assert.equal(JSON.stringify(entry).match(/"score":([0-9.]+)/)?.[1], '5', `counted once: ${JSON.stringify(entry)}`);
  await context.close();
});

test('chat polls from the cursor of the history it showed: a message sent meanwhile is not lost', async () => {
  const room = `gapless-${RUN}`;
  const user = `kim-${RUN}`;
  await call(`lee-${RUN}`, `/api/rooms/${room}/messages`, { method: 'POST', expect: 202, body: { text: 'before' } });
  const { context, page } = await signedIn(user);
  await page.getByRole('link', { name: 'Chat' }).click();
  // the history is read; before the page has it, another message is said (and is in the room's buffer)
  await page.route(`**/api/rooms/${room}/messages?limit=50`, async (route) => {
    const history = await route.fetch();
    const body = await history.json();
    await call(`lee-${RUN}`, `/api/rooms/${room}/messages`, { method: 'POST', expect: 202, body: { text: 'meanwhile' } });
    for (let i = 0; i < 100; i++) { // until the gateway holds it
      const now = await call(user, `/api/rooms/${room}/messages`);
      if (now.messages.some((m) => m.data.text === 'meanwhile')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // and the page's poll has moved past it (a notification came after it): only the history's cursor is older
    await call(`ops-${RUN}`, '/api/notifications', { method: 'POST', admin: true, expect: 202,
      body: { to: `user:${user}`, title: 'nudge' } });
    await page.locator('#banner', { hasText: 'Notification: nudge' }).waitFor(WAIT);
    await route.fulfill({ response: history, json: body });
  }, { times: 1 });
  await page.getByLabel('Room').fill(room);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('#messages li', { hasText: 'before' }).waitFor(WAIT);
  await page.locator('#messages li', { hasText: 'meanwhile' }).waitFor(WAIT);
  await context.close();
});

test('a new tab is signed in; a refused token is renewed; when it cannot be, signing in again keeps what was typed', async () => {
  const user = `tom-${RUN}`;
  // a device clock a day ahead (past the token's exp): the server's clock (its Date header) judges the expiry
  const { context, page } = await signedIn(user, { clockAheadMs: 24 * 3600_000 });
  const second = await anotherTab(context, user);
  assert.ok(await second.locator('#login').isHidden(), 'the new tab does not ask to sign in');

  // a token the server refuses is renewed (a session signed in by name signs in again)
  const broken = await page.evaluate(() => {
    const saved = JSON.parse(localStorage.getItem('holdline.session'));
    saved.token = saved.token.slice(0, -4) + (saved.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    localStorage.setItem('holdline.session', JSON.stringify(saved));
    return saved.token;
  });
  await page.getByRole('link', { name: 'Chat' }).click();
  await page.getByLabel('Room').fill(`draft-${RUN}`);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByLabel('Message', { exact: true }).waitFor(WAIT);
  await page.locator('#message-text:enabled').waitFor(WAIT);
  assert.notEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('holdline.session')).token), broken);
  assert.ok(await page.locator('#login').isHidden());

  // a pasted token cannot be renewed: the page asks to sign in again, over what was typed, without reloading
  await page.getByLabel('Message', { exact: true }).fill('a draft I keep');
  await page.evaluate(() => {
    window.notReloaded = true;
    const saved = JSON.parse(localStorage.getItem('holdline.session'));
    localStorage.setItem('holdline.session', JSON.stringify({ token: saved.token.slice(0, -4) + 'AAAA', user: saved.user,
      exp: saved.exp }));
  });
  // the next call of the page meets a 401 (joining the room again; the client's next poll would too)
  await page.evaluate(() => document.getElementById('room-form').requestSubmit());
  await page.locator('#login').waitFor({ state: 'visible', ...WAIT });
  await page.locator('#login-error', { hasText: 'sign in again' }).waitFor(WAIT);
  assert.equal(await page.getByLabel('User name').inputValue(), user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Message', { exact: true }).waitFor(WAIT);
  assert.equal(await page.getByLabel('Message', { exact: true }).inputValue(), 'a draft I keep');
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
  await context.close();
});

test('another user signing in in another tab: the first tab reloads as that user, nothing of the last one stays', async () => {
  const alice = `alice-${RUN}`;
  const bob = `bob-${RUN}`;
  const { context, page } = await signedIn(alice);
  const notify = (user, title) => call(`ops-${RUN}`, '/api/notifications', { method: 'POST', admin: true, expect: 202,
    body: { to: `user:${user}`, title } });
  await notify(alice, `for alice ${RUN}`);
  await page.locator('#banner', { hasText: `Notification: for alice ${RUN}` }).waitFor(WAIT);
  await page.evaluate(() => { window.notReloaded = true; });
  const polls = []; // of both tabs (either may hold the poll)
  const record = (tab) => tab.on('request', (request) => {
    const channels = pollChannels(request);
    if (channels) polls.push({ channels, authorization: request.headers().authorization });
  });
  record(page);
  const second = await anotherTab(context, alice);
  record(second);
  await second.evaluate(async (user) => { // bob signs in in the second tab of the same profile
    const { signInByName } = await import('/app/api.js');
    await signInByName(user, false);
  }, bob);
  await page.locator('#whoami', { hasText: bob }).waitFor(WAIT);
  assert.equal(await page.evaluate(() => window.notReloaded), undefined, 'the first tab was reloaded');
  await notify(alice, `alice later ${RUN}`); // alice's later event, then bob's: bob's arrives, alice's never
  await notify(bob, `for bob ${RUN}`);
  await page.locator('#banner', { hasText: `Notification: for bob ${RUN}` }).waitFor(WAIT);
  assert.equal(await page.locator('#notifications', { hasText: 'alice later' }).count(), 0);
  const bobsToken = await page.evaluate(() => JSON.parse(localStorage.getItem('holdline.session')).token);
  const sinceBob = polls.filter((poll) => poll.authorization === `Bearer ${bobsToken}`);
  assert.ok(sinceBob.length > 0, 'the tabs poll as bob');
  const aliceAfter = polls.slice(polls.findIndex((poll) => poll.authorization === `Bearer ${bobsToken}`))
    .filter((poll) => poll.channels.includes(`user:${alice}`) || poll.authorization !== `Bearer ${bobsToken}`);
  assert.deepEqual(aliceAfter, [], 'no poll for alice once bob signed in');
  await context.close();
});

test('a board snapshot that fails is said and read again (long-polling)', async () => {
  const { context, page } = await signedIn(`sam-${RUN}`);
  await page.route('**/api/leaderboards/*/snapshot', (route) => route.fulfill({ status: 503,
    contentType: 'application/json', headers: { 'Retry-After': '1' },
    body: JSON.stringify({ error: 'unavailable', detail: 'try again' }) }), { times: 1 });
  await page.getByRole('link', { name: 'Leaderboard' }).click();
  await page.getByLabel('follow through long-polling').check();
  await page.locator('#board-transport', { hasText: 'could not be read' }).waitFor(WAIT);
  await page.locator('#board-transport[data-transport="long-poll"]', { hasText: 'via long-polling' }).waitFor(WAIT);
  await page.locator('#board-version', { hasText: 'version' }).waitFor(WAIT);
  await context.close();
});
