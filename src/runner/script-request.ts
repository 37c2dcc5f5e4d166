import type { CookieStore, HttpResponse } from '../engine/index.js';
import { joinUrl, splitUrl } from '../formats/index.js';
import { AuthSchema, BodySchema, MethodSchema, type Auth, type KeyValue, type Request } from '../model/index.js';
import type { ScriptCookie, ScriptHeader, ScriptRequest, ScriptResponse } from '../scripts/types.js';

/** The request as scripts see it: the full URL with its enabled query, `{{variables}}` as written. */
export function toScriptRequest(request: Request, ids: { id: string; name: string }, auth: Auth | undefined): ScriptRequest {
  return {
    id: ids.id,
    name: ids.name,
    method: request.method,
    url: joinUrl(request.url, request.query),
    headers: request.headers.map(toScriptHeader),
    body: request.body,
    ...(auth ? { auth } : {}),
  };
}

function toScriptHeader(row: KeyValue): ScriptHeader {
  return row.enabled ? { key: row.key, value: row.value } : { key: row.key, value: row.value, disabled: true };
}

/**
 * The request after a pre-request script: only what the script changed is taken from its copy, so rows it
 * never touched keep their descriptions and disabled query parameters. A change whose shape is not a
 * valid request part is ignored (the script's copy is untrusted JSON).
 */
export function fromScriptRequest(request: Request, before: ScriptRequest, after: ScriptRequest): Request {
  const out: Request = { ...request };
  if (after.method !== before.method && MethodSchema.safeParse(after.method).success) out.method = after.method;
  if (after.url !== before.url && typeof after.url === 'string') {
    const split = splitUrl(after.url);
    out.url = split.hash === undefined ? split.base : `${split.base}#${split.hash}`;
    out.query = split.query;
  }
  if (Array.isArray(after.headers) && !sameJson(before.headers, after.headers)) {
    out.headers = after.headers
      .filter((header) => typeof header?.key === 'string')
      .map((header) => ({ key: header.key, value: String(header.value ?? ''), enabled: header.disabled !== true }));
  }
  if (!sameJson(before.body, after.body)) {
    const body = BodySchema.safeParse(after.body);
    if (body.success) out.body = body.data;
  }
  if (!sameJson(before.auth, after.auth)) {
    if (after.auth === undefined) delete out.auth;
    else {
      const auth = AuthSchema.safeParse(after.auth);
      if (auth.success) out.auth = auth.data;
    }
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A request given to `pm.sendRequest`, as the model's request (sent as written: no variables). */
export function requestFromScript(request: ScriptRequest | string): Request {
  if (typeof request === 'string') return { method: 'GET', url: request, query: [], pathVariables: [], headers: [], body: { mode: 'none' } };
  const body = BodySchema.safeParse(request.body ?? { mode: 'none' });
  const auth = request.auth === undefined ? undefined : AuthSchema.safeParse(request.auth);
  return {
    method: typeof request.method === 'string' && request.method !== '' ? request.method : 'GET',
    url: String(request.url),
    query: [],
    pathVariables: [],
    headers: (Array.isArray(request.headers) ? request.headers : []).map((header) => ({
      key: String(header.key),
      value: String(header.value ?? ''),
      enabled: header.disabled !== true,
    })),
    body: body.success ? body.data : { mode: 'none' },
    ...(auth?.success ? { auth: auth.data } : {}),
  };
}

/** The response as test scripts see it. */
export function toScriptResponse(response: HttpResponse, bodyText: string): ScriptResponse {
  return {
    code: response.status,
    status: response.statusText,
    headers: response.headers.map(([key, value]) => ({ key, value })),
    body: bodyText,
    responseTime: response.timings.total,
    responseSize: response.size.body,
  };
}

/** The jar's cookies for a URL (`pm.cookies`). */
export function scriptCookies(cookies: CookieStore, url: URL | undefined): ScriptCookie[] {
  if (url === undefined) return [];
  return cookies.jar.getCookiesSync(url.href).map((cookie) => {
    const expires = cookie.expires instanceof Date ? cookie.expires.toISOString() : undefined;
    return {
      name: cookie.key,
      value: cookie.value,
      ...(cookie.domain ? { domain: cookie.domain } : {}),
      ...(cookie.path ? { path: cookie.path } : {}),
      ...(expires ? { expires } : {}),
      httpOnly: cookie.httpOnly,
      secure: cookie.secure,
    };
  });
}
