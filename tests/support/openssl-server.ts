/**
 * `openssl s_server` as an independent TLS peer: a server that is not Node, configured with exactly
 * the protocols, ciphers and client-certificate demands a test asks for. Listens on 127.0.0.1 only.
 * With `www` (the default) it answers any HTTP GET with a status page; parse it with
 * `parseOpensslStatusPage` (./openssl-status.ts) to see what the server negotiated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { CertBundle } from './pki.js';
import { pickFreePort } from './ports.js';
import { makeTempDir, type TempDir } from './tmp.js';

export const OPENSSL_BIN = '/usr/bin/openssl';

/** Protocol names as OpenSSL's -min_protocol/-max_protocol and Node's getProtocol() spell them. */
export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
const VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const NO_FLAG: Readonly<Record<TlsVersion, string>> = {
  TLSv1: '-no_tls1',
  'TLSv1.1': '-no_tls1_1',
  'TLSv1.2': '-no_tls1_2',
  'TLSv1.3': '-no_tls1_3',
};

export interface OpensslServerOptions {
  /** Server certificate and key; its `chainPem` intermediates are sent too. */
  readonly cert: Pick<CertBundle, 'certPem' | 'keyPem'> & Partial<Pick<CertBundle, 'chainPem'>>;
  /** Exactly these protocols are enabled (gaps allowed, e.g. ['TLSv1', 'TLSv1.3']). Overrides min/max. */
  readonly protocols?: readonly TlsVersion[];
  readonly minProtocol?: TlsVersion;
  readonly maxProtocol?: TlsVersion;
  /**
   * `-cipher`: the TLS ≤ 1.2 list. When TLS 1.0/1.1 may be negotiated, ':@SECLEVEL=0' is appended
   * (OpenSSL 3 refuses them at the default level) unless the list already names a level.
   */
  readonly cipher?: string;
  /** `-ciphersuites`: the TLS 1.3 list, e.g. 'TLS_AES_128_GCM_SHA256'. */
  readonly ciphersuites?: string;
  /** `-serverpref`: the server's cipher order wins over the client's. */
  readonly serverPreference?: boolean;
  /** Ask for a client certificate, verified against `caPem`. */
  readonly clientAuth?: {
    readonly caPem: string;
    /** true (default): `-Verify`, the handshake fails without a valid certificate; false: `-verify`, optional. */
    readonly required?: boolean;
    /** Verification depth, default 5. */
    readonly depth?: number;
  };
  /** `-www` status page (default true). When false, s_server echoes what it receives. */
  readonly www?: boolean;
  /** `-alpn` protocols to accept, e.g. ['http/1.1']. */
  readonly alpn?: readonly string[];
  /** Anything else, appended verbatim. */
  readonly extraArgs?: readonly string[];
  /** How long to wait for the server to accept connections (default 10 s). */
  readonly startTimeoutMs?: number;
}

export interface RunningOpensslServer {
  readonly port: number;
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  /** The argument list s_server was started with (for failure messages). */
  readonly args: readonly string[];
  /** Everything s_server has written to stdout and stderr so far. */
  output(): string;
  /** Ends the process and removes its temp files. Safe to call twice. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
// A test that forgets stop() must not leave openssl running after the worker exits.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts `openssl s_server` on a free loopback port; resolves once it accepts connections. */
export async function startOpensslServer(options: OpensslServerOptions): Promise<RunningOpensslServer> {
  const files = makeTempDir('postern-s_server-');
  try {
    const baseArgs = buildArgs(options, files);
    for (let attempt = 1; ; attempt += 1) {
      const port = await pickFreePort();
      const args = ['s_server', '-accept', `127.0.0.1:${port}`, ...baseArgs];
      const started = await launch(args, options.startTimeoutMs ?? 10_000);
      if (started.ok) return running(started.child, started.output, port, args, files);
      // Someone took the port between our probe and openssl's bind: try another.
      if (/address already in use|bind/i.test(started.output.text) && attempt < 5) continue;
      throw new Error(`openssl ${args.join(' ')} did not start: ${started.reason}\n${started.output.text}`);
    }
  } catch (error) {
    files.cleanup();
    throw error;
  }
}

/** The s_server arguments after `-accept`; cert, key and CA files are written into `files`. */
function buildArgs(options: OpensslServerOptions, files: TempDir): string[] {
  const args = ['-cert', files.write('server.crt.pem', options.cert.certPem), '-key', files.write('server.key.pem', options.cert.keyPem)];
  if (options.cert.chainPem !== undefined && options.cert.chainPem !== '') {
    args.push('-cert_chain', files.write('server.chain.pem', options.cert.chainPem));
  }
  if (options.www ?? true) args.push('-www');

  const enabled = enabledVersions(options);
  const lowest = enabled[0];
  const highest = enabled[enabled.length - 1];
  if (lowest === undefined || highest === undefined) throw new Error('openssl server: no protocol enabled');
  args.push('-min_protocol', lowest, '-max_protocol', highest);
  for (const version of VERSIONS.slice(VERSIONS.indexOf(lowest), VERSIONS.indexOf(highest) + 1)) {
    if (!enabled.includes(version)) args.push(NO_FLAG[version]);
  }

  const legacy = enabled.includes('TLSv1') || enabled.includes('TLSv1.1');
  const cipher = legacy ? withSecLevelZero(options.cipher ?? 'DEFAULT') : options.cipher;
  if (cipher !== undefined) args.push('-cipher', cipher);
  if (options.ciphersuites !== undefined) args.push('-ciphersuites', options.ciphersuites);
  if (options.serverPreference === true) args.push('-serverpref');

  if (options.clientAuth !== undefined) {
    const depth = String(options.clientAuth.depth ?? 5);
    args.push(options.clientAuth.required ?? true ? '-Verify' : '-verify', depth);
    args.push('-CAfile', files.write('client-ca.pem', options.clientAuth.caPem), '-verify_return_error');
  }
  if (options.alpn !== undefined && options.alpn.length > 0) args.push('-alpn', options.alpn.join(','));
  args.push(...(options.extraArgs ?? []));
  return args;
}

function enabledVersions(options: OpensslServerOptions): TlsVersion[] {
  if (options.protocols !== undefined) return VERSIONS.filter((version) => options.protocols?.includes(version));
  const min = VERSIONS.indexOf(options.minProtocol ?? 'TLSv1.2');
  const max = VERSIONS.indexOf(options.maxProtocol ?? 'TLSv1.3');
  return VERSIONS.slice(min, max + 1);
}

function withSecLevelZero(cipher: string): string {
  return /@SECLEVEL=/i.test(cipher) ? cipher : `${cipher}:@SECLEVEL=0`;
}

interface CollectedOutput {
  text: string;
}

type LaunchResult =
  | { ok: true; child: ChildProcess; output: CollectedOutput }
  | { ok: false; reason: string; output: CollectedOutput };

/**
 * Spawns s_server and waits for its 'ACCEPT' line, which it prints right after listen() succeeds.
 * (A connect probe would also work but leaves an 'unexpected eof' error in the server's log.)
 */
function launch(args: string[], timeoutMs: number): Promise<LaunchResult> {
  const output: CollectedOutput = { text: '' };
  const child = spawn(OPENSSL_BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: LaunchResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!result.ok) child.kill('SIGKILL');
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      output.text += chunk.toString('utf8');
      if (/^ACCEPT\b/m.test(output.text)) settle({ ok: true, child, output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => settle({ ok: false, reason: error.message, output }));
    child.once('exit', (code, signal) => settle({ ok: false, reason: `exited (${signal ?? code})`, output }));
    const timer = setTimeout(() => settle({ ok: false, reason: `no ACCEPT within ${timeoutMs} ms`, output }), timeoutMs);
  });
}

function running(child: ChildProcess, output: CollectedOutput, port: number, args: string[], files: TempDir): RunningOpensslServer {
  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    args,
    output: () => output.text,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          files.cleanup();
          resolve();
          return;
        }
        const forceTimer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(forceTimer);
          files.cleanup();
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopping;
    },
  };
}
