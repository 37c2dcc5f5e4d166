import type { EventName, OperationName } from '../api/index.js';

/** What the agent serves: the desktop services (`createDesktopServices`) or a stand-in with their shape. */
export interface AgentBackend {
  /** Run one validated operation; may throw PosternError, which becomes a typed WireError. */
  handle(name: OperationName, input: unknown): Promise<unknown>;
  /** Listen to an event stream; the returned function stops listening. */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export interface AgentOptions {
  readonly handlers: AgentBackend;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The built renderer (index.html + assets). Absent or without index.html: a page saying how to build it. */
  readonly staticDir?: string;
  /** The secret a caller must present; default 256 random bits. At least 32 of [A-Za-z0-9_-]. */
  readonly token?: string;
  /** Largest API request body; default 64 MiB (imports carry whole collections). */
  readonly maxBodyBytes?: number;
}

export interface RunningAgent {
  /** The page to open, token in the fragment: `http://127.0.0.1:PORT/#token=…` (never sent to a server, never in a Referer). */
  readonly url: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** False when no renderer build was found and the "not built" page is served instead. */
  readonly uiBuilt: boolean;
  /** Stop listening, close every connection and event subscription. Does not close the backend. */
  close(): Promise<void>;
}
