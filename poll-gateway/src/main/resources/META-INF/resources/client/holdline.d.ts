// Types for /client/holdline.js

export interface HoldlineEvent<D = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject?: string;
  channels: string;
  datacontenttype?: string;
  data: D;
  /** Where a poll resumes to get what comes after this event. */
  cursor: string;
}

export type TokenSource = string | (() => string | Promise<string>);

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

export interface HoldlineClientOptions {
  /** Origin of the gateway; '' for the page's own origin. */
  baseUrl?: string;
  token: TokenSource;
  /** user:<id>, room:<name>, image:<id>, leaderboard:<board>, broadcast (up to 32); needed to start(). */
  channels?: string[];
  /** Seconds the server may hold a poll, 1..60 (default 30). */
  timeout?: number;
  limit?: number;
  /** Keeps the cursor in storage under this key, so a reload resumes where the page left off. */
  persistKey?: string;
  cursor?: string;
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  fetch?: typeof fetch;
  backoff?: BackoffOptions;
  /** How many event ids are remembered to drop duplicates (default 1000). */
  dedupeWindow?: number;
}

export declare class HoldlineError extends Error {
  readonly status: number;
  readonly error?: string;
}

export declare function backoffDelay(attempt: number, options?: BackoffOptions): number;

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
}

export interface LeaderboardFeed {
  /** The transport in use now. */
  readonly transport: 'websocket' | 'long-poll' | undefined;
  stop(): Promise<void>;
}

export declare class HoldlineClient {
  constructor(options: HoldlineClientOptions);
  readonly cursor: string | undefined;
  on(type: '*' | string, handler: (event: HoldlineEvent) => void): () => void;
  on(type: 'gap', handler: (info: { cursor: string | undefined }) => void): () => void;
  on(type: 'error', handler: (error: Error) => void): () => void;
  start(): void;
  stop(): Promise<void>;
  disconnect(): Promise<void>;
  /** A board's live top, one stream of snapshots whichever transport carries it. */
  leaderboard(board: string, handler: (snapshot: LeaderboardSnapshot) => void, options?: LeaderboardOptions): LeaderboardFeed;
  static waitForImage(options: {
    baseUrl?: string; token: TokenSource; imageId: number | string; wait?: number; signal?: AbortSignal;
    maxAttempts?: number; fetch?: typeof fetch; backoff?: BackoffOptions;
  }): Promise<ImageStatus>;
}
