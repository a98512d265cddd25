// Load client for bench/webhooks/run: receivers on loopback, events published to RabbitMQ, the same cases against
// Holdline's webhook-dispatcher and the home-grown peer, figures and ratios printed.
import http from 'node:http';
import { token } from './dev-token.mjs';
import amqp from 'amqplib';

const env = process.env;
const HOLDLINE = env.HOLDLINE_URL;
const PEER = env.PEER_URL;
const EXCHANGE = env.EXCHANGE;
const DELIVERIES = Number(env.DELIVERIES || 10000);
const HANG_SECONDS = Number(env.HANG_SECONDS || 10);
const HANG_RATE = Number(env.HANG_RATE || 100); // events/s to 10 healthy subscriptions and one that hangs
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const ADMIN = token('bench-admin', ['admin']);
const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
const fmt = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : String(x));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- receivers: /r/<n> answers 200 at once; /hang never answers -------------------------------------------
const arrivals = new Map(); // case id -> [{at, sentAt, path}]
const hanging = new Set();
const receiver = http.createServer((req, res) => {
  if (req.url === '/hang') {
    hanging.add(res);
    req.on('close', () => hanging.delete(res));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = performance.timeOrigin + performance.now();
    try {
      const data = JSON.parse(Buffer.concat(chunks).toString()).data;
      if (!arrivals.has(data.case)) arrivals.set(data.case, []);
      arrivals.get(data.case).push({ at, sentAt: data.sentAt });
    } catch { /* not ours */ }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
receiver.keepAliveTimeout = 60000;
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const RECEIVER = `http://127.0.0.1:${receiver.address().port}`;

// --- publishing --------------------------------------------------------------------------------------------
const connection = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
const channel = await connection.createConfirmChannel();
let seq = 0;
function publish(caseId, n) {
  const sentAt = performance.timeOrigin + performance.now();
  const id = `bench-${process.pid}-${++seq}`;
  const event = { specversion: '1.0', id, source: 'bench', type: 'bench.tick', time: new Date().toISOString(),
    datacontenttype: 'application/json', data: { case: caseId, n, sentAt } };
  channel.publish(EXCHANGE, 'bench.tick', Buffer.from(JSON.stringify(event)),
    { contentType: 'application/cloudevents+json', persistent: true, messageId: id, userId: 'guest' });
}

// --- subscriptions, per target -----------------------------------------------------------------------------
async function call(method, url, body) {
  const r = await fetch(url, { method, headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}
/** Both targets read the same exchange: the one not measured gets no subscriptions, so it sends nothing. */
async function subscribe(target, urls) {
  for (const s of await call('GET', `${HOLDLINE}/api/webhooks/subscriptions`)) {
    await call('DELETE', `${HOLDLINE}/api/webhooks/subscriptions/${s.id}`);
  }
  await call('PUT', `${PEER}/subscriptions`, []);
  if (target === 'holdline') {
    // by its exact name: a type that is not Holdline's matches no pattern (docs/architecture.md, event visibility)
    for (const url of urls) await call('POST', `${HOLDLINE}/api/webhooks/subscriptions`, { url, eventTypes: ['bench.tick'] });
  } else {
    await call('PUT', `${PEER}/subscriptions`, urls.map((url, i) => ({ id: `s${i}`, url, secret: SECRET, eventTypes: ['bench.tick'] })));
  }
}

async function awaitArrivals(caseId, expected, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while ((arrivals.get(caseId)?.length || 0) < expected && Date.now() < deadline) await sleep(20);
  return arrivals.get(caseId) || [];
}

/** Throughput: EVENTS x SUBS deliveries published at once; deliveries/s from first publish to last arrival. */
async function burst(target, subs) {
  const events = Math.ceil(DELIVERIES / subs);
  await subscribe(target, Array.from({ length: subs }, (_, i) => `${RECEIVER}/r/${i}`));
  const caseId = `${target}-burst-${subs}-${Date.now()}`;
  const start = performance.timeOrigin + performance.now();
  for (let n = 0; n < events; n++) {
    publish(caseId, n);
    if (n % 500 === 499) await channel.waitForConfirms();
  }
  await channel.waitForConfirms();
  const got = await awaitArrivals(caseId, events * subs, 120000);
  const last = Math.max(...got.map((a) => a.at));
  const latencies = got.map((a) => a.at - a.sentAt).sort((a, b) => a - b);
  return { deliveries: got.length, expected: events * subs, perSecond: got.length / ((last - start) / 1000),
    p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
}

/** 10 healthy receivers and one that never answers; events at HANG_RATE/s; latency to the healthy ones. */
async function withHang(target) {
  const urls = Array.from({ length: 10 }, (_, i) => `${RECEIVER}/r/${i}`);
  await subscribe(target, [`${RECEIVER}/hang`, ...urls]);
  const caseId = `${target}-hang-${Date.now()}`;
  const total = HANG_RATE * HANG_SECONDS;
  const start = Date.now();
  for (let n = 0; n < total; n++) {
    publish(caseId, n);
    const due = start + ((n + 1) * 1000) / HANG_RATE;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  await channel.waitForConfirms();
  const got = await awaitArrivals(caseId, total * 10, 30000);
  const latencies = got.map((a) => a.at - a.sentAt).sort((a, b) => a - b);
  return { deliveries: got.length, expected: total * 10, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99),
    perSecond: got.length / HANG_SECONDS };
}

const rows = [];
function report(name, h, p) {
  rows.push([name, h, p]);
  console.log(`${name.padEnd(28)} holdline ${fmt(h.perSecond).padStart(6)}/s p50 ${fmt(h.p50).padStart(6)} ms p99 ${fmt(h.p99).padStart(6)} ms (${h.deliveries}/${h.expected})`
    + ` | peer ${fmt(p.perSecond).padStart(6)}/s p50 ${fmt(p.p50).padStart(6)} ms p99 ${fmt(p.p99).padStart(6)} ms (${p.deliveries}/${p.expected})`
    + ` | throughput ${(h.perSecond / p.perSecond).toPrecision(2)}x, p99 ${(h.p99 / p.p99).toPrecision(2)}x`);
}

// warm-up: the JIT and the connection pools, unreported
await burst('holdline', 10);
await burst('peer', 10);
for (const subs of (env.SUBS ?? '1,10,100').split(',').filter(Boolean).map(Number)) {
  const h = await burst('holdline', subs);
  const p = await burst('peer', subs);
  report(`${subs} subscription(s), burst`, h, p);
}
const h = await withHang('holdline');
for (const res of hanging) res.destroy();
const p = await withHang('peer');
report(`${HANG_RATE} ev/s x 10 + 1 hanging`, h, p);
for (const res of hanging) res.destroy();
console.log(`\ntargets: >= 1000 deliveries/s; first-attempt p99 < 250 ms while one endpoint hangs`);
await connection.close();
receiver.close();
process.exit(0);
