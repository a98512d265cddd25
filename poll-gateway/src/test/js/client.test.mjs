// The client's behaviour against a fake gateway (a Node HTTP server on loopback that answers as each test
// says): a dead socket, 429/503 with Retry-After, a refused cursor, another epoch, 401 then a fresh token,
// channels changing under a held poll, the page's online signal, start/stop, and tabs sharing one poll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { HoldlineClient, PROTOCOL, compareCursors, parseCursor, retryAfterMs }
  from '../../main/resources/META-INF/resources/client/holdline.js';

const waitFor = async (predicate, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met in time');
};

/**
 * A fake gateway: every request is recorded ({method, url, headers, body, at, closed}) and handed to
 * `respond(call, index)`, which answers with {status, body, headers} or undefined (the request is held).
 */
async function fakeGateway(respond) {
  const calls = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', async () => {
      const call = { method: req.method, url: req.url, headers: req.headers, body: text ? JSON.parse(text) : undefined,
        at: Date.now(), closed: false, res };
      call.answer = ({ status, body, headers = {} }) => {
        if (res.writableEnded || call.closed) return;
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(body ?? {}));
      };
      res.on('close', () => { call.closed = true; });
      calls.push(call);
      const answer = await respond(call, calls.length - 1);
      if (answer) call.answer(answer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url, calls,
    /** Requests still held open. */
    held: () => calls.filter((c) => !c.closed && !c.res.writableEnded),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** A poll answer. */
const events = (cursor, list = [], extra = {}) => ({ status: 200, body: { events: list, cursor, hasMore: false, timedOut: list.length === 0, gap: false, ...extra } });
const event = (id, channel, cursor, data = {}) => ({ id, type: 'chat.message', channels: channel, cursor, data });


const client = (url, options = {}) => new HoldlineClient({ baseUrl: url, token: 't', shareAcrossTabs: false,
  environment: {}, backoff: { baseMs: 10, capMs: 20 }, ...options });

test('helpers: cursors compare within an epoch; Retry-After in seconds or as a date', () => {
  assert.deepEqual(parseCursor('c1z.k9'), { offset: 71, epoch: 'k9' });
  assert.deepEqual(parseCursor('c10'), { offset: 36, epoch: '' });
  assert.equal(parseCursor('x1'), undefined);
  assert.equal(compareCursors('c2.a', 'c10.a'), -1);
  assert.equal(compareCursors('c2.a', 'c2.b'), undefined);
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now()) > 3000, true);
  assert.equal(retryAfterMs(null), undefined);
});

test('the first poll is held 1 s only, so a quiet channel shows connected at once; then the full hold', async () => {
  const gateway = await fakeGateway((call, index) => (index === 0 ? events('c1') : undefined));
  const c = client(gateway.url, { timeout: 25 });
  const states = [];
  c.on('state', (s) => states.push(s.state));
  c.subscribe('room:a', () => {});
  try {
    c.start();
    await waitFor(() => gateway.calls.length === 2);
    assert.equal(gateway.calls[0].body.timeout, 1, 'the first poll asks for a short hold');
    assert.equal(gateway.calls[1].body.timeout, 25, 'once answered, the full hold');
    assert.deepEqual(states.slice(0, 2), ['connecting', 'connected']);
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('a dead socket is noticed by the request timeout, and the client polls again', async () => {
  const gateway = await fakeGateway((call, index) => (index === 0 ? undefined
    : events('c2', [event('e1', 'room:a', 'c2', { text: 'after' })])));
  const c = client(gateway.url, { requestTimeoutMs: 300 });
  const states = [];
  const texts = [];
  c.on('state', (s) => states.push(`${s.state}${s.reason ? `:${s.reason}` : ''}`));
  c.subscribe('room:a', (e) => texts.push(e.data.text));
  try {
    const started = Date.now();
    c.start();
    await waitFor(() => texts.length === 1);
    assert.ok(gateway.calls[1].at - started >= 300, 'the held request was given up after 300 ms');
    assert.deepEqual(states.slice(0, 3), ['connecting', 'disconnected:timeout', 'connected']);
  } finally {
    await c.stop();
    await gateway.close();
  }
});

for (const status of [429, 503]) {
  test(`${status} with Retry-After: 1 is waited for before polling again`, async () => {
    const gateway = await fakeGateway((call, index) => (index === 0
      ? { status, body: { error: status === 429 ? 'too_many_requests' : 'unavailable', detail: 'later' }, headers: { 'Retry-After': '1' } }
      : events('c1')));
    const c = client(gateway.url);
    const states = [];
    c.on('state', (s) => states.push(s));
    c.subscribe('user:a');
    try {
      c.start();
      await waitFor(() => gateway.calls.length >= 2, 4000);
      const waited = gateway.calls[1].at - gateway.calls[0].at;
      assert.ok(waited >= 950, `waited ${waited} ms`);
      assert.ok(states.some((s) => s.state === 'disconnected' && s.reason === (status === 429 ? 'rate_limited' : 'unavailable')));
    } finally {
      await c.stop();
      await gateway.close();
    }
  });
}

test('a refused cursor is dropped: gap, and the client resumes from now', async () => {
  const gateway = await fakeGateway((call) => (call.body.cursor !== undefined
    ? { status: 400, body: { error: 'invalid_cursor', detail: "cursor: not a cursor this gateway issued: 'zz'" } }
    : undefined));
  const store = new Map([['cursors', JSON.stringify({ 'room:a': 'zz' })]]);
  const cursorStore = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const c = client(gateway.url, { cursorStore, persistKey: 'cursors' });
  const gaps = [];
  c.on('gap', (g) => gaps.push(g));
  c.subscribe('room:a');
  try {
    c.start();
    await waitFor(() => gateway.held().length === 1);
    assert.equal(gateway.calls[0].body.cursor, 'zz');
    assert.equal(gateway.calls[1].body.cursor, undefined);
    assert.deepEqual(gaps, [{ channel: 'room:a', reason: 'invalid_cursor' }]);
    assert.equal(c.state, 'connecting');
    assert.equal(JSON.parse(store.get('cursors'))['room:a'], undefined, 'the refused cursor is not kept');
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('a cursor of another epoch: the server says gap, the client reports it and goes on from the new cursor', async () => {
  const gateway = await fakeGateway((call) => {
    if (call.body.cursor === 'c9.old') return events('c3.new', [], { gap: true, timedOut: false });
    if (call.body.cursor === 'c3.new') return undefined;
    return { status: 500, body: {} };
  });
  const c = client(gateway.url);
  const gaps = [];
  c.on('gap', (g) => gaps.push(g));
  c.subscribe('room:a', undefined, { cursor: 'c9.old' });
  try {
    c.start();
    await waitFor(() => gateway.held().length === 1 && gateway.calls.length === 2);
    assert.deepEqual(gaps, [{ channel: 'room:a', reason: 'missed' }]);
    assert.equal(c.cursor('room:a'), 'c3.new');
    assert.equal(c.state, 'connected');
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('a 401 asks the token function once more for a fresh token, and polling goes on', async () => {
  const gateway = await fakeGateway((call) => (call.headers.authorization === 'Bearer fresh'
    ? undefined : { status: 401, body: { error: 'unauthorized', detail: 'token expired' } }));
  const asked = [];
  const c = client(gateway.url, { token: async ({ fresh }) => { asked.push(fresh); return fresh ? 'fresh' : 'stale'; } });
  c.subscribe('user:a');
  try {
    c.start();
    await waitFor(() => gateway.held().length === 1);
    assert.deepEqual(asked, [false, true]);
    assert.equal(gateway.calls.length, 2);
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('a 401 even with a fresh token ends in the unauthorized state, and no more requests', async () => {
  const gateway = await fakeGateway(() => ({ status: 401, body: { error: 'unauthorized', detail: 'no' } }));
  const c = client(gateway.url, { token: () => 'bad' });
  const states = [];
  c.on('state', (s) => states.push(s.state));
  c.subscribe('user:a');
  try {
    c.start();
    await waitFor(() => c.state === 'unauthorized');
    await c.loop;
    assert.equal(gateway.calls.length, 2);
    assert.deepEqual(states, ['connecting', 'unauthorized']);
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('a 403 naming one channel drops that channel only; one naming none stops with the reason', async () => {
  const gateway = await fakeGateway((call) => (call.body.channels.includes('user:b')
    ? { status: 403, body: { error: 'forbidden', detail: 'channel user:b is not yours' } } : undefined));
  const c = client(gateway.url);
  const errors = [];
  c.subscribe('user:a');
  const b = c.subscribe('user:b');
  b.on('error', (e) => errors.push(e.status));
  try {
    c.start();
    await waitFor(() => gateway.held().length === 1);
    assert.deepEqual(gateway.held()[0].body.channels, ['user:a']);
    assert.deepEqual(errors, [403]);
    assert.equal(b.active, false);
  } finally {
    await c.stop();
    await gateway.close();
  }

  const refusing = await fakeGateway(() => ({ status: 400, body: { error: 'invalid_timeout', detail: 'timeout: 1..60' } }));
  const d = client(refusing.url);
  d.subscribe('user:a');
  try {
    d.start();
    await waitFor(() => d.state === 'stopped');
    assert.match(d.reason, /invalid_timeout/);
  } finally {
    await d.stop();
    await refusing.close();
  }
});

test('subscribing restarts the held poll at once with the new channels and the current cursor', async () => {
  const gateway = await fakeGateway((call, index) => (index === 0
    ? events('c5', [event('e1', 'room:a', 'c5', { text: 'one' })]) : undefined));
  const c = client(gateway.url);
  const texts = [];
  c.subscribe('room:a', (e) => texts.push(e.data.text));
  try {
    c.start();
    await waitFor(() => gateway.held().length === 1);
    const before = Date.now();
    const b = c.subscribe('room:b');
    await waitFor(() => gateway.calls.length === 3 && gateway.held().length === 1);
    assert.ok(Date.now() - before < 1000);
    assert.equal(gateway.calls[1].closed, true, 'the held poll was aborted');
    assert.deepEqual(gateway.calls[2].body.channels, ['room:a', 'room:b']);
    assert.equal(gateway.calls[2].body.cursor, 'c5');
    b.unsubscribe();
    await waitFor(() => gateway.calls.length === 4 && gateway.held().length === 1);
    assert.deepEqual(gateway.calls[3].body.channels, ['room:a']);
    assert.equal(gateway.calls[3].headers['holdline-protocol'], PROTOCOL);
    assert.deepEqual(texts, ['one']);
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('an event before a channel\'s own cursor is not delivered again; a repeated id is dropped', async () => {
  const gateway = await fakeGateway((call, index) => (index === 0
    ? events('c9', [event('e1', 'room:a', 'c3'), event('e2', 'room:a room:b', 'c8'), event('e2', 'room:b', 'c8')])
    : undefined));
  const c = client(gateway.url);
  const a = [];
  const b = [];
  c.subscribe('room:a', (e) => a.push(e.id), { cursor: 'c5' });
  c.subscribe('room:b', (e) => b.push(e.id), { cursor: 'c1' });
  try {
    c.start();
    await waitFor(() => gateway.calls.length === 2);
    assert.equal(gateway.calls[0].body.cursor, 'c1', 'the poll starts from the oldest cursor');
    assert.deepEqual(a, ['e2']);
    assert.deepEqual(b, ['e2']);
    assert.equal(c.cursor('room:a'), 'c9');
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('"online" cuts a backoff short: the client polls at once', async () => {
  const gateway = await fakeGateway((call, index) => (index === 0
    ? { status: 503, body: { error: 'unavailable' }, headers: { 'Retry-After': '30' } } : undefined));
  const environment = new EventTarget();
  const c = client(gateway.url, { environment });
  c.subscribe('user:a');
  try {
    c.start();
    await waitFor(() => c.state === 'disconnected');
    environment.dispatchEvent(new Event('offline'));
    assert.equal(c.reason, 'offline');
    const at = Date.now();
    environment.dispatchEvent(new Event('online'));
    await waitFor(() => gateway.calls.length === 2, 2000);
    assert.ok(Date.now() - at < 1000);
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('the page becoming visible again cuts a backoff short; a hidden one does not', async () => {
  const gateway = await fakeGateway((call, index) => (index === 0
    ? { status: 503, body: { error: 'unavailable' }, headers: { 'Retry-After': '30' } } : undefined));
  const document = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
  const environment = Object.assign(new EventTarget(), { document });
  const c = client(gateway.url, { environment });
  c.subscribe('user:a');
  try {
    c.start();
    await waitFor(() => c.state === 'disconnected');
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(gateway.calls.length, 1, 'hidden: the client keeps to Retry-After');
    document.visibilityState = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => gateway.calls.length === 2, 2000);
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('start and stop are idempotent; start after an unawaited stop runs one loop', async () => {
  const gateway = await fakeGateway(() => new Promise((resolve) => setTimeout(() => resolve(events('c1')), 30)));
  const c = client(gateway.url);
  c.subscribe('user:a');
  try {
    c.start();
    c.start();
    await waitFor(() => gateway.calls.length >= 1);
    c.stop();
    c.stop();
    c.start();
    await waitFor(() => gateway.calls.length >= 6);
    // one loop: never two requests of this client open at once
    const open = gateway.calls.filter((call) => !call.closed && !call.res.writableEnded);
    assert.ok(open.length <= 1, `${open.length} requests open at once`);
    for (let i = 2; i < gateway.calls.length; i++) {
      assert.ok(gateway.calls[i].at >= gateway.calls[i - 2].at, 'requests follow one another');
    }
  } finally {
    await c.stop();
    await gateway.close();
  }
  assert.equal(c.state, 'stopped');
});

/** Web Locks for Node: one holder per name, the next waiter gets it when the holder's promise settles. */
function fakeLocks() {
  const queues = new Map();
  const next = (name) => {
    const queue = queues.get(name);
    if (!queue || queue.busy || queue.waiting.length === 0) return;
    const { callback, resolve } = queue.waiting.shift();
    queue.busy = true;
    Promise.resolve(callback({ name })).finally(() => { queue.busy = false; resolve(); next(name); });
  };
  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        if (!queues.has(name)) queues.set(name, { busy: false, waiting: [] });
        const entry = { callback, resolve };
        queues.get(name).waiting.push(entry);
        options.signal?.addEventListener('abort', () => {
          const queue = queues.get(name);
          const at = queue.waiting.indexOf(entry);
          if (at >= 0) { queue.waiting.splice(at, 1); reject(new Error('AbortError')); }
        });
        next(name);
      });
    },
  };
}

test('tabs of one user hold one poll for all their channels; a closed leader is replaced without a gap', async () => {
  let offset = 0;
  const pending = [];
  const gateway = await fakeGateway((call) => {
    pending.push(call);
    return undefined;
  });
  const publish = (channel, text) => { // answers every held poll on the channel with one new event
    offset++;
    const cursor = `c${offset.toString(36)}`;
    for (const call of pending.splice(0)) {
      if (call.closed) continue;
      if (call.body.channels.includes(channel)) call.answer(events(cursor, [event(`e${offset}`, channel, cursor, { text })]));
      else pending.push(call);
    }
  };
  const locks = fakeLocks();
  const tab = () => client(gateway.url, { shareAcrossTabs: true, shareKey: `tabs-${process.pid}`, locks });
  const tabs = [tab(), tab(), tab()];
  const seen = tabs.map(() => []);
  tabs.forEach((t, i) => t.subscribe(i === 2 ? 'room:other' : 'room:tabs', (e) => seen[i].push(e.data.text)));
  try {
    tabs.forEach((t) => t.start());
    await waitFor(() => gateway.held().length === 1 && gateway.held()[0].body.channels.length === 2);
    assert.deepEqual([...gateway.held()[0].body.channels].sort(), ['room:other', 'room:tabs']);
    publish('room:tabs', 'hello');
    await waitFor(() => seen[0].length === 1 && seen[1].length === 1);
    assert.deepEqual(seen, [['hello'], ['hello'], []]);
    await waitFor(() => gateway.held().length === 1);

    const before = gateway.calls.length;
    await tabs[0].stop(); // the leader's tab closes
    // the next leader polls for both remaining tabs' channels, from the cursor the old leader shared
    await waitFor(() => gateway.calls.length > before && gateway.held().length === 1
      && gateway.held()[0].body.channels.length === 2);
    assert.equal(gateway.held()[0].body.cursor, 'c1');
    publish('room:tabs', 'again');
    await waitFor(() => seen[1].length === 2);
    assert.deepEqual(seen[1], ['hello', 'again']);
    assert.deepEqual(seen[0], ['hello']);
    assert.ok(gateway.held().length <= 1);
  } finally {
    await Promise.all(tabs.map((t) => t.stop()));
    await gateway.close();
  }
});

test('without Web Locks, a lease in localStorage elects the leader; a refused channel is dropped in every tab', async () => {
  const gateway = await fakeGateway((call) => (call.body.channels.includes('user:someone-else')
    ? { status: 403, body: { error: 'forbidden', detail: 'channel user:someone-else is not yours' } } : undefined));
  const store = new Map();
  const leaseStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
  const tab = () => client(gateway.url, { shareAcrossTabs: true, shareKey: `lease-${process.pid}`, locks: null, leaseStorage });
  const [first, second] = [tab(), tab()];
  first.subscribe('room:one');
  second.subscribe('room:two');
  const refused = [];
  try {
    first.start();
    second.start();
    await waitFor(() => gateway.held().length === 1 && gateway.held()[0].body.channels.length === 2);
    assert.deepEqual([...gateway.held()[0].body.channels].sort(), ['room:one', 'room:two']);

    const leader = first.leader ? first : second;
    const follower = leader === first ? second : first;
    const bad = follower.subscribe('user:someone-else');
    bad.on('error', (e) => refused.push(e.status));
    await waitFor(() => refused.length === 1 && gateway.held().length === 1
      && gateway.held()[0].body.channels.length === 2, 5000);
    assert.equal(bad.active, false, "the follower's subscription of the refused channel ended");
    assert.deepEqual(follower.channels(), [follower === first ? 'room:one' : 'room:two']);

    const before = gateway.calls.length;
    await leader.stop();
    await waitFor(() => follower.leader && gateway.calls.length > before && gateway.held().length === 1, 5000);
    assert.deepEqual(gateway.held()[0].body.channels, follower.channels());
  } finally {
    await Promise.all([first.stop(), second.stop()]);
    await gateway.close();
  }
});

/** An unsigned JWT naming a user (the client reads `sub` only; the server checks signatures). */
const jwtOf = (sub) => `e30.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.sig`;

test('a token naming another user stops the client (user_changed); the last user\'s answer in flight is not delivered', async () => {
  const pending = [];
  const gateway = await fakeGateway((call) => { pending.push(call); return undefined; });
  let user = 'alice';
  const c = client(gateway.url, { token: async () => jwtOf(user) });
  const texts = [];
  const states = [];
  c.on('state', (s) => states.push(`${s.state}${s.reason ? `:${s.reason}` : ''}`));
  c.subscribe('user:alice', (e) => texts.push(e.data.text));
  try {
    c.start();
    await waitFor(() => gateway.held().length === 1);
    pending.shift().answer(events('c1', [event('e1', 'user:alice', 'c1', { text: 'before' })]));
    await waitFor(() => texts.length === 1 && gateway.held().length === 1);
    assert.equal(c.cursor('user:alice'), 'c1');

    user = 'bob'; // bob signed in in another tab of the profile while alice's poll was held
    const before = gateway.calls.length;
    pending.shift().answer(events('c2', [event('e2', 'user:alice', 'c2', { text: 'after' })]));
    await waitFor(() => c.state === 'stopped');
    assert.equal(c.reason, 'user_changed');
    assert.deepEqual(texts, ['before'], 'alice\'s event answered after the change is not delivered');
    assert.equal(c.cursor('user:alice'), undefined, 'the last user\'s positions are forgotten');
    assert.ok(states.includes('stopped:user_changed'));
    await c.loop; // the poll loop has ended
    assert.equal(gateway.calls.length, before, 'no poll is sent with the new user\'s token');
  } finally {
    await c.stop();
    await gateway.close();
  }
});

test('a follower tab whose token names another user leaves the group and drops the leader\'s later answers', async () => {
  const pending = [];
  const gateway = await fakeGateway((call) => { pending.push(call); return undefined; });
  const locks = fakeLocks();
  let followerUser = 'alice';
  const leader = client(gateway.url, { shareAcrossTabs: true, shareKey: `users-${process.pid}`, locks,
    token: async () => jwtOf('alice') });
  const follower = client(gateway.url, { shareAcrossTabs: true, shareKey: `users-${process.pid}`, locks,
    token: async () => jwtOf(followerUser) });
  const seen = { leader: [], follower: [] };
  leader.subscribe('user:alice', (e) => seen.leader.push(e.data.text));
  follower.subscribe('user:alice', (e) => seen.follower.push(e.data.text));
  const answerHeld = (cursor, id, text) => {
    for (const call of pending.splice(0)) {
      if (!call.closed) call.answer(events(cursor, [event(id, 'user:alice', cursor, { text })]));
    }
  };
  try {
    leader.start();
    await waitFor(() => leader.leader && gateway.held().length === 1);
    follower.start();
    // the leader learns the follower's channels and asks again (a second poll, held)
    await waitFor(() => leader.group.members.size === 1 && gateway.calls.length === 2 && gateway.held().length === 1);
    answerHeld('c1', 'e1', 'before');
    await waitFor(() => seen.follower.length === 1 && seen.leader.length === 1);

    followerUser = 'bob';
    await waitFor(() => gateway.held().length === 1);
    answerHeld('c2', 'e2', 'after');
    await waitFor(() => seen.leader.length === 2 && follower.state === 'stopped');
    assert.equal(follower.reason, 'user_changed');
    assert.deepEqual(seen.follower, ['before']);
    assert.equal(follower.group, undefined, 'the follower left the tab group');
  } finally {
    await Promise.all([leader.stop(), follower.stop()]);
    await gateway.close();
  }
});

test('a chat send retried after a 503 (its confirm lost) sends the same Idempotency-Key; the next send a new one', async () => {
  const gateway = await fakeGateway((call, index) => (index === 0
    ? { status: 503, body: { error: 'unavailable', detail: 'not confirmed' }, headers: { 'Retry-After': '0' } }
    : { status: 202, body: { id: `id-${call.headers['idempotency-key']}`, room: 'lobby' } }));
  try {
    const c = client(gateway.url);
    const sent = await c.sendMessage('lobby', 'hello');
    await c.sendMessage('lobby', 'hello');

    assert.equal(gateway.calls.length, 3);
    const keys = gateway.calls.map((call) => call.headers['idempotency-key']);
    assert.match(keys[0], /^[A-Za-z0-9_-]{1,64}$/);
    assert.equal(keys[1], keys[0], 'the retry reuses the key');
    assert.notEqual(keys[2], keys[0], 'another message, another key');
    assert.deepEqual(gateway.calls.map((call) => [call.method, call.url, call.body.text]),
      [['POST', '/api/rooms/lobby/messages', 'hello'], ['POST', '/api/rooms/lobby/messages', 'hello'],
        ['POST', '/api/rooms/lobby/messages', 'hello']]);
    assert.equal(sent.id, `id-${keys[0]}`);
  } finally {
    await gateway.close();
  }
});

test('a chat send refused (400) is not retried and throws', async () => {
  const gateway = await fakeGateway(() => ({ status: 400, body: { error: 'invalid_text', detail: 'text: required' } }));
  try {
    await assert.rejects(client(gateway.url).sendMessage('lobby', ''), (e) => e.status === 400);
    assert.equal(gateway.calls.length, 1);
  } finally {
    await gateway.close();
  }
});
