// Tests of the JavaScript client: against a running gateway (HOLDLINE_URL and tokens, given by JsClientIT)
// and, for failure paths a live server does not produce on demand, against a fetch stand-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { HoldlineClient, backoffDelay } from '../../main/resources/META-INF/resources/client/holdline.js';

const url = process.env.HOLDLINE_URL;
const alice = process.env.ALICE_TOKEN;
const bob = process.env.BOB_TOKEN;
const admin = process.env.ADMIN_TOKEN;

const waitFor = async (predicate, ms = 10000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
};

const say = (room, text) => fetch(`${url}/api/rooms/${room}/messages`, {
  method: 'POST', headers: { Authorization: `Bearer ${bob}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ text }),
}).then((r) => assert.equal(r.status, 202));

const stats = () => fetch(`${url}/api/poll/stats`, { headers: { Authorization: `Bearer ${admin}` } })
  .then((r) => r.json());

/** Polls parked on one channel: unlike the total, not moved by other tests' polls coming and going. */
const parkedOn = (channel) => stats().then((s) => s.waitersPerChannel[channel] ?? 0);

/** A Response-like answer for the fetch stand-in. */
const answer = (status, body) => ({ ok: status < 300, status, json: async () => body });

test('serves the client it is tested as', { skip: !url }, async () => {
  const served = await fetch(`${url}/client/holdline.js`).then((r) => r.text());
  const source = await readFile(new URL('../../main/resources/META-INF/resources/client/holdline.js', import.meta.url), 'utf8');
  assert.equal(served, source);
});

test('delivers events to handlers, keeps and persists the cursor', { skip: !url }, async () => {
  const room = `js${Date.now()}`;
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const client = new HoldlineClient({ baseUrl: url, token: alice, channels: [`room:${room}`], timeout: 5,
    persistKey: 'cursor', cursorStore: storage });
  const texts = [];
  client.on('chat.message', (event) => texts.push(event.data.text));
  client.start();
  await waitFor(async () => (await parkedOn(`room:${room}`)) === 1);
  await say(room, 'one');
  await say(room, 'two');
  await waitFor(() => texts.length === 2);
  await client.stop();
  assert.deepEqual(texts, ['one', 'two']);
  assert.equal(JSON.parse(store.get('cursor'))[`room:${room}`], client.cursor(`room:${room}`));

  // a reloaded page resumes from the persisted cursor and misses nothing
  await say(room, 'three');
  const reloaded = new HoldlineClient({ baseUrl: url, token: alice, channels: [`room:${room}`], timeout: 5,
    persistKey: 'cursor', cursorStore: storage });
  const later = [];
  reloaded.on('chat.message', (event) => later.push(event.data.text));
  reloaded.start();
  await waitFor(() => later.length === 1);
  await reloaded.stop();
  assert.deepEqual(later, ['three']);
});

test('stop() aborts the parked request at once', { skip: !url }, async () => {
  const channel = `room:stop${Date.now()}`;
  const client = new HoldlineClient({ baseUrl: url, token: alice, channels: [channel], timeout: 60 });
  client.start();
  try {
    await waitFor(async () => (await parkedOn(channel)) === 1);
    const started = Date.now();
    await client.stop();
    assert.ok(Date.now() - started < 2000);
    await waitFor(async () => (await parkedOn(channel)) === 0);
  } finally {
    await client.stop();
  }
});

test('drops a duplicate event and reports a gap', async () => {
  const event = { id: '01ABC', type: 'notification', channels: 'user:a', data: { title: 'x' }, cursor: 'c5' };
  const answers = [
    answer(200, { events: [event], cursor: 'c5', hasMore: false, timedOut: false, gap: true }),
    answer(200, { events: [event], cursor: 'c5', hasMore: false, timedOut: false, gap: false }),
  ];
  let calls = 0;
  const fetchStandIn = async (_url, { signal }) => {
    if (calls < answers.length) return answers[calls++];
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
  };
  const client = new HoldlineClient({ token: 't', channels: ['user:a'], fetch: fetchStandIn, shareAcrossTabs: false });
  const seen = [];
  const gaps = [];
  client.on('notification', (e) => seen.push(e.id));
  client.on('gap', (g) => gaps.push(g));
  client.start();
  await waitFor(() => calls === 2);
  await client.stop();
  assert.deepEqual(seen, ['01ABC']);
  assert.deepEqual(gaps, [{ channel: 'user:a', reason: 'missed' }]);
});

test('backs off with full jitter after errors, then carries on', async () => {
  const delays = [0, 1, 2, 3].map((attempt) => backoffDelay(attempt, { baseMs: 100, capMs: 1000, random: () => 0.999 }));
  assert.deepEqual(delays, [99, 199, 399, 799]);
  assert.equal(backoffDelay(10, { baseMs: 100, capMs: 1000, random: () => 0.5 }), 500);

  let calls = 0;
  const fetchStandIn = async (_url, { signal }) => {
    calls++;
    if (calls <= 2) return answer(503, { error: 'unavailable' });
    if (calls === 3) return answer(200, { events: [{ id: 'e1', type: 'chat.message', channels: 'user:a', data: {}, cursor: 'c1' }], cursor: 'c1' });
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
  };
  const client = new HoldlineClient({ token: 't', channels: ['user:a'], fetch: fetchStandIn,
    backoff: { baseMs: 10, capMs: 20 } });
  const errors = [];
  const got = [];
  client.on('error', (e) => errors.push(e.status));
  client.on('chat.message', (e) => got.push(e.id));
  client.start();
  await waitFor(() => got.length === 1);
  await client.stop();
  assert.deepEqual(errors, [503, 503]);
  assert.equal(client.cursor('user:a'), 'c1');
});

test('a 403 on its only channel stops with the reason in the state, not silently', async () => {
  const client = new HoldlineClient({ token: 't', channels: ['user:b'], shareAcrossTabs: false,
    fetch: async () => answer(403, { error: 'forbidden', detail: 'channel user:b is not yours' }) });
  const errors = [];
  const states = [];
  client.on('error', (e) => errors.push(e.message));
  client.on('state', (s) => states.push(s));
  client.start();
  await client.loop;
  assert.deepEqual(errors, ['channel user:b is not yours']);
  assert.deepEqual(states.at(-1), { state: 'stopped', reason: '403 forbidden: channel user:b is not yours' });
});

test('waitForImage asks again after a timed-out answer', async () => {
  const answers = [answer(200, { id: 1, status: 'PENDING', timedOut: true }),
    answer(503, {}), answer(200, { id: 1, status: 'COMPLETED', timedOut: false })];
  let calls = 0;
  const status = await HoldlineClient.waitForImage({ token: 't', imageId: 1, fetch: async () => answers[calls++],
    backoff: { baseMs: 1, capMs: 2 } });
  assert.equal(status.status, 'COMPLETED');
  assert.equal(calls, 3);
});
