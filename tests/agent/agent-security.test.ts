import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../src/agent/index.js';
import { apiCall, json, rawRequest, startTestAgent, type RawResponse, type StandInBackend } from './harness.js';

let agent: RunningAgent;
let backend: StandInBackend;
beforeAll(async () => {
  ({ agent, backend } = await startTestAgent({ maxBodyBytes: 4096 }));
});
afterAll(async () => agent.close());

const VERSION_CALL = { name: 'app.version', input: {} };

function expectNoCors(response: RawResponse): void {
  for (const name of Object.keys(response.headers)) expect(name.startsWith('access-control-'), `header ${name}`).toBe(false);
}

function expectSecurityHeaders(response: RawResponse): void {
  const csp = String(response.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expectNoCors(response);
}

describe('the agent', () => {
  it('listens on 127.0.0.1 and hands out a 256-bit token in the URL fragment', () => {
    expect(agent.origin).toBe(`http://127.0.0.1:${agent.port}`);
    expect(agent.url).toBe(`http://127.0.0.1:${agent.port}/#token=${agent.token}`);
    expect(Buffer.from(agent.token, 'base64url')).toHaveLength(32);
  });

  it('answers a call with the right token and Origin', async () => {
    const response = await apiCall(agent, VERSION_CALL);
    expect(response.status).toBe(200);
    expect(json(response)).toMatchObject({ ok: true, value: { version: '0.1.0-test' } });
    expect(response.headers['cache-control']).toBe('no-store');
    expectSecurityHeaders(response);
  });

  it('accepts the localhost name for the same port, with the matching Origin', async () => {
    const response = await apiCall(agent, VERSION_CALL, { Host: `localhost:${agent.port}`, Origin: `http://localhost:${agent.port}` });
    expect(response.status).toBe(200);
  });

  const wrongTokens: Array<[string, (token: string) => string | undefined]> = [
    ['no Authorization header', () => undefined],
    ['a wrong token', () => 'Bearer wrong-token-wrong-token-wrong-token-xx'],
    ['the token with its last character changed', (token) => `Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`],
    ['the token plus one character', (token) => `Bearer ${token}A`],
    ['the token under another scheme', (token) => `Basic ${token}`],
  ];
  it.each(wrongTokens)('refuses %s with 401', async (_what, authorization) => {
    const before = backend.calls.length;
    const header = authorization(agent.token);
    const headers: Record<string, string> = { Origin: agent.origin, 'Content-Type': 'application/json' };
    if (header !== undefined) headers['Authorization'] = header;
    const response = await rawRequest({ port: agent.port, method: 'POST', path: '/api/call', headers, body: JSON.stringify(VERSION_CALL) });
    expect(response.status).toBe(401);
    expect(json(response)).toMatchObject({ ok: false, error: { code: 'AGENT_UNAUTHORIZED' } });
    expect(response.body).not.toContain(agent.token);
    expect(backend.calls.length).toBe(before);
    expectSecurityHeaders(response);
  });

  it.each([
    ['a foreign Origin', { Origin: 'http://evil.example' }],
    ['the null Origin', { Origin: 'null' }],
    ['another local port as Origin', { Origin: 'http://127.0.0.1:1' }],
    ['an https Origin of the same host', { Origin: `https://127.0.0.1:PORT` }],
    ['no Origin at all', { Origin: '' }],
    ['a DNS-rebinding Host', { Host: 'evil.example:PORT', Origin: 'http://evil.example:PORT' }],
    ['a rebinding Host with our Origin', { Host: 'evil.example:PORT' }],
    ['our address on another port as Host', { Host: '127.0.0.1:1' }],
    ['a cross-site fetch that kept our Origin', { 'Sec-Fetch-Site': 'cross-site' }],
  ])('refuses %s with 403, even with the right token', async (_what, headers: Record<string, string>) => {
    const before = backend.calls.length;
    const withPort = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('PORT', String(agent.port))]));
    const request = { port: agent.port, method: 'POST', path: '/api/call', body: JSON.stringify(VERSION_CALL) };
    const base: Record<string, string> = { Origin: agent.origin, 'Content-Type': 'application/json', Authorization: `Bearer ${agent.token}` };
    const merged = { ...base, ...withPort };
    if (merged['Origin'] === '') delete merged['Origin'];
    const response = await rawRequest({ ...request, headers: merged });
    expect(response.status).toBe(403);
    expect(json(response)).toMatchObject({ ok: false, error: { code: 'AGENT_FORBIDDEN' } });
    expect(backend.calls.length).toBe(before);
    expectSecurityHeaders(response);
  });

  it('refuses a rebinding Host for the page and its files too', async () => {
    const response = await rawRequest({ port: agent.port, path: '/', headers: { Host: `evil.example:${agent.port}` } });
    expect(response.status).toBe(403);
    expectSecurityHeaders(response);
  });

  it('never grants a CORS preflight', async () => {
    const preflight = await rawRequest({
      port: agent.port,
      method: 'OPTIONS',
      path: '/api/call',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(403);
    expectNoCors(preflight);
    const sameOrigin = await rawRequest({ port: agent.port, method: 'OPTIONS', path: '/api/call', headers: { Origin: agent.origin, 'Access-Control-Request-Method': 'POST' } });
    expect(sameOrigin.status).toBe(405);
    expectNoCors(sameOrigin);
    const page = await rawRequest({ port: agent.port, method: 'OPTIONS', path: '/', headers: { 'Access-Control-Request-Method': 'GET' } });
    expectNoCors(page);
  });

  it('takes only application/json, so no cross-origin "simple" request gets in', async () => {
    const response = await apiCall(agent, VERSION_CALL, { 'Content-Type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(json(response)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses a body over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ name: 'app.version', input: { padding: 'x'.repeat(5000) } });
    const declared = await apiCall(agent, big);
    expect(declared.status).toBe(413);
    expect(json(declared)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'request body is larger than 4096 bytes' } });
    const streamed = await rawRequest({
      port: agent.port,
      method: 'POST',
      path: '/api/call',
      headers: { Origin: agent.origin, 'Content-Type': 'application/json', Authorization: `Bearer ${agent.token}`, 'Transfer-Encoding': 'chunked' },
      body: big,
    });
    expect(streamed.status).toBe(413);
  });

  it('answers other /api paths with 404 and other methods with 405', async () => {
    const unknown = await rawRequest({ port: agent.port, method: 'POST', path: '/api/exec', headers: { Origin: agent.origin } });
    expect(unknown.status).toBe(404);
    const get = await rawRequest({ port: agent.port, method: 'GET', path: '/api/call', headers: { Origin: agent.origin } });
    expect(get.status).toBe(405);
    expect(get.headers['allow']).toBe('POST');
  });
});
