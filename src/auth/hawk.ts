import { randomBytes } from 'node:crypto';
import Hawk from '@hapi/hawk';
import type { PreparedRequest } from '../engine/index.js';
import { effectiveContentType, feedBody } from './body-bytes.js';
import type { AuthParams } from './params.js';
import { withHeader } from './request-edit.js';
import type { AuthDeps } from './types.js';

/**
 * Hawk (the header scheme of @hapi/hawk). `includePayloadHash` hashes the body as sent, with its
 * Content-Type; a multipart body is sent without a payload hash, since its bytes are only fixed when it
 * is sent. Postman's `user` field is not part of the Hawk header and is not sent.
 */
export async function applyHawk(request: PreparedRequest, params: AuthParams, deps: AuthDeps): Promise<PreparedRequest> {
  const id = params.text('authId');
  const key = params.text('authKey');
  if (id.trim() === '' || key === '') return request;
  const algorithm = params.choice('algorithm', ['sha256', 'sha1'] as const, 'sha256');
  const typed = Number.parseInt(params.trimmed('timestamp'), 10);
  const timestamp = Number.isFinite(typed) && typed > 0 ? typed : Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
  const nonce = params.trimmed('nonce') || deps.nonce?.() || randomBytes(6).toString('base64url');

  let hash: string | undefined;
  if (params.flag('includePayloadHash')) {
    const running = Hawk.crypto.initializePayloadHash(algorithm, effectiveContentType(request.headers, request.body));
    if (await feedBody(request.body, (chunk) => running.update(chunk))) hash = Hawk.crypto.finalizePayloadHash(running);
  }
  const { url } = request;
  const { header } = Hawk.client.header(
    { protocol: url.protocol, hostname: url.hostname, port: url.port, pathname: url.pathname, search: url.search },
    request.method,
    {
      credentials: { id, key, algorithm },
      timestamp,
      nonce,
      hash,
      ext: params.text('extraData') || undefined,
      app: params.text('app') || undefined,
      dlg: params.text('delegation') || undefined,
    },
  );
  return withHeader(request, 'Authorization', header);
}
