/**
 * Loopback port helpers for peers we cannot hand port 0 to (external processes such as
 * `openssl s_server`, which must be told a concrete port).
 */
import net from 'node:net';

/**
 * A port that was free on 127.0.0.1 a moment ago: bind port 0, read the port, release it. Another
 * process may take it before the caller binds, so callers retry on EADDRINUSE.
 */
export function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('probe server has no TCP address'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}
