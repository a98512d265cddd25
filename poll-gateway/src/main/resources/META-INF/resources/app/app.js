// The Holdline web app: sign-in, pages by #hash, the connection indicator, notifications and gaps. The page has ONE
// HoldlineClient: the user's channel, broadcasts, the chat room and the leaderboard's long-poll fallback are its
// subscriptions on one poll, which the user's tabs share (one of them holds it).
import { HoldlineClient } from '/client/holdline.js';
import { $, api, claims, el, session, signInByName, signedOut, token } from './api.js';
import { loadGallery, setUpImages } from './images.js';
import { leaveRoom, rejoin, setUpChat } from './chat.js';
import { setUpLeaderboard, showLeaderboard, stopLeaderboard } from './leaderboard.js';
import { setUpWebhooks, showWebhooks } from './webhooks.js';

const PAGES = ['images', 'chat', 'leaderboard', 'webhooks'];
const BANNER_SHOWN_MS = 8000; // a banner hides by itself after this long (or when dismissed)
const STATE_LABELS = { connecting: 'connecting…', connected: 'live', disconnected: 'reconnecting…',
  unauthorized: 'signed out', stopped: 'offline' };

let client; // the page's one client (created at the first sign-in, started again after a later one)
let signedInAs; // the user the page shows

/** The user's own channel and broadcasts, by event type ('*': every event): notifications, images, orders. */
const userEvents = {
  handlers: new Map(),
  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(handler);
  },
  dispatch(event) {
    for (const handler of [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])]) {
      try {
        handler(event);
      } catch (e) {
        console.error(e);
      }
    }
  },
};

/** The connection indicator: the client's state (connecting, connected, disconnected with its reason, ...). */
function showState({ state, reason }) {
  const badge = $('connection');
  badge.dataset.state = state;
  badge.textContent = STATE_LABELS[state] ?? state;
  badge.title = reason ? `${state}: ${reason}` : state;
  if (state === 'unauthorized') signedOut(); // a fresh token was asked for and refused too
  if (reason === 'user_changed') location.reload(); // the token names another user now: the page is theirs
}

let bannerTimer;

/** A message over the page that hides after a few seconds, or at once with its Dismiss button. */
function banner(text) {
  $('banner-text').textContent = text;
  $('banner').hidden = false;
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(hideBanner, BANNER_SHOWN_MS);
}

function hideBanner() {
  clearTimeout(bannerTimer);
  $('banner').hidden = true;
}

/**
 * The page's client. Its first channels start from the gateway's "now", asked for before the page reads its state:
 * nothing published while the page loads is lost, and nothing older is replayed (the page has just read it).
 */
async function createClient(me) {
  const now = await api('/api/poll/cursor').then((answer) => answer.cursor, () => undefined); // else: from now
  const created = new HoldlineClient({ token: (options) => token(options), shareAcrossTabs: true });
  created.on('state', showState);
  created.on('gap', ({ channel }) => { // the room and the board handle their own channels' gaps
    if (channel && channel !== `user:${me.user}` && channel !== 'broadcast' && channel !== 'role:admin') return;
    banner('Some updates were missed while you were away; the page was read again.');
    show(currentPage()); // the page's state read again
  });
  created.on('error', (error) => console.warn('holdline:', error));
  created.subscribe(`user:${me.user}`, (event) => userEvents.dispatch(event), { cursor: now });
  created.subscribe('broadcast', (event) => userEvents.dispatch(event), { cursor: now });
  // operators' notices (a webhook subscription disabled) go to the holders of the admin role, not to a user name
  if (me.admin) created.subscribe('role:admin', (event) => userEvents.dispatch(event), { cursor: now });
  return created;
}

let starting; // the first start, while its client is being made

async function start() {
  const me = session.current();
  if (signedInAs && signedInAs !== me.user) {
    location.reload(); // another user signed in (here or in another tab): nothing of the last one stays
    return;
  }
  $('login').hidden = true;
  $('nav').hidden = false;
  $('sign-out').hidden = false;
  $('nav-webhooks').hidden = !me.admin;
  $('whoami').textContent = me.user + (me.admin ? ' (admin)' : '');
  if (client) { // signed in again after a refused token: the page and what was typed in it are as they were
    client.start();
    show(currentPage());
    return;
  }
  if (starting) return;
  signedInAs = me.user;
  starting = createClient(me);
  client = await starting;
  userEvents.on('notification', (event) => {
    $('notifications').prepend(el('li', {}, el('strong', {}, event.data.title), ' ', event.data.body ?? ''));
    banner(`Notification: ${event.data.title}`);
  });
  setUpImages(userEvents);
  setUpChat(client, banner);
  setUpLeaderboard(client, userEvents);
  setUpWebhooks();
  client.start();
  show(currentPage());
}

function currentPage() {
  const page = location.hash.slice(1);
  return PAGES.includes(page) ? page : 'images';
}

async function show(page) {
  const me = session.current();
  if (!me || !client || !$('login').hidden) return; // (signing in again: the page stays as it is until then)
  if (page === 'webhooks' && !me.admin) page = 'images';
  for (const name of PAGES) {
    $(name).hidden = name !== page;
    const link = document.querySelector(`nav a[href="#${name}"]`);
    if (name === page) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  if (page !== 'leaderboard') stopLeaderboard();
  if (page !== 'chat') leaveRoom();
  try {
    if (page === 'chat') await rejoin();
    if (page === 'images') await loadGallery();
    if (page === 'leaderboard') await showLeaderboard(me.admin);
    if (page === 'webhooks') await showWebhooks();
  } catch (error) {
    banner(error.status === 503 ? 'A service is unavailable right now; try again in a moment.' : error.message);
  }
}

/** The token was refused and no fresh one came: sign in again over the page, which stays as it is. */
function askToSignInAgain() {
  if (!$('login').hidden) return;
  client?.stop();
  const me = session.current();
  $('login').hidden = false;
  for (const name of PAGES) $(name).hidden = true;
  $('nav').hidden = true;
  $('login-error').textContent = 'Your session has ended: sign in again to go on (what you typed is kept).';
  if (me?.user) $('login-user').value = me.user;
  $('login-user').focus();
}

window.addEventListener('hashchange', () => show(currentPage()));
window.addEventListener('holdline:signed-out', askToSignInAgain);
window.addEventListener('storage', (e) => { // another tab of this profile signed in or out
  if (e.key !== session.key) return;
  const now = session.current();
  if (!now) location.reload(); // signed out there (or the session expired): here too
  else if (signedInAs && now.user !== signedInAs) location.reload(); // another user signed in: nothing of this one stays
  else if (!signedInAs || !$('login').hidden) start();
});

$('banner-dismiss').addEventListener('click', hideBanner);
$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = e.target.querySelector('button');
  button.disabled = true;
  try {
    await signInByName($('login-user').value.trim(), $('login-admin').checked);
    $('login-error').textContent = '';
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
    const pasted = $('login-token').value.trim();
    session.save({ token: pasted, ...claims(pasted) });
  } catch {
    $('login-error').textContent = 'That is not a JWT.';
    return;
  }
  $('login-error').textContent = '';
  start();
});
$('sign-out').addEventListener('click', async () => {
  try {
    leaveRoom();
    stopLeaderboard();
    client?.stop();
    await api('/api/poll/disconnect', { method: 'POST' }); // offline at once in the user's rooms
  } catch {
    // signed out all the same
  } finally {
    session.clear();
    location.hash = '';
    location.reload();
  }
});

if (session.current()) start();
else $('login-user').focus();
