// The signed-in user and calls to Holdline's API on this page's own origin.

// Kept per browser profile (every tab of it is signed in), never judged by the device's clock: the server's 401 says
// when a token no longer works, and then the page asks for a fresh one before it signs out.
const KEY = 'holdline.session';

export const session = {
  current() {
    try {
      return JSON.parse(localStorage.getItem(KEY) ?? 'null') ?? undefined;
    } catch {
      return undefined; // not ours: as if signed out
    }
  },
  save(value) { localStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { localStorage.removeItem(KEY); },
  token() { return session.current()?.token; },
  key: KEY,
};

/** What a token says about its user (its signature is the services' business). */
export function claims(token) {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const body = JSON.parse(json);
  return { user: body.upn ?? body.sub, admin: (body.groups ?? []).includes('admin') };
}

/** Signs in by name (development sign-in of the gateway); saves and answers the session. */
export async function signInByName(user, admin) {
  const response = await fetch('/api/dev/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, admin }) });
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
  if (!fresh || !now) return now?.token;
  if (now.token !== refused) return now.token; // renewed meanwhile (here or in another tab)
  if (!now.byName) return undefined;
  refreshing ??= signInByName(now.user, now.admin).then((s) => s.token, () => undefined)
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
  return fetch(path, init);
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
