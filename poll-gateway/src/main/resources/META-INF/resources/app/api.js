// The signed-in user and calls to Holdline's API on this page's own origin.

// Kept per browser profile (every tab of it is signed in) together with the token's expiry (`exp`); a token without
// one is kept for this tab only (sessionStorage). A saved session whose expiry has passed is cleared when read
// (signed out), so a token does not outlive its expiry on a shared machine after the browser is closed. "Passed" is
// judged by the server's clock (the Date header of the last answer, kept as its difference from this device's
// clock); only when no answer has given one, by this device's clock - and then only to clear what an earlier page
// left in storage, never a token this page saved or saw accepted: whether a token works is the server's 401 to say,
// and then the page asks for a fresh one before it signs out.
const KEY = 'holdline.session';
const CLOCK_KEY = 'holdline.server-clock'; // the server's clock minus this device's, in ms (from a Date header)
let remembered; // the session this page last read or saved (in memory only: a sign-in by name renews from it)
let trusted; // the token this page saved or saw the server accept (the device's clock never clears it)

/** The server's clock minus this device's, in ms, as the last Date header said (undefined: none seen yet). */
function serverClockOffset() {
  const kept = localStorage.getItem(CLOCK_KEY);
  const offset = kept === null ? NaN : Number(kept);
  return Number.isFinite(offset) ? offset : undefined;
}

/** An answer's Date header: how far the server's clock is from this device's (kept for later reads). */
function learnServerClock(response) {
  const date = Date.parse(response.headers.get('Date') ?? '');
  if (Number.isFinite(date)) localStorage.setItem(CLOCK_KEY, String(date - Date.now()));
}

/** Whether a saved session's expiry has passed (see above for by which clock). */
function expired({ token, exp }) {
  const offset = serverClockOffset();
  if (offset !== undefined) return exp <= Date.now() + offset;
  return token !== trusted && exp <= Date.now(); // the device's clock, as a last resort
}

/** The token's expiry in ms since the epoch (undefined: the token has none, or is not a JWT). */
function expiryOf(token) {
  try {
    const exp = readClaims(token).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function read(storage) {
  try {
    return JSON.parse(storage.getItem(KEY) ?? 'null') ?? undefined;
  } catch {
    return undefined; // not ours: as if signed out
  }
}

export const session = {
  current() {
    const kept = read(localStorage);
    let value = kept;
    if (kept && (typeof kept.exp !== 'number' || expired(kept))) {
      localStorage.removeItem(KEY); // expired, or saved without its expiry (an older version): signed out
      value = undefined;
    }
    value ??= read(sessionStorage);
    if (value) remembered = value;
    return value;
  },
  save(value) {
    const exp = expiryOf(value.token);
    trusted = value.token;
    remembered = value;
    if (exp === undefined) { // no expiry: this tab only
      localStorage.removeItem(KEY);
      sessionStorage.setItem(KEY, JSON.stringify(value));
    } else { // replaced in one write: other tabs see a new session, never a sign-out in between
      sessionStorage.removeItem(KEY);
      localStorage.setItem(KEY, JSON.stringify({ ...value, exp }));
    }
  },
  clear() {
    localStorage.removeItem(KEY);
    sessionStorage.removeItem(KEY);
  },
  token() { return session.current()?.token; },
  key: KEY,
};

/** What a token says about its user (its signature is the services' business). */
export function claims(token) {
  const body = readClaims(token);
  return { user: body.upn ?? body.sub, admin: (body.groups ?? []).includes('admin') };
}

function readClaims(token) {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(json);
}

/** Signs in by name (development sign-in of the gateway); saves and answers the session. */
export async function signInByName(user, admin) {
  const response = await fetch('/api/dev/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, admin }) });
  learnServerClock(response);
  const body = await response.json().catch(() => undefined);
  if (response.status === 404) throw new Error('Sign-in by name is for development only: use a token from your identity provider.');
  if (!response.ok) throw new Error(body?.detail ?? `Sign-in failed (HTTP ${response.status})`);
  const value = { token: body.token, user: body.user, admin: body.admin, byName: true };
  session.save(value);
  return value;
}

let refreshing; // one refresh at a time, shared by every caller that met the same 401

/**
 * A token for the API: the saved one, or with fresh a new one (the server refused the saved one): another tab may
 * already have saved a newer token; a session signed in by name signs in again; a pasted token cannot be renewed
 * (undefined: the user signs in again).
 */
export async function token({ fresh = false } = {}, refused = session.token()) {
  const now = session.current();
  if (!fresh) return now?.token;
  if (now && now.token !== refused) return now.token; // renewed meanwhile (here or in another tab)
  const last = now ?? remembered; // (expired and cleared from storage: a sign-in by name is renewed all the same)
  if (!last?.byName) return undefined;
  refreshing ??= signInByName(last.user, last.admin).then((s) => s.token, () => undefined)
    .finally(() => { refreshing = undefined; });
  return refreshing;
}

/** No token works any more: the page asks the user to sign in again (without reloading away what they typed). */
export function signedOut() {
  window.dispatchEvent(new Event('holdline:signed-out'));
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.error = body?.error;
  }
}

/**
 * A JSON call with the user's token; answers the parsed body, throws ApiError with the server's detail. A 401 asks
 * for a fresh token and tries once more; a second 401 signs out.
 */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  let used = session.token();
  let response = await send(path, method, body, headers, used);
  if (response.status === 401) {
    const fresh = await token({ fresh: true }, used);
    if (fresh) response = await send(path, method, body, headers, fresh);
    if (response.status === 401) signedOut();
  }
  const text = await response.text();
  let parsed;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

function send(path, method, body, headers, bearer) {
  const init = { method, headers: { Authorization: `Bearer ${bearer}`, ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return fetch(path, init).then((response) => {
    learnServerClock(response);
    if (response.status !== 401) trusted = bearer;
    return response;
  });
}

/** Shortcut for document.getElementById. */
export const $ = (id) => document.getElementById(id);

/** An element with text (never HTML) and attributes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child ?? ''));
  return node;
}

/** Runs action with button disabled (no second click while the first is being sent). */
export async function whileSending(button, action) {
  button.disabled = true;
  try {
    return await action();
  } finally {
    button.disabled = false;
  }
}
