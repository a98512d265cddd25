// Chat rooms: history, live messages, typing, read receipts and who is online, through long-polling.
import { HoldlineClient } from '/client/holdline.js';
import { $, api, el, session } from './api.js';

const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 2500;

let room;
let client;
let generation = 0; // a join that an overlapping one replaced stops where it is
let online = new Set();
const typing = new Map(); // user -> timer
let lastTypingSent = 0;
let lastReadSent;

export function setUpChat(connection, onGap) {
  $('room-form').addEventListener('submit', (e) => {
    e.preventDefault();
    join($('room-name').value.trim(), connection, onGap);
  });
  $('message-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('message-text');
    const text = input.value.trim();
    if (!text) return;
    try {
      await api(`/api/rooms/${room}/messages`, { method: 'POST', body: { text } });
      input.value = '';
      $('chat-error').textContent = '';
    } catch (error) {
      $('chat-error').textContent = error.status === 429 ? 'Slow down: too many messages at once.' : error.message;
    }
  });
  $('message-text').addEventListener('input', () => {
    if (!room || Date.now() - lastTypingSent < TYPING_SENT_EVERY_MS) return;
    lastTypingSent = Date.now();
    api(`/api/rooms/${room}/typing`, { method: 'POST' }).catch(() => { /* typing is best effort */ });
  });
}

/** Stops following the room (another page, or sign-out); {@link rejoin} follows it again. */
export async function leaveRoom() {
  generation++;
  const stopping = client;
  client = undefined;
  await stopping?.stop();
}

/** Follows the last room again when the chat page is shown, if one was joined. */
export function rejoin(connection, onGap) {
  if (room && !client) join(room, connection, onGap);
}

async function join(name, connection, onGap) {
  await leaveRoom();
  const mine = generation;
  room = name;
  lastReadSent = undefined;
  online = new Set([session.current().user]);
  $('messages').replaceChildren();
  $('online').replaceChildren();
  $('typing').textContent = '';
  client = new HoldlineClient({ token: () => session.token(), channels: [`room:${name}`],
    fetch: connection.fetch });
  client.on('chat.message', (event) => addMessage(event));
  client.on('chat.typing', (event) => showTyping(event.data.user));
  client.on('chat.read', (event) => markRead(event.data));
  client.on('presence.changed', (event) => {
    if (event.data.online) online.add(event.data.user); else online.delete(event.data.user);
    renderOnline();
  });
  client.on('gap', () => { onGap('Some chat events were missed; the room was read again.'); refresh(); });
  client.start();
  await refresh();
  if (mine !== generation) return; // left or replaced meanwhile
  $('message-text').disabled = false;
  $('message-form').querySelector('button').disabled = false;
  $('message-text').focus();
}

async function refresh() {
  const mine = generation;
  const [history, presence] = await Promise.all([
    api(`/api/rooms/${room}/messages?limit=50`), api(`/api/rooms/${room}/presence`)]);
  if (mine !== generation) return;
  for (const message of history.messages) addMessage(message);
  for (const user of presence.online) online.add(user);
  renderOnline();
}

function addMessage(event) {
  const list = $('messages');
  if (list.querySelector(`[data-id="${event.id}"]`)) return; // history and the poll may both bring it
  const item = el('li', { 'data-id': event.id },
    el('span', { class: 'sender' }, event.data.sender), event.data.text, el('span', { class: 'read' }));
  const later = [...list.children].find((li) => li.dataset.id > event.id); // ULIDs sort by time
  list.insertBefore(item, later ?? null);
  list.scrollTop = list.scrollHeight;
  clearTyping(event.data.sender);
  if (event.data.sender !== session.current().user && document.visibilityState === 'visible') sendRead(event.id);
}

function sendRead(messageId) {
  if (lastReadSent && lastReadSent >= messageId) return;
  lastReadSent = messageId;
  api(`/api/rooms/${room}/read`, { method: 'POST', body: { messageId } }).catch(() => { /* best effort */ });
}

function markRead({ user, messageId }) {
  if (user === session.current().user) return;
  const item = $('messages').querySelector(`[data-id="${messageId}"] .read`);
  if (!item) return;
  const readers = new Set((item.dataset.readers ?? '').split(',').filter(Boolean));
  readers.add(user);
  item.dataset.readers = [...readers].join(',');
  item.textContent = `✓ read by ${[...readers].join(', ')}`;
}

function showTyping(user) {
  if (user === session.current().user) return;
  clearTimeout(typing.get(user));
  typing.set(user, setTimeout(() => clearTyping(user), TYPING_SHOWN_MS));
  renderTyping();
}

function clearTyping(user) {
  clearTimeout(typing.get(user));
  typing.delete(user);
  renderTyping();
}

function renderTyping() {
  const users = [...typing.keys()];
  $('typing').textContent = users.length === 0 ? ''
    : `${users.join(', ')} ${users.length === 1 ? 'is' : 'are'} typing…`;
}

function renderOnline() {
  $('online').replaceChildren(...[...online].sort().map((user) => el('li', {}, user)));
}
