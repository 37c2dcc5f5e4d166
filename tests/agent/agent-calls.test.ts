import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../src/agent/index.js';
import { apiCall, json, startTestAgent, type StandInBackend } from './harness.js';

let agent: RunningAgent;
let backend: StandInBackend;
beforeAll(async () => {
  ({ agent, backend } = await startTestAgent());
});
afterAll(async () => agent.close());

describe('POST /api/call', () => {
  it('passes the validated input (defaults applied) to the backend', async () => {
    const response = await apiCall(agent, { name: 'app.version', input: {} });
    expect(response.status).toBe(200);
    expect(backend.calls.at(-1)).toEqual(['app.version', {}]);
  });

  it('treats a missing input as {} like createPosternApi', async () => {
    const response = await apiCall(agent, { name: 'app.version' });
    expect(json(response)).toMatchObject({ ok: true });
  });

  it('answers an unknown operation with a typed UNKNOWN_OPERATION (HTTP 200), without reaching the backend', async () => {
    const before = backend.calls.length;
    const response = await apiCall(agent, { name: 'shell.exec', input: { command: 'id' } });
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: 'unknown operation: "shell.exec"' } });
    const inherited = await apiCall(agent, { name: '__proto__', input: {} });
    expect(json(inherited)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    expect(backend.calls.length).toBe(before);
  });

  it('answers invalid input with INVALID_INPUT naming the field', async () => {
    const response = await apiCall(agent, { name: 'requests.cancel', input: { sendId: 42 } });
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'requests.cancel: input.sendId: expected string, received number', where: { path: 'input.sendId' } },
    });
    const nested = await apiCall(agent, { name: 'requests.send', input: { sendId: 's', workspaceId: 'w', request: { method: 'GET', url: 7 } } });
    expect(json(nested)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { path: 'input.request.url' } } });
  });

  it("passes a service's PosternError on with its code and where", async () => {
    const response = await apiCall(agent, { name: 'requests.cancel', input: { sendId: 's1' } });
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({ ok: false, error: { code: 'ABORTED', message: 'nothing to cancel', where: { path: 'sendId' } } });
  });

  it('turns an output that breaks the contract into INTERNAL, without passing it on', async () => {
    const response = await apiCall(agent, { name: 'runner.cancel', input: { runId: 'r1' } });
    expect(response.status).toBe(200);
    expect(json(response)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(response.body).not.toContain('/home/me');
  });

  it('refuses a body that is not the {name, input} envelope with 400 and a typed error', async () => {
    const notJson = await apiCall(agent, '{"name": "app.version",');
    expect(notJson.status).toBe(400);
    expect(json(notJson)).toMatchObject({ ok: false, error: { code: 'INVALID_JSON' } });
    const array = await apiCall(agent, [1, 2]);
    expect(array.status).toBe(400);
    const noName = await apiCall(agent, { input: {} });
    expect(json(noName)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { path: 'body.name' } } });
    const extra = await apiCall(agent, { name: 'app.version', input: {}, channel: 'x' });
    expect(json(extra)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { path: 'body.channel' } } });
  });
});
