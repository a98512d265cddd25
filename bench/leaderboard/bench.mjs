// bench/leaderboard's load client: the same measurements against Holdline's leaderboard-service and the seed's
// stack (peer.mjs), one after the other, then the ratios. Run by bench/leaderboard/run, which starts both.
import { token } from './dev-token.mjs';
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import { createClient } from 'redis';
import WebSocket from 'ws'; // the library socket.io-client runs on in Node: both sides read with the same code

const env = process.env;
const HOLDLINE = env.HOLDLINE_URL;
const PEER = env.PEER_URL;
const SOCKETS = Number(env.SOCKETS || 5000);
const WRITERS = Number(env.WRITERS || 200);
const SECONDS = Number(env.SECONDS || 10);
const PLAYERS = Number(env.PLAYERS || 1000000);
const ROUNDS = Number(env.ROUNDS || 15);
const WARM_ROUNDS = Number(env.WARM_ROUNDS || 5); // push rounds first made unreported, so both are measured compiled
const WARMUP = Number(env.WARMUP || 90);
const WRITE_ROUNDS = Number(env.WRITE_ROUNDS || 3);
const PHASES = (env.PHASES || 'writes,push,reads').split(',');
const PEER_DURABILITY = env.PEER_FSYNC ? `the peer's Redis appends each write to a file, appendfsync ${env.PEER_FSYNC}`
  : "the peer's Redis keeps nothing on disk";

const ADMIN = token('bench-admin', ['admin']);
const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
const summary = (values) => { const s = [...values].sort((a, b) => a - b);
  return { p50: pct(s, 0.5), p99: pct(s, 0.99), max: s.at(-1), n: s.length }; };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => (typeof x === 'number' ? (x >= 100 ? x.toFixed(0) : x.toFixed(2)) : String(x));
const rssKb = (pid) => Number(execSync(`ps -o rss= -p ${pid}`).toString().trim());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function json(method, url, tok, body) {
  const r = await fetch(url, { method, headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function holdlineBoard(id, operator = 'set') {
  await json('POST', `${HOLDLINE}/api/leaderboards`, ADMIN, { id, operator });
  return id;
}

/**
 * CPU seconds used so far by each named group of this machine's processes (group: a test of pid and command
 * line), from /proc: a cost per write that the machine's noise moves far less than writes/s.
 */
function cpuSeconds(groups) {
  const used = Object.fromEntries(Object.keys(groups).map((name) => [name, 0]));
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      const name = Object.keys(groups).find((g) => groups[g](pid, cmd));
      if (!name) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      used[name] += (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ ticks
    } catch { /* gone meanwhile */ }
  }
  return used;
}
const SERVERS = {
  Holdline: { java: (pid) => pid === env.HOLDLINE_PID, postgres: (pid, cmd) => cmd.startsWith('postgres'),
    rabbitmq: (pid, cmd) => cmd.includes('beam.smp') },
  peer: { node: (pid) => pid === env.PEER_PID, redis: (pid, cmd) => cmd.startsWith('redis-server') },
};
const cpuMs = (r) => Object.values(r.cpuMsPerWrite).reduce((a, b) => a + b, 0);

/** WRITERS concurrent writers for SECONDS; each writer is its own player posting a random score. */
async function writes(post, seconds = SECONDS, servers = undefined) {
  const cpuBefore = servers && cpuSeconds(servers);
  const end = Date.now() + seconds * 1000;
  const latencies = [];
  let errors = 0;
  await Promise.all(Array.from({ length: WRITERS }, async (_, i) => {
    while (Date.now() < end) {
      const t0 = performance.now();
      try { await post(i, Math.floor(Math.random() * 1e6)); latencies.push(performance.now() - t0); } catch { errors++; }
    }
  }));
  const cpuMsPerWrite = servers && Object.fromEntries(Object.entries(cpuSeconds(servers))
    .map(([name, used]) => [name, (used - cpuBefore[name]) * 1000 / latencies.length]));
  return { perSec: latencies.length / seconds, errors, ...summary(latencies), cpuMsPerWrite };
}

/** Opens n sockets (in batches), then WARM_ROUNDS + ROUNDS times: post a new leader, time its arrival on every socket. */
async function pushes(name, open, postLeader, serverPid) {
  const rssBefore = rssKb(serverPid);
  const sockets = [];
  for (let i = 0; i < SOCKETS; i += 250) {
    sockets.push(...await Promise.all(Array.from({ length: Math.min(250, SOCKETS - i) }, (_, j) => open(i + j))));
  }
  await sleep(2000);
  const rssAfter = rssKb(serverPid);
  const rounds = [];
  for (let round = 0; round < WARM_ROUNDS + ROUNDS; round++) {
    const leader = `leader-${round}-${Date.now()}`;
    const arrivals = [];
    const done = new Promise((resolve) => {
      for (const s of sockets) s.waitFor = (first) => {
        if (first === leader) { arrivals.push(performance.now() - t0); s.waitFor = undefined;
          if (arrivals.length === sockets.length) resolve(); }
      };
      setTimeout(resolve, 30000);
    });
    const t0 = performance.now();
    await postLeader(leader, 1e9 + round);
    const answered = performance.now() - t0;
    await done;
    if (round >= WARM_ROUNDS) { // the rounds before warm up (JIT) both sides
      rounds.push({ ...summary(arrivals), missing: sockets.length - arrivals.length });
      if (env.VERBOSE) console.log(`    ${name} round ${round - WARM_ROUNDS + 1}: post answered at ${fmt(answered)} ms, first arrival`
        + ` ${fmt(Math.min(...arrivals))} ms, last ${fmt(Math.max(...arrivals))} ms`);
    }
    await sleep(500);
  }
  for (const s of sockets) s.close();
  const result = { p50: median(rounds.map((r) => r.p50)), p99: median(rounds.map((r) => r.p99)),
    max: median(rounds.map((r) => r.max)), missing: rounds.reduce((a, r) => a + r.missing, 0),
    kbPerSocket: (rssAfter - rssBefore) / SOCKETS };
  console.log(`  ${name}: push to ${SOCKETS} sockets p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms, max ${fmt(result.max)} ms`
    + ` (median of ${ROUNDS} rounds; ${result.missing} missed), ${fmt(result.kbPerSocket)} KB RSS per socket`);
  await sleep(1000);
  return result;
}

async function holdlineSocket(board, i) {
  const { ticket } = await json('POST', `${HOLDLINE}/api/ws-tickets`, token(`viewer-${i}`));
  const ws = new WebSocket(`${HOLDLINE.replace('http', 'ws')}/ws/leaderboards/${board}?ticket=${ticket}`);
  const handle = { close: () => ws.close(), waitFor: undefined };
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  if (i === 0) console.log(`    Holdline's socket negotiated extensions: ${ws.extensions || 'none'}`); // a framework upgrade may change it
  ws.on('message', (data) => handle.waitFor?.(JSON.parse(data).entries[0]?.player));
  return handle;
}

async function peerSocket() {
  const socket = io(PEER, { transports: ['websocket'], forceNew: true, reconnection: false });
  const handle = { close: () => socket.close(), waitFor: undefined };
  await new Promise((resolve, reject) => { socket.on('connect', resolve); socket.on('connect_error', reject); });
  socket.on('update_leaderboard', (top) => handle.waitFor?.(top[0]?.username));
  return handle;
}

async function rankReads(name, read) {
  for (let i = 0; i < 200; i++) await read(); // warm
  const latencies = [];
  for (let i = 0; i < 2000; i++) { const t0 = performance.now(); await read(); latencies.push(performance.now() - t0); }
  const s = summary(latencies);
  console.log(`  ${name}: p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms (2000 sequential reads)`);
  return s;
}

const results = {};
const tokens = Array.from({ length: WRITERS }, (_, i) => token(`writer-${i}`));

if (PHASES.includes('writes')) {
console.log(`1. sustained score writes, ${WRITERS} concurrent writers, ${WRITE_ROUNDS} rounds of ${SECONDS} s (after ${WARMUP} s unreported)`);
const writeBoard = await holdlineBoard(`writes-${Date.now()}`);
const holdlineWrite = (i, score) => json('POST', `${HOLDLINE}/api/leaderboards/${writeBoard}/scores`, tokens[i], { score });
const peerWrite = (i, score) => json('POST', `${PEER}/score`, ADMIN, { username: `writer-${i}`, score });
// each side first writes WARMUP seconds unreported, so that both are measured compiled (JIT), not cold; then
// WRITE_ROUNDS rounds of SECONDS each, Holdline first in odd rounds and the peer first in even ones (the machine's
// load drifts), and each side's median round is reported
await writes(holdlineWrite, WARMUP);
await writes(peerWrite, WARMUP);
const sides = { Holdline: { post: holdlineWrite, rounds: [] }, peer: { post: peerWrite, rounds: [] } };
const describe = (r) => `${fmt(r.perSec)} writes/s (p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, ${r.errors} errors),`
  + ` server CPU ${cpuMs(r).toFixed(3)} ms per write (${Object.entries(r.cpuMsPerWrite)
    .map(([n, ms]) => `${n} ${ms.toFixed(3)}`).join(', ')})`;
for (let round = 1; round <= WRITE_ROUNDS; round++) {
  for (const name of round % 2 ? ['Holdline', 'peer'] : ['peer', 'Holdline']) {
    const r = await writes(sides[name].post, SECONDS, SERVERS[name]);
    sides[name].rounds.push(r);
    if (env.VERBOSE) console.log(`    ${name} round ${round}: ${describe(r)}`);
  }
}
const medianRound = (rounds) => [...rounds].sort((a, b) => a.perSec - b.perSec)[Math.floor(rounds.length / 2)];
results.holdlineWrites = medianRound(sides.Holdline.rounds);
results.peerWrites = medianRound(sides.peer.rounds);
results.writeRounds = { holdline: sides.Holdline.rounds.map((r) => r.perSec), peer: sides.peer.rounds.map((r) => r.perSec) };
for (const [name, r] of [['Holdline', results.holdlineWrites], ['peer', results.peerWrites]]) {
  console.log(`  ${name}: ${describe(r)}; the median of ${WRITE_ROUNDS} rounds`
    + ` (${sides[name].rounds.map((x) => fmt(x.perSec)).join(', ')} writes/s)`);
}
}

if (PHASES.includes('push')) {
console.log(`2. a new leader posted, its arrival on ${SOCKETS} open sockets`);
const pushBoard = await holdlineBoard(`push-${Date.now()}`);
results.holdlinePush = await pushes('Holdline', (i) => holdlineSocket(pushBoard, i),
  (leader, score) => json('POST', `${HOLDLINE}/api/leaderboards/${pushBoard}/scores`, ADMIN, { score, player: leader }),
  env.HOLDLINE_PID);
results.peerPush = await pushes('peer', () => peerSocket(),
  (leader, score) => json('POST', `${PEER}/score`, ADMIN, { username: leader, score }), env.PEER_PID);
}

if (PHASES.includes('reads')) {
console.log(`3. rank and around-me reads with ${PLAYERS} players on the board`);
const bigBoard = await holdlineBoard(`big-${Date.now()}`, 'best');
execSync(`psql -q -h 127.0.0.1 -U postgres -d ${env.DATABASE} -c "INSERT INTO score (board_id, period, player, name,`
  + ` score, reached_at, seq, revision, updated_at) SELECT '${bigBoard}', 'all', 'p' || g, 'p' || g,`
  + ` floor(random() * 1e9), g, nextval('score_seq'), 1, now() FROM generate_series(1, ${PLAYERS}) g"`);
let t0 = performance.now();
await json('GET', `${HOLDLINE}/api/leaderboards/${bigBoard}?limit=10`, ADMIN);
console.log(`  Holdline: first read of the board ranked ${PLAYERS} players in ${fmt((performance.now() - t0) / 1000)} s`);
const player = () => `p${1 + Math.floor(Math.random() * PLAYERS)}`;
results.holdlineRank = await rankReads('Holdline rank (GET .../players/{p})',
  () => json('GET', `${HOLDLINE}/api/leaderboards/${bigBoard}/players/${player()}`, ADMIN));
results.holdlineAround = await rankReads('Holdline around-me (?around=5)',
  () => json('GET', `${HOLDLINE}/api/leaderboards/${bigBoard}/players/${player()}?around=5`, ADMIN));
const redis = createClient({ url: env.REDIS_URL });
await redis.connect();
const zkey = `${env.REDIS_KEY}:big`;
for (let i = 0; i < PLAYERS; i += 10000) {
  const batch = redis.multi();
  for (let j = i; j < Math.min(PLAYERS, i + 10000); j++) batch.zAdd(zkey, { score: Math.floor(Math.random() * 1e9), value: `p${j + 1}` });
  await batch.exec();
}
results.redisRank = await rankReads('Redis ZREVRANK', () => redis.zRevRank(zkey, player()));
results.redisAround = await rankReads('Redis ZREVRANK + ZRANGE around', async () => {
  const rank = await redis.zRevRank(zkey, player());
  await redis.zRangeWithScores(zkey, Math.max(0, rank - 5), rank + 5, { REV: true });
});
await redis.del(zkey);
await redis.quit();
}

const ratio = (a, b) => (a / b).toFixed(2);
console.log('\nHoldline / peer:');
if (results.holdlineWrites) {
  console.log(`  writes/s                     ${ratio(results.holdlineWrites.perSec, results.peerWrites.perSec)}x   (target >= 1, every Holdline write durable in PostgreSQL; ${PEER_DURABILITY})`);
  console.log(`  server CPU per write         ${ratio(cpuMs(results.holdlineWrites), cpuMs(results.peerWrites))}x   (Holdline: the service, PostgreSQL and RabbitMQ; the peer: Node and Redis)`);
}
if (results.holdlinePush) {
  console.log(`  push p99 to ${SOCKETS} sockets    ${ratio(results.holdlinePush.p99, results.peerPush.p99)}x   (target <= 1)`);
  console.log(`  memory per open socket       ${ratio(results.holdlinePush.kbPerSocket, results.peerPush.kbPerSocket)}x`);
}
if (results.holdlineRank) console.log(`  rank read p99                ${fmt(results.holdlineRank.p99)} ms over HTTP (target < 10 ms) against Redis's ${fmt(results.redisRank.p99)} ms`);
console.log(JSON.stringify(results));
