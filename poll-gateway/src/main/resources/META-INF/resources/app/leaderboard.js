// The live top 10 of a board: WebSocket with a ticket, or long-polling when switched (or when sockets fail).
// Admins get a Remove button per entry (moderation: DELETE .../players/{player}).
import { $, api, el, session } from './api.js';

let feed;
let latestVersion = 0;
let generation = 0; // a follow that an overlapping one (or leaving the page) replaced opens nothing
let moderating = false; // the signed-in user is an admin: entries get a Remove button
const confirmed = new Set(); // order ids whose order.placed arrived (it may come before the POST's answer)

export function setUpLeaderboard(events, connection) {
  $('board-name').addEventListener('change', () => follow(events, connection));
  $('board-longpoll').addEventListener('change', () => follow(events, connection));
  $('score-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const message = $('score-message');
    try {
      const answer = await api(`/api/leaderboards/${board()}/scores`, { method: 'POST',
        body: { score: Number($('score-value').value) } }); // the name shown is the player's own, never a score's
      message.className = '';
      message.textContent = `Your score ${answer.score}: rank ${answer.rank}`;
    } catch (error) {
      message.className = 'error';
      message.textContent = error.message;
    }
  });
  $('order-button').addEventListener('click', placeOrder);
  $('seed-button').addEventListener('click', async () => {
    await api(`/api/leaderboards/${board()}/seed`, { method: 'POST' });
  });
  // the confirmation of an order comes as order.placed on user:<me>
  events.on('order.placed', (event) => {
    confirmed.add(event.data.orderId);
    $('order-message').className = '';
    $('order-message').textContent = `Order ${event.data.orderId} confirmed: ${event.data.total} ${event.data.currency}`;
  });
}

export async function showLeaderboard(events, connection, isAdmin) {
  $('seed-button').hidden = !isAdmin;
  moderating = isAdmin;
  const mine = generation;
  const select = $('board-name');
  if (select.options.length === 0) {
    const boards = await api('/api/leaderboards');
    select.replaceChildren(...boards.map((b) => el('option', { value: b.id }, b.id)));
  }
  if (!feed && mine === generation) follow(events, connection);
}

export async function stopLeaderboard() {
  generation++;
  const stopping = feed;
  feed = undefined;
  await stopping?.stop();
}

function board() {
  return $('board-name').value || 'global';
}

async function follow(events, connection) {
  await stopLeaderboard();
  if (feed) return; // an overlapping follow got there first
  latestVersion = 0;
  const transport = $('board-longpoll').checked ? 'long-poll' : 'auto';
  feed = events.leaderboard(board(), render, { transport });
  $('board-transport').textContent = `connecting (${transport === 'auto' ? 'WebSocket' : 'long-polling'})…`;
}

function render(snapshot) {
  if (snapshot.version < latestVersion) return;
  latestVersion = snapshot.version;
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
