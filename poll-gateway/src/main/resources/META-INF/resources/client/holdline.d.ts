// Types of @holdline/client (the gateway serves the same module as /client/holdline.js). API: docs/client.md

export declare const VERSION: string;
/** The wire protocol version this client speaks (the Holdline-Protocol request header). */
export declare const PROTOCOL: string;

/** A CloudEvent as a poll hands it out; `data` is typed by the subscriber. */
export interface HoldlineEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject?: string;
  /** The channels the event was published to, space-separated. */
  channels: string;
  datacontenttype?: string;
  data: T;
  /** Where a poll resumes to get what comes after this event. */
  cursor: string;
}

/** The token function is asked again with `fresh: true` after a 401: it must not answer from a cache then. */
export type TokenSource = string | ((options: { fresh: boolean }) => string | Promise<string>);

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'unauthorized' | 'stopped';

export interface StateChange {
  state: ConnectionState;
  /** Why: 'timeout', 'network', 'offline', 'rate_limited', 'unavailable', 'http_<status>', 'user_changed' (the token names another user: final), a refusal's detail... */
  reason?: string;
}

export interface Gap {
  channel: string;
  /** 'missed' (the server said events were lost: another epoch, retention), 'invalid_cursor', 'snapshot_failed'. */
  reason: string;
}

/** Where cursors are kept across reloads (localStorage fits). */
export interface CursorStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

export interface HoldlineClientOptions {
  /** Origin of the gateway; '' (default) for the page's own origin. */
  baseUrl?: string;
  token: TokenSource;
  /**
   * Channels subscribed at once (no handler of their own: use client.on): `user:<you>`, `broadcast`, `room:<name>`,
   * `leaderboard:<board>`, `image:<id>` of your own images, `role:<role>` if your token holds that role.
   */
  channels?: string[];
  /** Seconds the server may hold a poll, 1..60 (default 25). */
  timeout?: number;
  limit?: number;
  /** A request without an answer after this long is abandoned and retried (default timeout * 1000 + 5000). */
  requestTimeoutMs?: number;
  /** Keeps each channel's cursor under `persistKey`, so a reload resumes where the page left off. */
  cursorStore?: CursorStore;
  persistKey?: string;
  /** Tabs of the same user (token subject) on this origin share one poll (default true, where the browser can). */
  shareAcrossTabs?: boolean;
  /** What identifies "the same user" for sharing (default: origin, baseUrl and the token's subject). */
  shareKey?: string;
  fetch?: typeof fetch;
  backoff?: BackoffOptions;
  /** How many event ids are remembered to drop duplicates (default 1000). */
  dedupeWindow?: number;
}

export declare class HoldlineError extends Error {
  /** The HTTP status; 0 for a request that timed out. */
  readonly status: number;
  /** The server's `error` code, e.g. 'invalid_cursor', 'forbidden', 'timeout'. */
  readonly error?: string;
  readonly retryAfterMs?: number;
}

export declare function backoffDelay(attempt: number, options?: BackoffOptions): number;
export declare function retryAfterMs(value: string | null | undefined, now?: number): number | undefined;
/** A fresh Idempotency-Key for one chat post (crypto.randomUUID()). */
export declare function newIdempotencyKey(): string;
export declare function parseCursor(cursor: string): { offset: number; epoch: string } | undefined;
export declare function compareCursors(a: string, b: string): -1 | 0 | 1 | undefined;

export interface SubscribeOptions {
  /** Resume after this cursor (e.g. the one a history call answered with), rather than from now. */
  cursor?: string;
}

export declare class Subscription<T = unknown> {
  readonly channel: string;
  readonly active: boolean;
  on(type: 'event', handler: (event: HoldlineEvent<T>) => void): () => void;
  on(type: 'gap', handler: (gap: Gap) => void): () => void;
  on(type: 'error', handler: (error: HoldlineError) => void): () => void;
  off(type: 'event' | 'gap' | 'error', handler: (...args: any[]) => void): void;
  /** The last cursor delivered on this channel. */
  cursor(): string | undefined;
  unsubscribe(): void;
}

export interface ImageStatus {
  id: number;
  status: 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'DELETED';
  reason?: string | null;
  thumbnails?: Array<{ size: number; width: number; height: number; contentType: string; url: string }> | null;
  timedOut: boolean;
}

export interface LeaderboardEntry {
  rank: number;
  player: string;
  name: string;
  score: number;
}

export interface LeaderboardSnapshot {
  board: string;
  /** 'all', or the first day of a daily or weekly board's period (YYYY-MM-DD). */
  period: string;
  /** Grows with every snapshot of the board; older ones are never handed on. */
  version: number;
  entries: LeaderboardEntry[];
  /** How this snapshot arrived. */
  transport: 'websocket' | 'long-poll';
}

export interface LeaderboardOptions {
  /** Origin of leaderboard-service; default the client's baseUrl (one origin). */
  leaderboardUrl?: string;
  /** 'auto' (default): WebSocket, long-poll when it cannot open or keeps failing. */
  transport?: 'auto' | 'websocket' | 'long-poll';
  WebSocket?: typeof WebSocket;
  /** While long-polling, how often the WebSocket is tried again (default 30000). */
  retryWebSocketMs?: number;
  /** Socket failures in a row before long-polling (default 2). */
  failuresBeforeFallback?: number;
  /** A socket that sends nothing within this long after opening is closed (default 10000). */
  handshakeTimeoutMs?: number;
  /**
   * A socket silent for this long is taken for dead and replaced (default 0: off; browsers do not see the
   * server's WebSocket pings, so set it only where snapshots come more often). Either way a socket quiet for
   * 25 s is replaced when the network or the page comes back.
   */
  heartbeatMs?: number;
}

export interface LeaderboardFeed {
  /** The transport in use now. */
  readonly transport: 'websocket' | 'long-poll' | undefined;
  stop(): Promise<void>;
}

export declare class HoldlineClient {
  constructor(options: HoldlineClientOptions);
  /** The connection's state now (also told by the 'state' event). */
  readonly state: ConnectionState;
  readonly reason: string | undefined;
  /** Receives a channel's events on this client's one poll, from now or after options.cursor. */
  subscribe<T = unknown>(channel: string, handler?: (event: HoldlineEvent<T>) => void, options?: SubscribeOptions): Subscription<T>;
  /** The channels subscribed to in this tab. */
  channels(): string[];
  /** The last cursor seen on a channel. */
  cursor(channel: string): string | undefined;
  on(type: 'state', handler: (change: StateChange) => void): () => void;
  on(type: 'gap', handler: (gap: Gap) => void): () => void;
  on(type: 'error', handler: (error: Error) => void): () => void;
  on<T = unknown>(type: 'event' | '*', handler: (event: HoldlineEvent<T>) => void): () => void;
  /** Handlers for one event type, e.g. 'chat.message'. */
  on<T = unknown>(type: string, handler: (event: HoldlineEvent<T>) => void): () => void;
  off(type: string, handler: (...args: any[]) => void): void;
  /** Starts polling; idempotent. */
  start(): this;
  /** Stops polling; idempotent; resolves when the loop has ended. */
  stop(): Promise<void>;
  /** Stops, and tells the server at once that this user is offline. */
  disconnect(): Promise<void>;
  /**
   * Says `text` in `room` with an Idempotency-Key (made once per call, a randomUUID, unless given) sent again on
   * every retry (network error, 429, 502, 503, 504; at most `retries`, default 3): a retried post is shown once.
   */
  sendMessage(room: string, text: string, options?: { retries?: number; idempotencyKey?: string }):
    Promise<{ id: string; room: string }>;
  /** Polls at once (the client does this by itself on 'online' and when the page becomes visible). */
  wake(): void;
  /** A board's live top, one stream of snapshots whichever transport carries it. */
  leaderboard(board: string, handler: (snapshot: LeaderboardSnapshot) => void, options?: LeaderboardOptions): LeaderboardFeed;
  static waitForImage(options: {
    baseUrl?: string; token: TokenSource; imageId: number | string; wait?: number; signal?: AbortSignal;
    maxAttempts?: number; fetch?: typeof fetch; backoff?: BackoffOptions;
  }): Promise<ImageStatus>;
}
