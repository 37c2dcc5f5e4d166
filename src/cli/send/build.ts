import { readFileSync } from 'node:fs';
import { importPostmanEnvironment } from '../../formats/index.js';
import {
  PosternError,
  RequestSchema,
  SettingsSchema,
  type Body,
  type ClientCertificate,
  type Environment,
  type Request,
  type Settings,
} from '../../model/index.js';
import type { z } from 'zod';
import { usage, type SendArgs } from './args.js';

export interface SendPlan {
  readonly request: Request;
  readonly settings: Settings;
  readonly environment: Environment | undefined;
  readonly locals: Readonly<Record<string, string>>;
}

/** Turns parsed arguments into a request, settings and variable scopes; reads the environment file. */
export function buildSendPlan(args: SendArgs): SendPlan {
  const body = buildBody(args);
  const method = args.method ?? (body.mode === 'none' ? 'GET' : 'POST');
  const parsedRequest = RequestSchema.safeParse({
    method,
    url: args.url,
    headers: args.headers.map(([key, value]) => ({ key, value })),
    body,
  });
  // A schema error would otherwise escape as a multi-line ZodError (an "internal error").
  if (!parsedRequest.success) throw invalidArgument(parsedRequest.error, { method });
  const request = parsedRequest.data;

  const settings = SettingsSchema.parse({
    tls: {
      strictSSL: !args.insecure,
      ...(args.tlsDisable ? { disabledProtocols: args.tlsDisable } : {}),
      ...(args.ciphers ? { cipherSelection: args.ciphers } : {}),
      preferServerCiphers: args.preferServerCiphers,
    },
    caCertificates: { enabled: args.cacert.length > 0, paths: args.cacert },
    proxy: args.proxy ? { enabled: true, url: args.proxy, bypass: args.noProxy } : { enabled: false },
    timeouts: {
      ...(args.connectTimeoutMs !== undefined ? { connectMs: args.connectTimeoutMs } : {}),
      ...(args.timeoutMs !== undefined ? { requestMs: args.timeoutMs } : {}),
    },
    redirects: { follow: args.followRedirects, ...(args.maxRedirects !== undefined ? { max: args.maxRedirects } : {}) },
    // The CLI saves big downloads with -o, so no size limit unless asked.
    maxResponseSizeMb: args.maxSizeMb ?? 0,
    ...(args.keylog ? { sslKeyLogFile: args.keylog } : {}),
  });

  return {
    request,
    settings,
    environment: args.environmentFile ? readEnvironment(args.environmentFile) : undefined,
    locals: Object.fromEntries(args.vars),
  };
}

function invalidArgument(error: z.ZodError, given: Readonly<Record<string, string>>): PosternError {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const value = given[field];
  const what = field === 'method' ? `method "${value ?? ''}"` : field || 'request';
  return usage(`${what}: ${issue?.message ?? 'invalid value'}`);
}

function buildBody(args: SendArgs): Body {
  if (args.form.length > 0) {
    return {
      mode: 'formdata',
      formdata: args.form.map((field) =>
        field.kind === 'text'
          ? { type: 'text' as const, key: field.name, value: field.value, enabled: true }
          : { type: 'file' as const, key: field.name, src: [field.path], enabled: true, ...(field.contentType ? { contentType: field.contentType } : {}) },
      ),
    };
  }
  if (args.dataFile) return { mode: 'file', file: { src: args.dataFile } };
  if (args.data.length === 0) return { mode: 'none' };
  if (args.data.length === 1 && args.data[0]?.startsWith('@')) return { mode: 'file', file: { src: args.data[0].slice(1) } };
  // Several -d join with & as curl does.
  const raw = args.data.join('&');
  return { mode: 'raw', raw, language: looksLikeJson(raw) ? 'json' : 'text' };
}

function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

function readEnvironment(file: string): Environment {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PosternError('FILE_UNREADABLE', `environment file ${code === 'ENOENT' ? 'not found' : 'cannot be read'}`, { file });
  }
  return importPostmanEnvironment(text, { file });
}

/**
 * The --cert/--pfx certificate, for the host and port of the request's (resolved) URL only: it is never
 * offered to a host a redirect leads to.
 */
export function cliClientCertificate(args: SendArgs, url: URL): ClientCertificate | undefined {
  if (!args.cert && !args.pfx) return undefined;
  return {
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
    enabled: true,
    ...(args.pfx ? { pfx: args.pfx } : { cert: args.cert as string, key: args.key as string }),
    ...(args.passphrase !== undefined ? { passphrase: args.passphrase } : {}),
  };
}
