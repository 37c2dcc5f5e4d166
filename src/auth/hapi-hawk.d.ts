// Types for the parts of @hapi/hawk 8 that Postern uses (the package ships none; @types/hapi__hawk
// would pull in the whole hapi server's types).
declare module '@hapi/hawk' {
  import type { Hash } from 'node:crypto';
  import type { IncomingMessage } from 'node:http';

  namespace Hawk {
    interface Credentials {
      id: string;
      key: string;
      algorithm: 'sha1' | 'sha256';
    }
    interface UriParts {
      protocol: string;
      hostname: string;
      port: string | number;
      pathname: string;
      search: string;
    }
    interface HeaderOptions {
      credentials: Credentials;
      ext?: string | undefined;
      timestamp?: number | undefined;
      nonce?: string | undefined;
      payload?: string | Buffer | undefined;
      contentType?: string | undefined;
      hash?: string | undefined;
      app?: string | undefined;
      dlg?: string | undefined;
    }
    interface Artifacts {
      ts: number | string;
      nonce: string;
      method: string;
      resource: string;
      host: string;
      port: number | string;
      hash?: string;
      ext?: string;
      app?: string;
      dlg?: string;
      mac?: string;
      id?: string;
    }
    interface ServerOptions {
      host?: string;
      port?: number;
      payload?: string | Buffer;
      timestampSkewSec?: number;
      localtimeOffsetMsec?: number;
      nonceFunc?: (key: string, nonce: string, ts: string) => void | Promise<void>;
    }
  }

  const Hawk: {
    client: {
      header(uri: string | Hawk.UriParts, method: string, options: Hawk.HeaderOptions): { header: string; artifacts: Hawk.Artifacts };
    };
    crypto: {
      initializePayloadHash(algorithm: string, contentType?: string): Hash;
      finalizePayloadHash(hash: Hash): string;
      calculatePayloadHash(payload: string | Buffer, algorithm: string, contentType?: string): string;
    };
    server: {
      authenticate<C extends Hawk.Credentials>(
        req: IncomingMessage,
        credentialsFunc: (id: string) => C | undefined | Promise<C | undefined>,
        options?: Hawk.ServerOptions,
      ): Promise<{ credentials: C; artifacts: Hawk.Artifacts }>;
      authenticatePayload(payload: string | Buffer, credentials: Hawk.Credentials, artifacts: Hawk.Artifacts, contentType: string): void;
    };
  };
  export = Hawk;
}
