// Tests of HoldlineClient.leaderboard against a running leaderboard-service (LEADERBOARD_URL) and gateway
// (HOLDLINE_URL), given by JsClientIT: the same snapshots by WebSocket, by long-poll when sockets fail, and back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HoldlineClient } from '../../main/resources/META-INF/resources/client/holdline.js';

const url = process.env.HOLDLINE_URL;
const leaderboardUrl = process.env.LEADERBOARD_URL;
const alice = process.env.ALICE_TOKEN;
const admin = process.env.ADMIN_TOKEN;
const offline = !url || !leaderboardUrl || typeof WebSocket !== 'function'; // run by JsClientIT, which gives both

const waitFor = async (predicate, ms = 15000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
};

const newBoard = async () => {
  const id = `js-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const r = await fetch(`${leaderboardUrl}/api/leaderboards`, {
    method: 'POST', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id }),
  });
  assert.equal(r.status, 201);
  return id;
};

const score = async (board, value) => {
  const r = await fetch(`${leaderboardUrl}/api/leaderboards/${board}/scores`, {
    method: 'POST', headers: { Authorization: `Bearer ${alice}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ score: value }),
  });
  assert.equal(r.status, 200);
};

/** A WebSocket that never connects, as behind a proxy that drops upgrades. */
class BlockedWebSocket {
  constructor() { setTimeout(() => this.onclose?.({ code: 1006 }), 10); }
  close() {}
}

const topScore = (snapshot) => snapshot.entries[0]?.score;

test('follows a board over a WebSocket', { skip: offline }, async () => {
  const board = await newBoard();
  const client = new HoldlineClient({ baseUrl: url, token: alice });
  const seen = [];
  const feed = client.leaderboard(board, (s) => seen.push(s), { leaderboardUrl });
  try {
    await waitFor(() => seen.length >= 1);
    assert.equal(seen[0].transport, 'websocket');
    await score(board, 42);
    await waitFor(() => seen.some((s) => topScore(s) === 42));
    assert.equal(feed.transport, 'websocket');
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].version > seen[i - 1].version, 'versions only grow');
  } finally {
    await feed.stop();
    await client.stop();
  }
});

test('falls back to long-polling when WebSockets are blocked, with the same snapshots', { skip: offline }, async () => {
  const board = await newBoard();
  await score(board, 7);
  const client = new HoldlineClient({ baseUrl: url, token: alice, timeout: 5 });
  const seen = [];
  const feed = client.leaderboard(board, (s) => seen.push(s),
    { leaderboardUrl, WebSocket: BlockedWebSocket, retryWebSocketMs: 60000, failuresBeforeFallback: 2 });
  try {
    await waitFor(() => seen.some((s) => topScore(s) === 7));
    assert.equal(feed.transport, 'long-poll');
    await score(board, 99);
    await waitFor(() => seen.some((s) => topScore(s) === 99));
    assert.equal(seen.at(-1).transport, 'long-poll');
  } finally {
    await feed.stop();
    await client.stop();
  }
});

test('goes back to the WebSocket once it works again', { skip: offline }, async () => {
  const board = await newBoard();
  let blocked = true;
  const Switchable = function (address) {
    return blocked ? new BlockedWebSocket(address) : new WebSocket(address);
  };
  const client = new HoldlineClient({ baseUrl: url, token: alice, timeout: 5 });
  const seen = [];
  const feed = client.leaderboard(board, (s) => seen.push(s),
    { leaderboardUrl, WebSocket: Switchable, retryWebSocketMs: 300, failuresBeforeFallback: 1 });
  try {
    await waitFor(() => feed.transport === 'long-poll');
    blocked = false;
    await waitFor(() => feed.transport === 'websocket');
    await score(board, 5);
    await waitFor(() => seen.some((s) => topScore(s) === 5 && s.transport === 'websocket'));
  } finally {
    await feed.stop();
    await client.stop();
  }
});
