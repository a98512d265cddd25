// The signed-in user and calls to Holdline's API on this page's own origin.

const KEY = 'holdline.session';

export const session = {
  current() {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (!saved || (saved.expiresAt && Date.parse(saved.expiresAt) <= Date.now())) return undefined;
    return saved;
  },
  save(value) { sessionStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { sessionStorage.removeItem(KEY); },
  token() { return session.current()?.token; },
};

/** What a token says about its user (its signature is the services' business). */
export function claims(token) {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const body = JSON.parse(json);
  return { user: body.upn ?? body.sub, admin: (body.groups ?? []).includes('admin'),
    expiresAt: body.exp ? new Date(body.exp * 1000).toISOString() : undefined };
}

/** The token was refused (expired, or from another key): the page asks the user to sign in again. */
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

/** A JSON call with the user's token; answers the parsed body, throws ApiError with the server's detail. */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, headers: { Authorization: `Bearer ${session.token()}`, ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401) signedOut();
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
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
