import type { Request } from '../model/index.js';
import { closeKeyLogs } from './connect/key-log.js';
import { CookieStore } from './cookies/jar.js';
import { PoolRegistry, DEFAULT_POOL_LIMITS, type PoolLimits } from './pool/registry.js';
import { prepareRequest } from './request/prepare.js';
import { DEFAULT_SPILL_BYTES } from './response/sink.js';
import { sendPrepared } from './send.js';
import type { HttpResponse, PreparedRequest, SendOptions } from './types.js';

export interface EngineOptions {
  readonly pools?: PoolLimits | undefined;
  /** Response bodies larger than this go to a temp file. */
  readonly spillBytes?: number | undefined;
  readonly cookies?: CookieStore | undefined;
}

/** The HTTP/TLS engine: pooled connections per TLS profile, a cookie jar, and send(). */
export class Engine {
  readonly cookies: CookieStore;
  private readonly pools: PoolRegistry;
  private readonly spillBytes: number;

  constructor(options: EngineOptions = {}) {
    this.pools = new PoolRegistry(options.pools ?? DEFAULT_POOL_LIMITS);
    this.cookies = options.cookies ?? new CookieStore();
    this.spillBytes = options.spillBytes ?? DEFAULT_SPILL_BYTES;
  }

  /** Sends a request whose variables are resolved. */
  send(request: Request, options: SendOptions): Promise<HttpResponse> {
    return this.sendPrepared(prepareRequest(request), options);
  }

  sendPrepared(request: PreparedRequest, options: SendOptions): Promise<HttpResponse> {
    return sendPrepared(request, options, { pools: this.pools, cookies: this.cookies, spillBytes: this.spillBytes });
  }

  async close(): Promise<void> {
    await this.pools.close();
    await closeKeyLogs();
  }
}
