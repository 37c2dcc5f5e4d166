import { connect, createServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from '../../src/agent/index.js';
import { startTestAgent, StandInBackend } from './harness.js';

let agent: RunningAgent;
beforeAll(async () => {
  ({ agent } = await startTestAgent());
});
afterAll(async () => agent.close());

function connectTo(host: string, port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('timeout', () => (socket.destroy(), resolve('timeout')));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

const outward = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
  .map((a) => a?.address ?? '');
const checked: string[] = [];

describe('loopback only', () => {
  it('accepts connections on 127.0.0.1', async () => {
    expect(await connectTo('127.0.0.1', agent.port)).toBe('connected');
  });

  it('is not reachable on ::1', async () => {
    expect(await connectTo('::1', agent.port)).not.toBe('connected');
  });

  // 127.0.0.2 is loopback too on Linux: an agent bound to 0.0.0.0 or to all of lo would answer there.
  const others = [...outward, '127.0.0.2'];
  it(`is not reachable on the machine's other addresses (${others.join(', ')})`, async () => {
    for (const address of others) {
      // The control: something listening on every interface is reachable at this address...
      const control = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => control.listen(0, '0.0.0.0', resolve));
      const controlPort = (control.address() as AddressInfo).port;
      const reached = await connectTo(address, controlPort);
      await new Promise<void>((resolve) => control.close(() => resolve()));
      if (reached !== 'connected') continue;
      // ...and the agent is not.
      expect(await connectTo(address, agent.port), address).toBe('ECONNREFUSED');
      checked.push(address);
    }
    expect(checked.length, 'at least one other address was reachable for the control').toBeGreaterThan(0);
  });

  it('refuses a short or odd token and a bad port', async () => {
    await expect(startAgent({ handlers: new StandInBackend(), token: 'short' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(startAgent({ handlers: new StandInBackend(), token: 'a'.repeat(40) + ' b' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(startAgent({ handlers: new StandInBackend(), port: 70000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('says clearly when its port is taken', async () => {
    await expect(startAgent({ handlers: new StandInBackend(), port: agent.port })).rejects.toThrow(`port ${agent.port} on 127.0.0.1 is in use`);
  });
});
