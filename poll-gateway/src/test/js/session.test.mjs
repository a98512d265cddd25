// The web app's saved session (app/api.js): kept per profile with the token's expiry, cleared once that has passed
// by the server's clock (the Date header of the last answer), the device's clock only a last resort for storage.
// Each "page" is a fresh instance of the module over one profile's storage (fakes of localStorage/sessionStorage).
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

const API = new URL('../../main/resources/META-INF/resources/app/api.js', import.meta.url).href;
let pages = 0;
const openPage = () => import(`${API}?page=${++pages}`);

const storage = () => {
  const map = new Map();
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k), map };
};
const jwt = (claims) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const HOUR = 3600_000;
const realNow = Date.now;

/** A gateway answering every call with 200 and the given Date header (undefined: none). */
const serverAt = (date) => {
  globalThis.fetch = async () => new Response('{}', { status: 200,
    headers: date === undefined ? {} : { Date: new Date(date).toUTCString() } });
};

beforeEach(() => {
  globalThis.localStorage = storage();
  globalThis.sessionStorage = storage();
  serverAt(undefined);
});
afterEach(() => { Date.now = realNow; });

test('a session is kept per profile with its token\'s exp: a new page is signed in', async () => {
  const exp = Math.floor(realNow() / 1000) + 3600;
  const first = await openPage();
  first.session.save({ token: jwt({ sub: 'alice', exp }), user: 'alice' });
  assert.equal(JSON.parse(localStorage.getItem('holdline.session')).exp, exp * 1000);
  const second = await openPage();
  assert.equal(second.session.current()?.user, 'alice');
});

test('once the server\'s Date is past the token\'s exp, the saved session is cleared when read (signed out)', async () => {
  const exp = Math.floor(realNow() / 1000) + 60;
  const page = await openPage();
  page.session.save({ token: jwt({ sub: 'alice', exp }), user: 'alice' });
  serverAt(realNow()); // the server's clock: before exp
  await page.api('/api/images');
  assert.equal(page.session.current()?.user, 'alice');
  serverAt(realNow() + 2 * 60_000); // the server's clock: after exp (this device's clock still before)
  await page.api('/api/images');
  assert.equal(page.session.current(), undefined);
  assert.equal(localStorage.getItem('holdline.session'), null);
});

test('a device clock far ahead does not sign a new page out: the server\'s clock, as last seen, decides', async () => {
  const exp = Math.floor(realNow() / 1000) + 3600;
  Date.now = () => realNow() + 24 * HOUR; // this device's clock a day ahead
  serverAt(realNow());
  const first = await openPage();
  first.session.save({ token: jwt({ sub: 'alice', exp }), user: 'alice' });
  await first.api('/api/images');
  const second = await openPage(); // a new tab (or the browser opened again) on this device
  assert.equal(second.session.current()?.user, 'alice');
});

test('with no server Date seen, the device\'s clock clears an expired session left in storage, never this page\'s own', async () => {
  const exp = Math.floor(realNow() / 1000) + 3600;
  const first = await openPage();
  first.session.save({ token: jwt({ sub: 'alice', exp }), user: 'alice' });
  Date.now = () => realNow() + 2 * HOUR; // past exp by this device's clock only
  assert.equal(first.session.current()?.user, 'alice', 'the page that saved it keeps it: the server\'s 401 decides');
  const later = await openPage(); // e.g. the browser opened again after the token's end
  assert.equal(later.session.current(), undefined);
  assert.equal(localStorage.getItem('holdline.session'), null);
});

test('a token without exp is kept for its tab only (sessionStorage), not for the profile', async () => {
  const page = await openPage();
  page.session.save({ token: jwt({ sub: 'alice' }), user: 'alice' });
  assert.equal(localStorage.getItem('holdline.session'), null);
  assert.equal(page.session.current()?.user, 'alice');
});

test('a session saved without its expiry (an older version) is not kept', async () => {
  localStorage.setItem('holdline.session', JSON.stringify({ token: jwt({ sub: 'alice', exp: 9_999_999_999 }), user: 'alice' }));
  const page = await openPage();
  assert.equal(page.session.current(), undefined);
  assert.equal(localStorage.getItem('holdline.session'), null);
});
