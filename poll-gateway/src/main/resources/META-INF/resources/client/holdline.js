// Holdline long-poll client: a dependency-free ES module for browsers and Node 18+.
//   import { HoldlineClient } from '/client/holdline.js';
//   const client = new HoldlineClient({ token, channels: ['user:alice', 'room:general'], persistKey: 'hl' });
//   client.on('chat.message', (event) => show(event.data));
//   client.on('gap', () => refetchState());
//   client.start();
//   const board = client.leaderboard('global', (snapshot) => render(snapshot.entries));  // WebSocket, else long-poll
// Types: /client/holdline.d.ts

const FINAL = new Set(['COMPLETED', 'FAILED', 'DELETED']);

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
    if (channels !== undefined && !Array.isArray(channels)) throw new TypeError('channels: an array is expected');
    if (!fetchImpl) throw new TypeError('fetch: none available');
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = token;
    this.channels = [...(channels ?? [])];
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
    if (this.channels.length === 0) throw new TypeError('channels: name at least one');
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

  /**
   * Follows a board's live top: over a WebSocket (with a single-use ticket) where it works, else through
   * long-polling on leaderboard:<board>, switching back when WebSockets work again. handler gets every newer
   * snapshot {board, period, version, entries, transport} once, whichever way it came. Options:
   * leaderboardUrl (origin of leaderboard-service, default baseUrl), transport ('auto' | 'websocket' |
   * 'long-poll'), WebSocket (an implementation), retryWebSocketMs (how often to try the socket again while
   * long-polling, default 30000), failuresBeforeFallback (default 2). Returns {stop(), transport}.
   */
  leaderboard(board, handler, options = {}) {
    const feed = new LeaderboardFeed(this, board, handler, options);
    feed.start();
    return feed;
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
   * Waits for one image's final status (COMPLETED, FAILED or DELETED) with the blocking status call, asking again
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

/** One board's snapshots, by WebSocket or by long-poll; see HoldlineClient.leaderboard. */
class LeaderboardFeed {
  constructor(client, board, handler, { leaderboardUrl, transport = 'auto', WebSocket: WebSocketImpl = globalThis.WebSocket,
    retryWebSocketMs = 30000, failuresBeforeFallback = 2 } = {}) {
    this.client = client;
    this.board = board;
    this.handler = handler;
    this.leaderboardUrl = (leaderboardUrl ?? client.baseUrl).replace(/\/+$/, '');
    this.wanted = transport;
    this.WebSocket = WebSocketImpl;
    this.retryWebSocketMs = retryWebSocketMs;
    this.failuresBeforeFallback = failuresBeforeFallback;
    this.version = -1;
    this.transport = undefined;
    this.stopped = false;
    this.socketFailures = 0;
  }

  start() {
    if (this.wanted === 'long-poll' || !this.WebSocket) this._longPoll();
    else this._openSocket();
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.close();
    await this.poller?.stop();
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

  async _openSocket() {
    if (this.stopped) return;
    let opened = false;
    try {
      const response = await this.client.fetch(`${this.leaderboardUrl}/api/ws-tickets`, {
        method: 'POST', headers: { Authorization: `Bearer ${await resolveToken(this.client.token)}` },
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
      socket.onmessage = (message) => {
        if (!opened) {
          opened = Date.now();
          this._useSocket();
        }
        try {
          this._offer(JSON.parse(message.data), 'websocket');
        } catch (e) {
          this.client._emit('error', e);
        }
      };
      socket.onclose = () => this._socketEnded(opened);
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
    const poller = this.poller;
    this.poller = undefined;
    poller?.stop();
  }

  /** opened: when the socket delivered its first message (false if it never did). */
  _socketEnded(opened) {
    if (this.stopped) return;
    if (this.socket && !opened) this.socket.onclose = null;
    this.socket = undefined;
    // a socket that never worked, or closed within seconds, counts against WebSockets; one that lasted, not
    if (!opened || Date.now() - opened < 5000) this.socketFailures++;
    else this.socketFailures = 0;
    if (this.wanted === 'websocket' || (this.socketFailures < this.failuresBeforeFallback && !this.poller)) {
      this.retryTimer = setTimeout(() => this._openSocket(), backoffDelay(this.socketFailures, this.client.backoff));
      return;
    }
    if (!this.poller) this._longPoll();
    this.retryTimer = setTimeout(() => this._openSocket(), this.retryWebSocketMs);
  }

  async _longPoll() {
    if (this.stopped) return;
    this.transport = 'long-poll';
    const poller = new HoldlineClient({ baseUrl: this.client.baseUrl, token: this.client.token,
      channels: [`leaderboard:${this.board}`], timeout: this.client.timeout, fetch: this.client.fetch,
      backoff: this.client.backoff });
    this.poller = poller;
    poller.on('leaderboard.updated', (event) => this._offer(event.data, 'long-poll'));
    poller.on('error', (e) => this.client._emit('error', e));
    poller.start();
    try { // the current top at once, not only the next change
      const response = await this.client.fetch(
        `${this.leaderboardUrl}/api/leaderboards/${encodeURIComponent(this.board)}/snapshot`,
        { headers: { Authorization: `Bearer ${await resolveToken(this.client.token)}` } });
      if (response.ok && this.poller === poller) this._offer(await response.json(), 'long-poll');
    } catch (e) {
      this.client._emit('error', e);
    }
  }
}
