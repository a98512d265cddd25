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
  /** user:<id>, room:<name>, image:<id>, leaderboard:<board>, broadcast (up to 32). */
  channels: string[];
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
  status: 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED';
  reason?: string | null;
  thumbnails?: Array<{ size: number; width: number; height: number; contentType: string; url: string }> | null;
  timedOut: boolean;
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
  static waitForImage(options: {
    baseUrl?: string; token: TokenSource; imageId: number | string; wait?: number; signal?: AbortSignal;
    maxAttempts?: number; fetch?: typeof fetch; backoff?: BackoffOptions;
  }): Promise<ImageStatus>;
}
