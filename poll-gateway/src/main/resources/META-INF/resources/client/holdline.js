// Holdline long-poll client: a dependency-free ES module for browsers and Node 18+.
//   import { HoldlineClient } from '/client/holdline.js';
//   const client = new HoldlineClient({ token, channels: ['user:alice', 'room:general'], persistKey: 'hl' });
//   client.on('chat.message', (event) => show(event.data));
//   client.on('gap', () => refetchState());
//   client.start();
// Types: /client/holdline.d.ts

const FINAL = new Set(['COMPLETED', 'FAILED']);

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

async function resolveToken(token) {
  return typeof token === 'function' ? await token() : token;
}

export class HoldlineError extends Error {
  constructor(status, body) {
    super(body?.detail || `HTTP ${status}`);
    this.status = status;
    this.error = body?.error;
  }
}

export class HoldlineClient {
  constructor({ baseUrl = '', token, channels, timeout = 30, limit, persistKey, cursor,
    storage = globalThis.localStorage, fetch: fetchImpl = globalThis.fetch?.bind(globalThis),
    backoff = {}, dedupeWindow = 1000 } = {}) {
    if (!Array.isArray(channels) || channels.length === 0) throw new TypeError('channels: name at least one');
    if (!fetchImpl) throw new TypeError('fetch: none available');
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = token;
    this.channels = [...channels];
    this.timeout = timeout;
    this.limit = limit;
    this.persistKey = persistKey;
    this.storage = persistKey ? storage : undefined;
    this.fetch = fetchImpl;
    this.backoff = backoff;
    this.dedupeWindow = dedupeWindow;
    this.handlers = new Map();
    this.seen = new Set();
    this.running = false;
    this.controller = undefined;
    this._cursor = cursor ?? this.storage?.getItem(persistKey) ?? undefined;
  }

  /** Where the next poll resumes (undefined: from now). */
  get cursor() { return this._cursor; }

  /**
   * Registers a handler for an event type ('chat.message', ...), '*' for every event, 'gap' when events
   * were missed (refetch state), 'error' for failures (the client retries by itself unless it stops).
   * Returns a function that removes the handler.
   */
  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(handler);
    return () => this.handlers.get(type)?.delete(handler);
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.loop = this._loop();
  }

  /** Stops polling and aborts the request under way. Resolves when the loop has ended. */
  async stop() {
    this.running = false;
    this.controller?.abort();
    await this.loop;
  }

  /** Stops, and tells the server at once that this user is offline. */
  async disconnect() {
    await this.stop();
    try {
      await this.fetch(`${this.baseUrl}/api/poll/disconnect`, {
        method: 'POST', headers: { Authorization: `Bearer ${await resolveToken(this.token)}` },
      });
    } catch (e) {
      this._emit('error', e);
    }
  }

  async _loop() {
    let failures = 0;
    while (this.running) {
      this.controller = new AbortController();
      try {
        const body = await this._poll(this.controller.signal);
        failures = 0;
        this._deliver(body);
      } catch (e) {
        if (!this.running) break;
        this._emit('error', e);
        if (e instanceof HoldlineError && (e.status === 400 || e.status === 403)) {
          this.running = false; // asking again cannot help
          break;
        }
        await sleep(backoffDelay(failures++, this.backoff), this.controller.signal);
      }
    }
  }

  async _poll(signal) {
    const query = new URLSearchParams();
    for (const channel of this.channels) query.append('channel', channel);
    query.set('timeout', String(this.timeout));
    if (this.limit) query.set('limit', String(this.limit));
    if (this._cursor !== undefined) query.set('cursor', this._cursor);
    const response = await this.fetch(`${this.baseUrl}/api/poll?${query}`, {
      headers: { Authorization: `Bearer ${await resolveToken(this.token)}` }, signal,
    });
    const body = await response.json().catch(() => undefined);
    if (!response.ok) throw new HoldlineError(response.status, body);
    return body;
  }

  _deliver(body) {
    if (body.gap) this._emit('gap', { cursor: this._cursor });
    for (const event of body.events) {
      if (this.seen.has(event.id)) continue;
      this.seen.add(event.id);
      if (this.seen.size > this.dedupeWindow) this.seen.delete(this.seen.values().next().value);
      this._emit(event.type, event);
      this._emit('*', event);
    }
    this._cursor = body.cursor;
    if (this.storage && this._cursor !== undefined) this.storage.setItem(this.persistKey, this._cursor);
  }

  _emit(type, payload) {
    for (const handler of this.handlers.get(type) ?? []) {
      try {
        handler(payload);
      } catch (e) {
        if (type !== 'error') this._emit('error', e);
      }
    }
  }

  /**
   * Waits for one image's final status (COMPLETED or FAILED) with the blocking status call, asking again
   * after each timed-out answer and backing off after errors. Resolves with the status body.
   */
  static async waitForImage({ baseUrl = '', token, imageId, wait = 30, signal, maxAttempts = 20,
    fetch: fetchImpl = globalThis.fetch?.bind(globalThis), backoff = {} }) {
    let failures = 0;
    for (let attempt = 0; attempt < maxAttempts && !signal?.aborted; attempt++) {
      try {
        const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/api/images/${imageId}/status?wait=${wait}`,
          { headers: { Authorization: `Bearer ${await resolveToken(token)}` }, signal });
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
