// Tabs of one user share one poll (issue 29): four tabs of one browser profile in headless Chromium, each in the
// same chat room, against the whole system behind the one origin (HOLDLINE_URL), as WebAppIT starts it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE = process.env.HOLDLINE_URL ?? 'http://localhost:8000';
const RUN = Date.now().toString(36);
const WAIT = { timeout: 60_000 };

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => { await browser?.close(); });

/** A token from the development sign-in, for calls the test makes itself. */
async function token(user, admin = false) {
  const response = await fetch(`${BASE}/api/dev/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, admin }) });
  assert.equal(response.status, 200);
  return (await response.json()).token;
}

/** The gateway's stats: how many polls `user` has parked, and how many wait on a channel. */
async function stats(admin, user) {
  const response = await fetch(`${BASE}/api/poll/stats?user=${encodeURIComponent(user)}`,
    { headers: { Authorization: `Bearer ${admin}` } });
  assert.equal(response.status, 200);
  return response.json();
}

/** One more tab of the profile, signed in as `user` (through the form if the tab asks), in `room`. */
async function tabInRoom(context, user, room) {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${user}] page error: ${e.message}`));
  await page.goto(BASE + '/');
  const whoami = page.locator('#whoami', { hasText: user });
  const form = page.getByLabel('User name');
  await Promise.race([whoami.waitFor(WAIT), form.waitFor(WAIT)]);
  if (!(await whoami.isVisible())) {
    await form.fill(user);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await whoami.waitFor(WAIT);
  }
  await page.getByRole('link', { name: 'Chat' }).click();
  await page.getByLabel('Room').fill(room);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByLabel('Message', { exact: true }).waitFor(WAIT);
  return page;
}

/** Says `text` in `room` as `sender`, and resolves with how long each page took to show it (ms). */
async function sayAndTime(pages, sender, room, text) {
  const shown = pages.map((page) => page.locator('#messages li', { hasText: text }));
  const started = Date.now();
  const times = Promise.all(shown.map(async (item) => {
    await item.waitFor({ timeout: 10_000 });
    return Date.now() - started;
  }));
  const response = await fetch(`${BASE}/api/rooms/${room}/messages`, { method: 'POST',
    headers: { Authorization: `Bearer ${sender}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) });
  assert.equal(response.status, 202);
  return times;
}

/** Waits until the user's polls settle at `count` (a replaced poll may be parked for a moment beside the new one). */
async function settlesAt(admin, user, count) {
  const deadline = Date.now() + 20_000;
  let last;
  while (Date.now() < deadline) {
    last = await stats(admin, user);
    if (last.parkedPollsOfUser === count) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`${user} has ${last?.parkedPollsOfUser} polls parked, not ${count}`);
}

test('four tabs of one user: one poll for all, a message in each within a second, a fifth tab answered at once',
  async () => {
    const user = `tabs-${RUN}`;
    const room = `tabs${RUN}`;
    const admin = await token(`ops-${RUN}`, true);
    const bob = await token(`bob-${RUN}`);
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } }); // one profile
    try {
      const pages = [];
      for (let i = 0; i < 4; i++) pages.push(await tabInRoom(context, user, room));

      const held = await settlesAt(admin, user, 1);
      assert.equal(held.waitersPerChannel[`room:${room}`], 1, 'the one poll carries the room for all four tabs');
      for (let i = 0; i < 10; i++) { // and stays at one (not a moment's reading)
        assert.ok((await stats(admin, user)).parkedPollsOfUser <= 1, 'at most one poll for the user');
      }

      const times = await sayAndTime(pages, bob, room, `hello four tabs ${RUN}`);
      console.log(`shown after ${times.join(', ')} ms`);
      for (const ms of times) assert.ok(ms < 1000, `each tab shows the message within a second (${times} ms)`);

      // a fifth tab of the same profile gets an answer at once: the browser's six connections are not all held
      const fifth = await context.newPage();
      await fifth.goto(BASE + '/');
      const waited = await fifth.evaluate(async () => {
        const started = performance.now();
        const response = await fetch('/api/images', { cache: 'no-store' });
        return { ms: performance.now() - started, status: response.status };
      });
      assert.equal(waited.status, 401);
      assert.ok(waited.ms < 1000, `the fifth tab's request was answered after ${Math.round(waited.ms)} ms`);
      await fifth.close();

      // the leader's tab (whichever it is) closes: another takes over, nothing is missed, still one poll
      await pages[0].close({ runBeforeUnload: true });
      const rest = pages.slice(1);
      const again = await sayAndTime(rest, bob, room, `after a tab closed ${RUN}`);
      console.log(`after a tab closed: shown after ${again.join(', ')} ms`);
      await settlesAt(admin, user, 1);
    } finally {
      await context.close();
    }
  });
