// Holdline client (@holdline/client): a dependency-free ES module for browsers and Node 18+.
//   import { HoldlineClient } from '@holdline/client';        // or '/client/holdline.js' from the gateway
//   const client = new HoldlineClient({ token: ({ fresh }) => getToken(fresh) });
//   const room = client.subscribe('room:tabs', (event) => show(event.data));
//   client.on('state', ({ state, reason }) => indicator(state, reason));
//   client.on('gap', ({ channel }) => refetch(channel));
//   client.start();
// One long-poll carries every subscribed channel; the tabs of one user share one poll (a leader tab holds it).
// Wire protocol and API: docs/client.md and docs/protocol.md. Types: holdline.d.ts beside this file.

export const VERSION = '0.1.0';
/** The wire protocol this client speaks (sent as the Holdline-Protocol request header). */
export const PROTOCOL = '1';
const MAX_CHANNELS = 32;
const FINAL = new Set(['COMPLETED', 'FAILED', 'DELETED']);
// a tab that left says so (pagehide); this only forgets tabs that crashed. Long, because browsers run the timers
// of hidden tabs as rarely as once a minute, and a live tab's channels must never fall out of the poll
const MEMBER_TTL_MS = 600000;
const HEARTBEAT_MS = 5000;
const MAX_MEMBERS = 64;

/** Sleeps ms, or less if signal aborts. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** Full-jitter exponential backoff: a random delay in [0, min(cap, base * 2^attempt)). */
export function backoffDelay(attempt, { baseMs = 500, capMs = 30000, random = Math.random } = {}) {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** A fresh Idempotency-Key for one chat post (a UUID: 36 of [0-9a-f-], as the gateway accepts). */
export function newIdempotencyKey() {
  return globalThis.crypto.randomUUID();
}

/** Retry-After (delta-seconds or an HTTP date) in milliseconds, or undefined. */
export function retryAfterMs(value, now = Date.now()) {
  if (value === null || value === undefined || value === '') return undefined;
  if (/^\d+$/.test(String(value).trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A cursor's place in its stream: {epoch, offset}, or undefined if it is not one this protocol knows.
 * Cursors are `c<offset base 36>` or `c<offset base 36>.<epoch>` (docs/protocol.md).
 */
export function parseCursor(cursor) {
  const match = /^c([0-9a-z]+)(?:\.([0-9a-z]+))?$/.exec(cursor ?? '');
  if (!match) return undefined;
  return { offset: parseInt(match[1], 36), epoch: match[2] ?? '' };
}

/** -1, 0 or 1 for two cursors of one epoch; undefined when they cannot be compared. */
export function compareCursors(a, b) {
  const x = parseCursor(a);
  const y = parseCursor(b);
  if (!x || !y || x.epoch !== y.epoch) return undefined;
  return Math.sign(x.offset - y.offset);
}

/** The later of two cursors; the newer one when they cannot be compared (another epoch: the server's word). */
function later(known, next) {
  if (known === undefined) return next;
  if (next === undefined) return known;
  return compareCursors(known, next) === 1 ? known : next;
}

/** The older of two cursors (undefined ones ignored). */
function older(a, b) {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareCursors(a, b) === 1 ? b : a;
}

/** The subject (`sub`) of a JWT, without checking it (the server does): which user's tabs share a poll. */
function subjectOf(token) {
  try {
    const part = String(token).split('.')[1];
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(json).sub;
  } catch {
    return undefined;
  }
}

/** Thrown where a token of another user than the run's turns up; the client has stopped by then. */
class UserChanged extends Error {
  constructor() {
    super('the token names another user');
  }
}

export class HoldlineError extends Error {
  constructor(status, body, retryAfter) {
    super(body?.detail || `HTTP ${status}`);
    this.status = status;
    this.error = body?.error;
    this.retryAfterMs = retryAfter;
  }
}

/** on/off/emit: a handler that throws is reported as 'error', never breaks the loop. */
class Emitter {
  constructor() {
    this._handlers = new Map();
  }

  /** Adds a handler; returns a function that removes it. */
  on(type, handler) {
    if (!this._handlers.has(type)) this._handlers.set(type, new Set());
    this._handlers.get(type).add(handler);
    return () => this.off(type, handler);
  }

  off(type, handler) {
    this._handlers.get(type)?.delete(handler);
  }

  _emit(type, payload) {
    for (const handler of [...(this._handlers.get(type) ?? [])]) {
      try {
        handler(payload);
      } catch (e) {
        if (type !== 'error') this._reportHandlerError(e);
      }
    }
  }

  _reportHandlerError(e) {
    this._emit('error', e);
  }
}

/** One channel's handlers on a client: `event` for its events, `gap` when some were missed, `error`. */
export class Subscription extends Emitter {
  constructor(client, channel) {
    super();
    this.client = client;
    this.channel = channel;
    this.active = true;
  }

  /** The last cursor delivered on this channel. */
  cursor() {
    return this.client.cursor(this.channel);
  }

  /** Stops this subscription; the poll goes on without the channel once no other subscription holds it. */
  unsubscribe() {
    if (!this.active) return;
    this.active = false;
    this.client._removeSubscription(this);
  }

  _reportHandlerError(e) {
    this.client._emit('error', e);
  }
}

/**
 * The tabs of one user on one origin: one of them (the leader, chosen by a Web Lock, else a lease in
 * localStorage) holds the poll for the union of everyone's channels and shares each answer over a
 * BroadcastChannel; the others send it their channels. A leader that goes away is replaced by one that
 * resumes from the cursors it last shared, so nothing is missed.
 */
class TabGroup {
  constructor(client, key, { BroadcastChannel: Channel, locks, storage }) {
    this.client = client;
    this.key = key;
    this.id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.Channel = Channel;
    this.locks = locks;
    this.storage = storage;
    this.members = new Map(); // id -> {channels, positions, seen}
    this.polled = new Map(); // channel -> the cursor the leader's last answer left it at
    this.leading = false;
    this.closed = false;
  }

  /** Whether tabs can be shared here at all. */
  static available({ BroadcastChannel: Channel, locks, storage }) {
    return typeof Channel === 'function' && (typeof locks?.request === 'function' || !!storage);
  }

  join() {
    this.channel = new this.Channel(`holdline:${this.key}`);
    this.channel.onmessage = (message) => this._receive(message.data);
    this.heartbeat = setInterval(() => this._tick(), HEARTBEAT_MS);
    this.announce();
    if (typeof this.locks?.request === 'function') {
      this.lockAbort = new AbortController();
      this.locks.request(`holdline-leader:${this.key}`, { signal: this.lockAbort.signal }, () => {
        if (this.closed) return undefined;
        return new Promise((release) => {
          this.release = release;
          this._lead();
        });
      }).catch(() => { /* aborted: this tab left before it led */ });
    } else {
      this._claimLease();
      this.leaseTimer = setInterval(() => this._claimLease(), 1000);
    }
  }

  /** This tab's channels and cursors, to the leader. */
  announce() {
    const { channels, positions } = this.client._ownState();
    this._post({ t: 'subs', id: this.id, channels, positions });
    if (this.leading) this.client._channelsChanged();
  }

  /** A follower whose network or page came back asks the leader to poll at once. */
  wake() {
    this._post({ t: 'wake', id: this.id });
  }

  /** The leader's answer, to every follower. */
  share(answer) {
    if (answer.cursor !== undefined) {
      for (const channel of answer.channels) this.polled.set(channel, answer.cursor);
    }
    this._post({ t: 'answer', id: this.id, ...answer });
  }

  shareState(state, reason) {
    this._post({ t: 'state', id: this.id, state, reason });
  }

  /** The server refused a channel: every tab drops it (else its owner would ask for it again and again). */
  shareRefusal(channel, error) {
    for (const member of this.members.values()) member.channels = member.channels.filter((c) => c !== channel);
    this._post({ t: 'refused', id: this.id, channel, status: error.status, error: error.error, detail: error.message });
  }

  /** Every member's channels, and the oldest cursor each is known at (the leader's poll). */
  union() {
    const positions = {};
    const channels = new Set();
    const own = this.client._ownState();
    const now = Date.now();
    for (const [id, member] of this.members) {
      if (now - member.seen > MEMBER_TTL_MS) this.members.delete(id);
    }
    for (const member of [own, ...this.members.values()]) {
      for (const channel of member.channels) {
        channels.add(channel);
        if (member.positions?.[channel] !== undefined) positions[channel] = older(positions[channel], member.positions[channel]);
      }
    }
    for (const channel of [...this.polled.keys()]) {
      if (channels.has(channel)) positions[channel] = this.polled.get(channel); // where this leader's poll got to
      else this.polled.delete(channel);
    }
    return { channels: [...channels], positions };
  }

  leave() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearInterval(this.leaseTimer);
    const { positions } = this.client._ownState();
    this._post({ t: 'bye', id: this.id, positions });
    if (this.leading) this._resign();
    this.lockAbort?.abort();
    this.release?.();
    if (this.storage && this._leaseHolder() === this.id) this.storage.removeItem(this._leaseKey());
    try { this.channel?.close(); } catch { /* closed already */ }
  }

  _lead() {
    if (this.closed || this.leading) return;
    this.leading = true;
    this.polled.clear();
    this._post({ t: 'hello', id: this.id }); // members answer with their channels and cursors
    this.client._becameLeader();
  }

  _resign() {
    this.leading = false;
    this.client._lostLeadership();
  }

  _tick() {
    this.announce();
    if (this.leading) this.shareState(this.client.state, this.client.reason);
  }

  _receive(message) {
    if (!message || message.id === this.id || this.closed) return;
    switch (message.t) {
      case 'subs':
        if (this.members.size >= MAX_MEMBERS && !this.members.has(message.id)) return;
        if (this.leading) {
          if (!this.members.has(message.id)) this.shareState(this.client.state, this.client.reason);
          const before = JSON.stringify(this.members.get(message.id)?.channels ?? []);
          this.members.set(message.id, { channels: message.channels ?? [], positions: message.positions ?? {}, seen: Date.now() });
          if (before !== JSON.stringify(message.channels ?? [])) this.client._channelsChanged();
        }
        break;
      case 'bye':
        this.members.delete(message.id);
        this.client._learnPositions(message.positions);
        if (this.leading) this.client._channelsChanged();
        break;
      case 'hello':
        this.members.clear();
        if (this.leading && this.storage) this._resign(); // two leases at once: the newer lease holder leads
        this.announce();
        break;
      case 'wake':
        if (this.leading) this.client.wake();
        break;
      case 'answer':
        if (!this.leading) this.client._receiveShared(message);
        break;
      case 'state':
        if (!this.leading) this.client._setState(message.state, message.reason);
        break;
      case 'refused':
        this.client._refuseChannel(message.channel,
          new HoldlineError(message.status, { error: message.error, detail: message.detail }));
        break;
      default:
    }
  }

  _post(message) {
    try {
      this.channel?.postMessage(message);
    } catch { /* closed */ }
  }

  // --- the localStorage lease, where Web Locks are missing ---------------------------------------------
  _leaseKey() {
    return `holdline-leader:${this.key}`;
  }

  _leaseHolder() {
    try {
      const lease = JSON.parse(this.storage.getItem(this._leaseKey()) ?? 'null');
      return lease && lease.until > Date.now() ? lease.id : undefined;
    } catch {
      return undefined;
    }
  }

  _claimLease() {
    if (this.closed) return;
    const holder = this._leaseHolder();
    if (holder === undefined || holder === this.id) {
      this.storage.setItem(this._leaseKey(), JSON.stringify({ id: this.id, until: Date.now() + 3000 }));
      if (!this.leading && this._leaseHolder() === this.id) this._lead();
    } else if (this.leading) {
      this._resign();
    }
  }
}

export class HoldlineClient extends Emitter {
  constructor({ baseUrl = '', token, channels = [], timeout = 25, limit, requestTimeoutMs, cursorStore, persistKey,
    storage, shareAcrossTabs = true, shareKey, fetch: fetchImpl = globalThis.fetch?.bind(globalThis), backoff = {},
    dedupeWindow = 1000, environment = globalThis, BroadcastChannel: Channel = globalThis.BroadcastChannel,
    locks = globalThis.navigator?.locks, leaseStorage } = {}) {
    super();
    if (!Array.isArray(channels)) throw new TypeError('channels: an array is expected');
    if (!fetchImpl) throw new TypeError('fetch: none available');
    if (token === undefined) throw new TypeError('token: a string or a function is expected');
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = token;
    this.timeout = timeout;
    this.limit = limit;
    this.requestTimeoutMs = requestTimeoutMs ?? timeout * 1000 + 5000;
    this.cursorStore = cursorStore ?? storage;
    this.persistKey = persistKey;
    this.fetch = fetchImpl;
    this.backoff = backoff;
    this.dedupeWindow = dedupeWindow;
    this.environment = environment;
    this.sharing = { enabled: shareAcrossTabs, key: shareKey, BroadcastChannel: Channel, locks,
      storage: leaseStorage ?? (locks ? undefined : environment?.localStorage) };
    this.subscriptions = new Map(); // channel -> Set<Subscription>
    this.positions = new Map(); // channel -> last cursor delivered on it
    this.seen = new Set();
    this.state = 'stopped';
    this.reason = undefined;
    this.subject = undefined; // the token's user (`sub`) this run polls for: another one stops the client
    this.running = false;
    this.generation = 0;
    this.loop = undefined;
    for (const channel of channels) this._add(channel);
  }

  // --- the API ---------------------------------------------------------------------------------------

  /**
   * Receives `channel`'s events from now (or after `options.cursor`) on this client's one poll, which is
   * restarted at once with the new set of channels. Returns the subscription.
   */
  subscribe(channel, handler, { cursor } = {}) {
    if (typeof channel !== 'string' || channel === '') throw new TypeError('channel: a name is expected');
    const subscription = this._add(channel, cursor);
    if (handler) subscription.on('event', handler);
    return subscription;
  }

  /** The channels subscribed to in this tab. */
  channels() {
    return [...this.subscriptions.keys()];
  }

  /** The last cursor seen on a channel (undefined before its first answer). */
  cursor(channel) {
    return this.positions.get(channel);
  }

  /** Starts polling (idempotent). A stop() not yet finished is superseded: one loop runs. */
  start() {
    if (this.running) return this;
    this.running = true;
    this.subject = undefined; // a new run belongs to whoever the token names now
    const generation = ++this.generation;
    this._setState('connecting');
    this._listen();
    this.loop = this._begin(generation);
    return this;
  }

  /** Stops polling, aborts the request under way and leaves the tab group (idempotent). */
  stop() {
    if (!this.running) return this.loop ?? Promise.resolve();
    this.running = false;
    this.generation++;
    this.group?.leave();
    this.group = undefined;
    this.leader = false;
    this._unlisten();
    this.controller?.abort();
    this.sleeper?.abort();
    this.wakeFromIdle?.();
    this._setState('stopped');
    return this.loop ?? Promise.resolve();
  }

  /** Stops, and tells the server at once that this user is offline. */
  async disconnect() {
    await this.stop();
    try {
      await this.fetch(`${this.baseUrl}/api/poll/disconnect`, { method: 'POST', headers: await this._headers(false) });
    } catch (e) {
      this._emit('error', e);
    }
  }

  /**
   * Says `text` in `room` (POST /api/rooms/{room}/messages) with an Idempotency-Key, made once per call and sent
   * again on every retry (after a network error, 429, 502, 503 or 504; at most `retries` more tries): a retry of a
   * post that did arrive is the same message, shown once. Answers {id, room}; throws the last HoldlineError.
   */
  async sendMessage(room, text, { retries = 3, idempotencyKey = newIdempotencyKey() } = {}) {
    for (let attempt = 0; ; attempt++) {
      let delayMs;
      try {
        const headers = { ...await this._headers(attempt > 0), 'Content-Type': 'application/json',
          'Idempotency-Key': idempotencyKey };
        const response = await this.fetch(`${this.baseUrl}/api/rooms/${encodeURIComponent(room)}/messages`,
          { method: 'POST', headers, body: JSON.stringify({ text }) });
        const answer = await response.json().catch(() => undefined);
        if (response.ok) return answer;
        const error = new HoldlineError(response.status, answer, retryAfterMs(response.headers?.get?.('Retry-After')));
        if (![429, 502, 503, 504].includes(response.status) || attempt >= retries) throw error;
        delayMs = error.retryAfterMs;
      } catch (e) {
        if (e instanceof HoldlineError || attempt >= retries) throw e;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs ?? backoffDelay(attempt, this.backoff)));
    }
  }

  /** Polls at once: the network or the page came back. The request under way is replaced by a fresh one. */
  wake() {
    if (!this.running) return;
    this._emit('wake');
    if (!this.leader) {
      this.group?.wake();
      return;
    }
    this.sleeper?.abort();
    if (this.controller && Date.now() - this.requestStarted > 1000) {
      this.restartRequested = true;
      this.controller.abort();
    }
  }

  // --- subscriptions ---------------------------------------------------------------------------------

  _add(channel, cursor) {
    const subscription = new Subscription(this, channel);
    const isNew = !this.subscriptions.has(channel);
    if (isNew) this.subscriptions.set(channel, new Set());
    this.subscriptions.get(channel).add(subscription);
    if (cursor !== undefined) {
      this.positions.set(channel, cursor);
      this.group?.polled.delete(channel); // asked from a given cursor: not from where the shared poll is
    } else if (isNew && !this.positions.has(channel)) {
      const stored = this._stored();
      const saved = stored[channel] ?? stored['*'];
      const now = this._latest();
      if (saved !== undefined) this.positions.set(channel, saved);
      else if (now !== undefined) this.positions.set(channel, now); // from now: no older event of this channel
    }
    if (isNew || cursor !== undefined) this._ownChannelsChanged();
    return subscription;
  }

  _removeSubscription(subscription) {
    const set = this.subscriptions.get(subscription.channel);
    if (!set?.delete(subscription) || set.size > 0) return;
    this.subscriptions.delete(subscription.channel);
    this.positions.delete(subscription.channel);
    this._ownChannelsChanged();
  }

  /** A channel the server refused: its subscriptions get the error and end. */
  _refuseChannel(channel, error) {
    for (const subscription of [...(this.subscriptions.get(channel) ?? [])]) {
      subscription._emit('error', error);
      subscription.unsubscribe();
    }
  }

  /** This tab's channels and cursors (what it tells a leader). */
  _ownState() {
    const positions = {};
    for (const channel of this.subscriptions.keys()) {
      if (this.positions.has(channel)) positions[channel] = this.positions.get(channel);
    }
    return { channels: [...this.subscriptions.keys()], positions };
  }

  _ownChannelsChanged() {
    if (!this.running) return;
    if (this.group) this.group.announce();
    else this._channelsChanged();
  }

  /** The poll's channels changed: the held request is replaced (once per tick, however many changes). */
  _channelsChanged() {
    if (!this.running || !this.leader || this.changePending) return;
    this.changePending = true;
    queueMicrotask(() => {
      this.changePending = false;
      this.wakeFromIdle?.();
      this.sleeper?.abort();
      if (this.controller) {
        this.restartRequested = true;
        this.controller.abort();
      }
    });
  }

  /** Cursors another tab had reached (a leaving tab): a later leader resumes from them. */
  _learnPositions(positions) {
    for (const [channel, cursor] of Object.entries(positions ?? {})) {
      if (this.subscriptions.has(channel)) this.positions.set(channel, later(this.positions.get(channel), cursor));
    }
  }

  _latest() {
    let latest;
    for (const cursor of this.positions.values()) latest = later(latest, cursor);
    return latest;
  }

  // --- the loop --------------------------------------------------------------------------------------

  async _begin(generation) {
    let key;
    // tabs are a page's notion: in Node (no document) only clients given a shareKey share
    const page = this.environment?.document !== undefined || this.sharing.key !== undefined;
    if (this.sharing.enabled && page && TabGroup.available(this.sharing)) {
      try {
        key = this.sharing.key ?? await this._shareKey();
      } catch (e) {
        if (!(e instanceof UserChanged)) this._emit('error', e);
      }
    }
    if (generation !== this.generation) return;
    if (key) {
      this.sharedKey = key;
      this._joinGroup();
    } else {
      this.leader = true;
      await this._run(generation);
    }
  }

  _joinGroup() {
    this.group = new TabGroup(this, this.sharedKey, this.sharing);
    this.group.join();
  }

  async _shareKey() {
    const subject = subjectOf(await this._resolveToken(false));
    if (!subject) return undefined;
    const origin = this.environment?.location?.origin ?? '';
    return `${origin}|${this.baseUrl}|${subject}`;
  }

  _becameLeader() {
    if (!this.running || this.leader) return;
    this.leader = true;
    const generation = this.generation;
    this.loop = this._run(generation);
  }

  _lostLeadership() {
    if (!this.leader) return;
    this.leader = false;
    this.controller?.abort();
    this.sleeper?.abort();
    this.wakeFromIdle?.();
  }

  /** What this poll asks for: the channels (own, or every tab's) and the oldest cursor among them. */
  _pollRequest() {
    const { channels, positions } = this.group ? this.group.union() : this._ownState();
    if (channels.length > MAX_CHANNELS) {
      this._emit('error', new RangeError(`at most ${MAX_CHANNELS} channels per poll: ${channels.length - MAX_CHANNELS} left out`));
    }
    const polled = channels.slice(0, MAX_CHANNELS);
    let cursor;
    let fromNow = false;
    for (const channel of polled) {
      if (positions[channel] === undefined) fromNow = true;
      else cursor = older(cursor, positions[channel]);
    }
    // channels with no cursor yet start from now; with others that have one, from the oldest of theirs
    return { channels: polled, cursor: fromNow && cursor === undefined ? undefined : cursor };
  }

  async _run(generation) {
    let failures = 0;
    let freshTokenTried = false;
    const current = () => this.running && this.leader && generation === this.generation;
    while (current()) {
      const request = this._pollRequest();
      if (request.channels.length === 0) {
        this._setState('connected', 'no channels');
        await new Promise((resolve) => { this.wakeFromIdle = resolve; });
        this.wakeFromIdle = undefined;
        continue;
      }
      const controller = new AbortController();
      this.controller = controller;
      this.restartRequested = false;
      this.requestStarted = Date.now();
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; controller.abort(); }, this.requestTimeoutMs);
      try {
        const body = await this._poll(request, controller.signal, freshTokenTried);
        clearTimeout(timer);
        if (!current()) break;
        await this._resolveToken(false); // asked with the last user's token? Then it is neither delivered nor shared
        if (!current()) break;
        failures = 0;
        freshTokenTried = false;
        this._setState('connected');
        this._answer({ ...body, channels: request.channels });
        continue;
      } catch (e) {
        clearTimeout(timer);
        if (!current()) break;
        if (this.restartRequested && !timedOut) continue; // new channels, or woken: ask again at once
        const next = this._failed(e, timedOut, request, freshTokenTried);
        if (next === 'stop') break;
        if (next === 'fresh-token') {
          freshTokenTried = true;
          continue;
        }
        if (next === 'again') continue;
        this.sleeper = new AbortController();
        await sleep(next.delayMs ?? backoffDelay(failures++, this.backoff), this.sleeper.signal);
      } finally {
        if (this.controller === controller) this.controller = undefined;
      }
    }
  }

  /** What to do after a failed poll: 'again', 'fresh-token', 'stop', or {delayMs} (undefined: backoff). */
  _failed(e, timedOut, request, freshTokenTried) {
    if (timedOut) {
      this._emit('error', new HoldlineError(0, { error: 'timeout', detail: `no answer within ${this.requestTimeoutMs} ms` }));
      this._setState('disconnected', 'timeout');
      return {};
    }
    if (!(e instanceof HoldlineError)) {
      this._emit('error', e);
      this._setState('disconnected', 'network');
      return {};
    }
    this._emit('error', e);
    switch (e.status) {
      case 401:
        if (!freshTokenTried) return 'fresh-token';
        this._final('unauthorized', e.message);
        return 'stop';
      case 429:
      case 503:
        this._setState('disconnected', e.status === 429 ? 'rate_limited' : 'unavailable');
        return { delayMs: e.retryAfterMs };
      case 400:
        if (e.error === 'invalid_cursor') { // not a cursor of this server: from now, and say so
          this._dropCursors(request.channels, 'invalid_cursor');
          return 'again';
        }
        return this._refused(e, request);
      case 403:
        return this._refused(e, request);
      default:
        this._setState('disconnected', `http_${e.status}`);
        return {};
    }
  }

  /** A 400 or 403: a channel the server names is dropped (its subscriptions get 'error'), else the client stops. */
  _refused(e, request) {
    const named = request.channels.find((channel) => e.message.includes(channel));
    if (named && request.channels.length > 1) {
      this.group?.shareRefusal(named, e);
      this._refuseChannel(named, e);
      return 'again';
    }
    this._final('stopped', `${e.status} ${e.error ?? ''}: ${e.message}`.trim());
    return 'stop';
  }

  _final(state, reason) {
    this.running = false;
    this.generation++;
    this._setState(state, reason);
    this.group?.leave();
    this.group = undefined;
    this.leader = false;
    this._unlisten();
  }

  async _poll({ channels, cursor }, signal, fresh) {
    // until a poll has been answered the server is asked to hold for 1 s only, so that the state says
    // `connected` within a second of start (or of a reconnect) even on a quiet channel; then the full hold
    const body = { channels, timeout: this.state === 'connected' ? this.timeout : Math.min(this.timeout, 1) };
    if (this.limit) body.limit = this.limit;
    if (cursor !== undefined) body.cursor = cursor;
    const headers = { ...await this._headers(fresh), 'Content-Type': 'application/json' };
    const response = await this.fetch(`${this.baseUrl}/api/poll`, { method: 'POST', headers, body: JSON.stringify(body), signal });
    const answer = await response.json().catch(() => undefined);
    if (!response.ok) {
      throw new HoldlineError(response.status, answer, retryAfterMs(response.headers?.get?.('Retry-After')));
    }
    return answer;
  }

  async _headers(fresh) {
    return { Authorization: `Bearer ${await this._resolveToken(fresh)}`, 'Holdline-Protocol': PROTOCOL };
  }

  /**
   * The token to send, its subject compared with the one this run started with: another user (signed in elsewhere
   * in the same profile) stops the client, which leaves the tab group and forgets the last user's positions.
   */
  async _resolveToken(fresh) {
    const token = typeof this.token === 'function' ? await this.token({ fresh }) : this.token;
    if (!this.running) return token;
    const subject = subjectOf(token);
    this.subject ??= subject;
    if (subject !== undefined && subject !== this.subject) {
      this._userChanged();
      throw new UserChanged();
    }
    return token;
  }

  /** The token names another user now: nothing of the last one's stream goes on here. */
  _userChanged() {
    this.controller?.abort();
    this.sleeper?.abort();
    this.wakeFromIdle?.();
    this.positions.clear();
    this.seen.clear();
    this._persist();
    this._final('stopped', 'user_changed');
  }

  // --- answers ---------------------------------------------------------------------------------------

  /** An answer of the leader's own poll: delivered here, and shared with the other tabs. */
  _answer(answer) {
    const shared = { events: answer.events ?? [], cursor: answer.cursor, gap: !!answer.gap, channels: answer.channels };
    this.group?.share(shared);
    this._receiveAnswer(shared);
  }

  /**
   * The leader's answer in a follower tab, in the order they came: delivered only while this tab's token still
   * names the user it started with (the leader may be a tab still polling with another user's token).
   */
  _receiveShared(answer) {
    this.sharedDelivery = (this.sharedDelivery ?? Promise.resolve()).then(async () => {
      try {
        await this._resolveToken(false);
      } catch (e) {
        if (e instanceof UserChanged) return;
        this._emit('error', e); // no token to judge by: the answer is for the group this tab joined
      }
      if (this.running) this._receiveAnswer(answer);
    });
  }

  /** An answer (own or shared by the leader): gaps, events to their subscriptions, cursors moved on. */
  _receiveAnswer({ events = [], cursor, gap, channels = [] }) {
    const mine = channels.filter((channel) => this.subscriptions.has(channel));
    if (gap) {
      for (const channel of mine) this._gap(channel, 'missed');
    }
    for (const event of events) {
      const targets = (event.channels ?? '').split(/\s+/).filter((channel) => this.subscriptions.has(channel)
        && !(compareCursors(event.cursor, this.positions.get(channel)) <= 0));
      if (targets.length === 0 || this.seen.has(event.id)) continue;
      this.seen.add(event.id);
      if (this.seen.size > this.dedupeWindow) this.seen.delete(this.seen.values().next().value);
      for (const channel of targets) {
        for (const subscription of [...(this.subscriptions.get(channel) ?? [])]) subscription._emit('event', event);
      }
      this._emit(event.type, event);
      this._emit('event', event);
      this._emit('*', event);
    }
    if (cursor !== undefined) {
      for (const channel of mine) this.positions.set(channel, gap ? cursor : later(this.positions.get(channel), cursor));
      this._persist();
    }
  }

  _gap(channel, reason) {
    const info = { channel, reason };
    for (const subscription of [...(this.subscriptions.get(channel) ?? [])]) subscription._emit('gap', info);
    this._emit('gap', info);
  }

  _dropCursors(channels, reason) {
    for (const channel of channels) {
      this.positions.delete(channel);
      if (this.subscriptions.has(channel)) this._gap(channel, reason);
    }
    this.group?.members.forEach((member) => { member.positions = {}; });
    this._persist();
  }

  // --- cursors kept across reloads --------------------------------------------------------------------

  _stored() {
    if (!this.cursorStore || !this.persistKey) return {};
    try {
      const value = this.cursorStore.getItem(this.persistKey);
      if (!value) return {};
      if (!value.startsWith('{')) return { '*': value }; // one cursor for all, as client versions before 0.1.0 kept it
      return JSON.parse(value) ?? {};
    } catch {
      return {};
    }
  }

  _persist() {
    if (!this.cursorStore || !this.persistKey) return;
    this.cursorStore.setItem(this.persistKey, JSON.stringify(this._ownState().positions));
  }

  // --- state and the page's signals --------------------------------------------------------------------

  _setState(state, reason) {
    if (this.state === state && this.reason === reason) return;
    this.state = state;
    this.reason = reason;
    if (this.leader && this.group && state !== 'stopped') this.group.shareState(state, reason);
    this._emit('state', { state, reason });
  }

  _listen() {
    const target = this.environment;
    if (typeof target?.addEventListener !== 'function') return;
    this.listeners = {
      online: () => this.wake(),
      offline: () => this._setState('disconnected', 'offline'),
      visibilitychange: () => {
        if (target.document?.visibilityState !== 'hidden') this.wake();
      },
      pagehide: () => this.group?.leave(),
      pageshow: (event) => { // back from the back-forward cache: rejoin the tabs
        if (event.persisted && this.running && this.sharedKey) {
          this.leader = false;
          this._joinGroup();
        }
      },
    };
    for (const [type, listener] of Object.entries(this.listeners)) {
      (type === 'visibilitychange' && target.document ? target.document : target).addEventListener(type, listener);
    }
  }

  _unlisten() {
    const target = this.environment;
    for (const [type, listener] of Object.entries(this.listeners ?? {})) {
      (type === 'visibilitychange' && target.document ? target.document : target).removeEventListener(type, listener);
    }
    this.listeners = undefined;
  }

  /**
   * Follows a board's live top: over a WebSocket (with a single-use ticket) where it works, else through
   * this client's poll on leaderboard:<board>, switching back when WebSockets work again. handler gets every
   * newer snapshot {board, period, version, entries, transport} once, whichever way it came. Options:
   * leaderboardUrl (origin of leaderboard-service, default baseUrl), transport ('auto' | 'websocket' |
   * 'long-poll'), WebSocket (an implementation), retryWebSocketMs (how often to try the socket again while
   * long-polling, default 30000), failuresBeforeFallback (default 2). Returns {stop(), transport}.
   */
  leaderboard(board, handler, options = {}) {
    const feed = new LeaderboardFeed(this, board, handler, options);
    feed.start();
    return feed;
  }

  /**
   * Waits for one image's final status (COMPLETED, FAILED or DELETED) with the blocking status call, asking again
   * after each timed-out answer and backing off after errors. Resolves with the status body.
   */
  static async waitForImage({ baseUrl = '', token, imageId, wait = 30, signal, maxAttempts = 20,
    fetch: fetchImpl = globalThis.fetch?.bind(globalThis), backoff = {} }) {
    let failures = 0;
    for (let attempt = 0; attempt < maxAttempts && !signal?.aborted; attempt++) {
      try {
        const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/api/images/${imageId}/status?wait=${wait}`,
          { headers: { Authorization: `Bearer ${typeof token === 'function' ? await token({ fresh: false }) : token}` }, signal });
        const body = await response.json().catch(() => undefined);
        if (!response.ok) throw new HoldlineError(response.status, body);
        if (FINAL.has(body.status)) return body;
        failures = 0;
      } catch (e) {
        if (e instanceof HoldlineError && e.status < 500 && e.status !== 429) throw e;
        if (signal?.aborted) break;
        await sleep(backoffDelay(failures++, backoff), signal);
      }
    }
    throw new Error(`image ${imageId}: no final status after ${maxAttempts} attempts`);
  }
}

/** One board's snapshots, by WebSocket or by the client's poll; see HoldlineClient.leaderboard. */
class LeaderboardFeed {
  constructor(client, board, handler, { leaderboardUrl, transport = 'auto', WebSocket: WebSocketImpl = globalThis.WebSocket,
    retryWebSocketMs = 30000, failuresBeforeFallback = 2, handshakeTimeoutMs = 10000, heartbeatMs = 0 } = {}) {
    this.client = client;
    this.board = board;
    this.handler = handler;
    this.leaderboardUrl = (leaderboardUrl ?? client.baseUrl).replace(/\/+$/, '');
    this.wanted = transport;
    this.WebSocket = WebSocketImpl;
    this.retryWebSocketMs = retryWebSocketMs;
    this.failuresBeforeFallback = failuresBeforeFallback;
    this.handshakeTimeoutMs = handshakeTimeoutMs;
    this.heartbeatMs = heartbeatMs;
    this.version = -1;
    this.transport = undefined;
    this.stopped = false;
    this.socketFailures = 0;
  }

  start() {
    // the network or the page came back: a socket quiet since before may be dead without knowing it
    this.offWake = this.client.on('wake', () => {
      if (this.socket && Date.now() - this.lastMessage > 25000) this._replaceSocket(this.socket);
    });
    if (this.wanted === 'long-poll' || !this.WebSocket) this._longPoll();
    else this._openSocket();
  }

  async stop() {
    this.stopped = true;
    this.offWake?.();
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    this.socket?.close();
    this.subscription?.unsubscribe();
  }

  _offer(snapshot, transport) {
    if (this.stopped || snapshot.version <= this.version) return;
    this.version = snapshot.version;
    const { board, period, version, entries } = snapshot;
    try {
      this.handler({ board, period, version, entries, transport });
    } catch (e) {
      this.client._emit('error', e);
    }
  }

  /** No first message within the handshake time, or none for heartbeatMs (when set): the socket is dead. */
  _expectWithin(socket, ms) {
    clearTimeout(this.silenceTimer);
    if (ms > 0) this.silenceTimer = setTimeout(() => this._replaceSocket(socket), ms);
  }

  _replaceSocket(socket) {
    if (this.socket !== socket) return;
    socket.onclose = null;
    socket.close();
    this._socketEnded(this.openedAt);
  }

  async _openSocket() {
    if (this.stopped) return;
    this.openedAt = false;
    try {
      const response = await this.client.fetch(`${this.leaderboardUrl}/api/ws-tickets`, {
        method: 'POST', headers: await this.client._headers(false),
      });
      const body = await response.json().catch(() => undefined);
      if (!response.ok) throw new HoldlineError(response.status, body);
      if (this.stopped) return; // stopped while the ticket was on its way: open nothing
      const base = new URL(this.leaderboardUrl || '/', globalThis.location?.href ?? this.leaderboardUrl);
      base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
      base.pathname = `/ws/leaderboards/${encodeURIComponent(this.board)}`;
      base.search = `?ticket=${encodeURIComponent(body.ticket)}`;
      const socket = new this.WebSocket(base.href);
      this.socket = socket;
      this._expectWithin(socket, this.handshakeTimeoutMs);
      this.lastMessage = Date.now();
      socket.onmessage = (message) => {
        this.lastMessage = Date.now();
        this._expectWithin(socket, this.heartbeatMs);
        if (!this.openedAt) {
          this.openedAt = Date.now();
          this._useSocket();
        }
        try {
          const snapshot = JSON.parse(message.data);
          if (snapshot && snapshot.version !== undefined) this._offer(snapshot, 'websocket');
        } catch (e) {
          this.client._emit('error', e);
        }
      };
      socket.onclose = () => this._socketEnded(this.openedAt);
    } catch (e) {
      if (this.stopped) return;
      this.client._emit('error', e);
      this._socketEnded(false);
    }
  }

  /** The socket works: long-polling, if it ran, stops. */
  _useSocket() {
    this.transport = 'websocket';
    clearTimeout(this.retryTimer);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** opened: when the socket delivered its first message (false if it never did). */
  _socketEnded(opened) {
    clearTimeout(this.silenceTimer);
    if (this.stopped) return;
    if (this.socket && !opened) this.socket.onclose = null;
    this.socket = undefined;
    // a socket that never worked, or closed within seconds, counts against WebSockets; one that lasted, not
    if (!opened || Date.now() - opened < 5000) this.socketFailures++;
    else this.socketFailures = 0;
    if (this.wanted === 'websocket' || (this.socketFailures < this.failuresBeforeFallback && !this.subscription)) {
      this.retryTimer = setTimeout(() => this._openSocket(), backoffDelay(this.socketFailures, this.client.backoff));
      return;
    }
    if (!this.subscription) this._longPoll();
    this.retryTimer = setTimeout(() => this._openSocket(), this.retryWebSocketMs);
  }

  /**
   * The board's channel on the client's poll first (from the client's latest cursor, so from before the snapshot
   * when the client polls already), then the snapshot: an update in between comes by the poll, and versions drop
   * whatever came twice. A failed snapshot is an error and a gap.
   */
  async _longPoll() {
    if (this.stopped) return;
    this.transport = 'long-poll';
    if (!this.subscription) {
      this.subscription = this.client.subscribe(`leaderboard:${this.board}`,
        (event) => { if (event.type === 'leaderboard.updated') this._offer(event.data, 'long-poll'); });
      this.client.start();
    }
    const subscription = this.subscription;
    try {
      const response = await this.client.fetch(
        `${this.leaderboardUrl}/api/leaderboards/${encodeURIComponent(this.board)}/snapshot`,
        { headers: await this.client._headers(false) });
      const body = await response.json().catch(() => undefined);
      if (!response.ok) throw new HoldlineError(response.status, body);
      if (this.subscription === subscription) this._offer(body, 'long-poll');
    } catch (e) {
      this.client._emit('error', e);
      this.client._emit('gap', { channel: `leaderboard:${this.board}`, reason: 'snapshot_failed' });
    }
  }
}
