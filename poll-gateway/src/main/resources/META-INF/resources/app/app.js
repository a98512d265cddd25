// The Holdline web app: sign-in, pages by #hash, the connection indicator, notifications and gaps.
import { HoldlineClient } from '/client/holdline.js';
import { $, claims, el, session, signedOut } from './api.js';
import { loadGallery, setUpImages } from './images.js';
import { leaveRoom, rejoin, setUpChat } from './chat.js';
import { setUpLeaderboard, showLeaderboard, stopLeaderboard } from './leaderboard.js';
import { setUpWebhooks, showWebhooks } from './webhooks.js';

const PAGES = ['images', 'chat', 'leaderboard', 'webhooks'];
const LIVE_AFTER_MS = 1000; // a poll held this long without failing means the server is reachable

/** Watches every long-poll and socket request of the page: live, reconnecting or offline. */
const connection = {
  set(state) {
    const badge = $('connection');
    badge.dataset.state = state;
    badge.textContent = state;
  },
  async fetch(url, init) {
    const held = setTimeout(() => connection.set('live'), LIVE_AFTER_MS);
    try {
      const response = await fetch(url, init);
      if (response.status === 401) signedOut();
      if (response.ok) connection.set('live');
      else if (response.status >= 500) connection.set('reconnecting');
      return response;
    } catch (e) {
      if (e.name !== 'AbortError') connection.set(navigator.onLine ? 'reconnecting' : 'offline');
      throw e;
    } finally {
      clearTimeout(held);
    }
  },
};

let events; // the user's own channel and broadcasts: notifications, image progress, order confirmations

function banner(text) {
  const node = $('banner');
  node.textContent = text;
  node.hidden = false;
}

async function signIn(user, admin) {
  const response = await fetch('/api/dev/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, admin }) });
  const body = await response.json().catch(() => undefined);
  if (response.status === 404) throw new Error('Sign-in by name is for development only: use a token from your identity provider.');
  if (!response.ok) throw new Error(body?.detail ?? `Sign-in failed (HTTP ${response.status})`);
  session.save(body);
}

function start() {
  if (events) return; // already started (a second submit of the sign-in form)
  const me = session.current();
  $('login').hidden = true;
  $('nav').hidden = false;
  $('sign-out').hidden = false;
  $('nav-webhooks').hidden = !me.admin;
  $('whoami').textContent = me.user + (me.admin ? ' (admin)' : '');
  events = new HoldlineClient({ token: () => session.token(), channels: [`user:${me.user}`, 'broadcast'],
    fetch: connection.fetch, persistKey: `holdline.cursor.${me.user}` });
  events.on('notification', (event) => {
    $('notifications').prepend(el('li', {}, el('strong', {}, event.data.title), ' ', event.data.body ?? ''));
    banner(`Notification: ${event.data.title}`);
  });
  events.on('gap', () => {
    banner('Some updates were missed while you were away; the page was refreshed.');
    show(currentPage(), true);
  });
  events.start();
  setUpImages(events);
  setUpChat(connection, banner);
  setUpLeaderboard(events, connection);
  setUpWebhooks();
  show(currentPage());
}

function currentPage() {
  const page = location.hash.slice(1);
  return PAGES.includes(page) ? page : 'images';
}

async function show(page, refresh = false) {
  const me = session.current();
  if (!me) {
    signedOut(); // the token expired
    return;
  }
  if (page === 'webhooks' && !me.admin) page = 'images';
  for (const name of PAGES) {
    $(name).hidden = name !== page;
    const link = document.querySelector(`nav a[href="#${name}"]`);
    if (name === page) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  if (page !== 'leaderboard') await stopLeaderboard();
  if (page !== 'chat') await leaveRoom();
  if (page === 'chat') rejoin(connection, banner);
  try {
    if (page === 'images') await loadGallery();
    if (page === 'leaderboard') await showLeaderboard(events, connection, me.admin);
    if (page === 'webhooks') await showWebhooks();
  } catch (error) {
    banner(error.status === 503 ? 'A service is unavailable right now; try again in a moment.' : error.message);
  }
  if (refresh && page === 'chat') $('room-form').requestSubmit();
}

window.addEventListener('hashchange', () => show(currentPage()));
window.addEventListener('offline', () => connection.set('offline'));
window.addEventListener('online', () => connection.set('reconnecting'));

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = e.target.querySelector('button');
  button.disabled = true;
  try {
    await signIn($('login-user').value.trim(), $('login-admin').checked);
    start();
  } catch (error) {
    $('login-error').textContent = error.message;
  } finally {
    button.disabled = false;
  }
});
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  try {
    const token = $('login-token').value.trim();
    session.save({ token, ...claims(token) });
    start();
  } catch {
    $('login-error').textContent = 'That is not a JWT.';
  }
});
async function signOut(tellServer) {
  try {
    await leaveRoom();
    await stopLeaderboard();
    if (tellServer) await events?.disconnect(); else await events?.stop();
  } finally {
    session.clear();
    location.hash = '';
    location.reload();
  }
}

$('sign-out').addEventListener('click', () => signOut(true));
let signingOut = false;
window.addEventListener('holdline:signed-out', () => { // the token expired or was refused
  if (signingOut || !events) return;
  signingOut = true;
  signOut(false);
});

if (session.current()) start();
else $('login-user').focus();
