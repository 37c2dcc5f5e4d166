/** A real `postern server` process for the server benchmarks: started on a free port, stopped with SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/postern.js', import.meta.url));

export interface ServerProcess {
  readonly base: string;
  readonly child: ChildProcess;
}

export async function startServerProcess(dir: string, masterKeyFile: string, databaseUrl: string | undefined): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS: extra Node flags for the server processes (e.g. --cpu-prof to profile them).
  const nodeArgs = (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
  const args = [...nodeArgs, BIN, 'server', '--host', '127.0.0.1', '--port', '0', '--data-dir', dir, '--master-key-file', masterKeyFile, '--log-level', 'silent'];
  if (databaseUrl !== undefined) args.push('--database-url', databaseUrl);
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    // The benchmark is one machine hammering itself: lift the per-IP limits it would otherwise hit.
    env: { ...process.env, POSTERN_RATE_LIMIT_IP: '0', POSTERN_RATE_LIMIT_AUTH: '0', POSTERN_RATE_LIMIT_ACCOUNT: '0' },
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`postern server exited with ${String(code)} before listening: ${out.trim()}`)));
  });
  return { base, child };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
