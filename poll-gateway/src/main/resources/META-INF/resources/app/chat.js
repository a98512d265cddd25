// Chat rooms: history, live messages, typing, read receipts and who is online. The room is a subscription on the
// page's one client, from the cursor of the history just shown: nothing said in between is lost.
import { $, api, el, session, whileSending } from './api.js';
import { newIdempotencyKey } from '/client/holdline.js';

const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 2500;
const MAX_TYPING_SHOWN = 20; // users shown typing at once

let client; // the page's one HoldlineClient
let onGap; // tells the user that events were missed
let room;
let subscription; // the room on the client's poll, while the chat page shows it
let generation = 0; // a join that an overlapping one (or leaving) replaced stops where it is
let online = new Set();
const typing = new Map(); // user -> timer
let lastTypingSent = 0;
let lastReadSent;
let unsent; // {room, text, key}: a send that failed; sending the same text again reuses its Idempotency-Key

export function setUpChat(sharedClient, tellGap) {
  client = sharedClient;
  onGap = tellGap;
  $('room-form').addEventListener('submit', (e) => {
    e.preventDefault();
    join($('room-name').value.trim()).catch(showError);
  });
  $('message-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('message-text');
    const text = input.value.trim();
    if (!text) return;
    whileSending(e.target.querySelector('button'), async () => {
      try {
        // a 503 may hide a post that did arrive: its retry under the same key is the same message, shown once
        if (unsent?.room !== room || unsent.text !== text) unsent = { room, text, key: newIdempotencyKey() };
        await api(`/api/rooms/${room}/messages`, { method: 'POST', body: { text },
          headers: { 'Idempotency-Key': unsent.key } });
        unsent = undefined;
        if (input.value.trim() === text) input.value = '';
        $('chat-error').textContent = '';
      } catch (error) {
        showError(error);
      }
    });
  });
  $('message-text').addEventListener('input', () => {
    if (!room || Date.now() - lastTypingSent < TYPING_SENT_EVERY_MS) return;
    lastTypingSent = Date.now();
    api(`/api/rooms/${room}/typing`, { method: 'POST' }).catch(() => { /* typing is best effort */ });
  });
}

function showError(error) {
  $('chat-error').textContent = error.status === 429 ? 'Slow down: too many messages at once.' : error.message;
}

/** Stops following the room (another page, or sign-out); {@link rejoin} follows it again. */
export function leaveRoom() {
  generation++;
  subscription?.unsubscribe();
  subscription = undefined;
}

/** Follows the last room again when the chat page is shown, if one was joined. */
export async function rejoin() {
  if (room && !subscription) await join(room);
}

async function join(name) {
  leaveRoom();
  const mine = generation;
  room = name;
  lastReadSent = undefined;
  online = new Set([session.current().user]);
  $('messages').replaceChildren();
  $('online').replaceChildren();
  $('typing').textContent = '';
  const history = await read();
  if (mine !== generation) return; // left or replaced meanwhile
  subscription = client.subscribe(`room:${name}`, onRoomEvent, { cursor: history.cursor });
  subscription.on('gap', () => {
    onGap('Some chat events were missed; the room was read again.');
    read().catch(showError);
  });
  $('message-text').disabled = false;
  $('message-form').querySelector('button').disabled = false;
  $('message-text').focus();
}

function onRoomEvent(event) {
  if (event.type === 'chat.message') addMessage(event);
  else if (event.type === 'chat.typing') showTyping(event.data.user);
  else if (event.type === 'chat.read') markRead(event.data);
  else if (event.type === 'presence.changed') {
    if (event.data.online) online.add(event.data.user); else online.delete(event.data.user);
    renderOnline();
  }
}

/** The room's history and who is online; answers the history (its cursor is where the poll goes on). */
async function read() {
  const mine = generation;
  const [history, presence] = await Promise.all([
    api(`/api/rooms/${room}/messages?limit=50`), api(`/api/rooms/${room}/presence`)]);
  if (mine !== generation) return history;
  for (const message of history.messages) addMessage(message);
  for (const user of presence.online) online.add(user);
  renderOnline();
  return history;
}

function addMessage(event) {
  const list = $('messages');
  if (list.querySelector(`[data-id="${event.id}"]`)) return; // history and the poll may both bring it
  const at = String(Date.parse(event.time) || 0);
  const item = el('li', { 'data-id': event.id, 'data-time': at },
    el('span', { class: 'sender' }, event.data.sender), event.data.text, el('span', { class: 'read' }));
  // by time, not id: the id of a post sent with an Idempotency-Key is a hash, not time-ordered
  const later = [...list.children].find((li) => Number(li.dataset.time) > Number(at));
  list.insertBefore(item, later ?? null);
  list.scrollTop = list.scrollHeight;
  clearTyping(event.data.sender);
  if (event.data.sender !== session.current().user && document.visibilityState === 'visible') sendRead(event.id, Number(at));
}

function sendRead(messageId, at) {
  if (lastReadSent !== undefined && lastReadSent > at) return; // a receipt for a later message was sent
  lastReadSent = at;
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
  if (user === session.current().user || (!typing.has(user) && typing.size >= MAX_TYPING_SHOWN)) return;
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
