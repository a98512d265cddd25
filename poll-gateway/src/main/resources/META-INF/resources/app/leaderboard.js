// The live top 10 of a board: WebSocket with a ticket, or (when switched, or when sockets fail) the page's one
// client polling leaderboard:<board> from the snapshot's cursor. A snapshot that cannot be read is said and read
// again. Admins get a Remove button per entry (moderation: DELETE .../players/{player}).
import { $, api, el, session, whileSending } from './api.js';

const RETRY_FIRST_MS = 1000; // a failed snapshot is read again after this, doubling up to RETRY_MAX_MS
const RETRY_MAX_MS = 30000;
const MAX_CONFIRMED = 100; // order confirmations remembered

let client; // the page's one HoldlineClient
let feed;
let latestVersion = 0;
let generation = 0; // a follow that an overlapping one (or leaving the page) replaced opens nothing
let moderating = false; // the signed-in user is an admin: entries get a Remove button
let retryTimer; // reads a failed snapshot again
let retryMs = RETRY_FIRST_MS;
let pendingScore; // {intent, key}: a score whose post failed; posted again, it keeps its Idempotency-Key
const confirmed = new Set(); // order ids whose order.placed arrived (it may come before the POST's answer)

export function setUpLeaderboard(sharedClient, userEvents) {
  client = sharedClient;
  $('board-name').addEventListener('change', follow);
  $('board-longpoll').addEventListener('change', follow);
  $('score-form').addEventListener('submit', (e) => {
    e.preventDefault();
    whileSending(e.target.querySelector('button'), postScore);
  });
  $('order-button').addEventListener('click', (e) => whileSending(e.target, placeOrder));
  $('seed-button').addEventListener('click', (e) => whileSending(e.target, () =>
    api(`/api/leaderboards/${board()}/seed`, { method: 'POST' }).catch((error) => {
      $('score-message').className = 'error';
      $('score-message').textContent = error.message;
    })));
  // the confirmation of an order comes as order.placed on user:<me>
  userEvents.on('order.placed', (event) => {
    confirmed.add(event.data.orderId);
    if (confirmed.size > MAX_CONFIRMED) confirmed.delete(confirmed.values().next().value);
    $('order-message').className = '';
    $('order-message').textContent = `Order ${event.data.orderId} confirmed: ${event.data.total} ${event.data.currency}`;
  });
  // the snapshot that a long-poll starts from could not be read: say so, and read it again
  client.on('gap', ({ channel, reason }) => {
    if (!feed || channel !== `leaderboard:${board()}`) return;
    const transport = $('board-transport');
    transport.className = 'error';
    transport.textContent = reason === 'snapshot_failed'
      ? `The board could not be read; trying again in ${Math.round(retryMs / 1000)} s…`
      : 'Some board updates were missed; reading it again…';
    clearTimeout(retryTimer);
    retryTimer = setTimeout(follow, reason === 'snapshot_failed' ? retryMs : 0);
    if (reason === 'snapshot_failed') retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  });
}

export async function showLeaderboard(isAdmin) {
  $('seed-button').hidden = !isAdmin;
  moderating = isAdmin;
  const mine = generation;
  const select = $('board-name');
  if (select.options.length === 0) {
    const boards = await api('/api/leaderboards');
    if (select.options.length === 0) select.replaceChildren(...boards.map((b) => el('option', { value: b.id }, b.id)));
  }
  if (!feed && mine === generation) follow();
}

export function stopLeaderboard() {
  generation++;
  clearTimeout(retryTimer);
  const stopping = feed;
  feed = undefined;
  stopping?.stop();
}

function board() {
  return $('board-name').value || 'global';
}

function follow() {
  stopLeaderboard();
  latestVersion = 0;
  const transport = $('board-longpoll').checked ? 'long-poll' : 'auto';
  feed = client.leaderboard(board(), render, { transport });
  $('board-transport').className = '';
  $('board-transport').textContent = `connecting (${transport === 'auto' ? 'WebSocket' : 'long-polling'})…`;
}

function render(snapshot) {
  if (snapshot.version < latestVersion) return;
  latestVersion = snapshot.version;
  retryMs = RETRY_FIRST_MS;
  clearTimeout(retryTimer); // a newer board came after all
  $('board-transport').className = '';
  $('board-transport').textContent = `via ${snapshot.transport === 'websocket' ? 'WebSocket' : 'long-polling'}`;
  $('board-transport').dataset.transport = snapshot.transport;
  $('board-version').textContent = `version ${snapshot.version}`;
  $('board-entries').replaceChildren(...snapshot.entries.map((entry) => {
    const name = el('td', {}, entry.name ?? entry.player);
    if (moderating) name.append(' ', removeButton(entry.player));
    return el('tr', { 'data-player': entry.player }, el('td', {}, entry.rank), name, el('td', {}, entry.score));
  }));
}

/** For admins: deletes the player's entry (a cheater's, say); the next snapshot shows the board without it. */
function removeButton(player) {
  const button = el('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${player}` }, 'Remove');
  button.addEventListener('click', async () => {
    if (!window.confirm(`Remove ${player} from ${board()}?`)) return;
    const message = $('score-message');
    try {
      await api(`/api/leaderboards/${board()}/players/${encodeURIComponent(player)}`, { method: 'DELETE' });
      message.className = '';
      message.textContent = `${player} removed from ${board()}.`;
    } catch (error) {
      message.className = 'error';
      message.textContent = error.message;
    }
  });
  return button;
}

/**
 * Posts the score once: the button is disabled while it is sent, and the post carries an Idempotency-Key, kept for a
 * retry of the same score after a failure (a timeout may hide a score that was counted), so that an increment board
 * counts it once.
 */
async function postScore() {
  const message = $('score-message');
  const score = Number($('score-value').value);
  const intent = `${board()}|${score}`;
  if (pendingScore?.intent !== intent) pendingScore = { intent, key: crypto.randomUUID() };
  try {
    const answer = await api(`/api/leaderboards/${board()}/scores`, { method: 'POST',
      headers: { 'Idempotency-Key': pendingScore.key }, body: { score } }); // the name shown is the player's own, never a score's
    pendingScore = undefined;
    message.className = '';
    message.textContent = `Your score ${answer.score}: rank ${answer.rank}`;
  } catch (error) {
    if (error.status && error.status < 500 && error.status !== 429) pendingScore = undefined; // refused: not counted
    message.className = 'error';
    message.textContent = error.message;
  }
}

async function placeOrder() {
  const message = $('order-message');
  try {
    const order = await api('/api/orders', { method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: { currency: 'EUR', items: [{ sku: 'skin-gold', quantity: 1 }] } }); // priced by the catalogue
    if (confirmed.has(order.id)) return;
    message.className = '';
    message.textContent = `Order ${order.id} placed: waiting for its confirmation…`;
  } catch (error) {
    message.className = 'error';
    message.textContent = error.message;
  }
}
