import { Engine, resolveSendOptions, responseText, type HttpResponse, type SendOptions } from '../../src/engine/index.js';
import { defaultSettings, RequestSchema, SettingsSchema, type RequestInput, type Request } from '../../src/model/index.js';
import type { EchoReply } from '../support/servers.js';

export function req(input: RequestInput): Request {
  return RequestSchema.parse(input);
}

/** Options from default settings with some fields replaced. */
export function opts(settings: Parameters<typeof SettingsSchema.parse>[0] = {}, extra: Partial<SendOptions> = {}): SendOptions {
  return { ...resolveSendOptions(SettingsSchema.parse(settings ?? defaultSettings())), ...extra };
}

export async function echoOf(response: HttpResponse): Promise<EchoReply> {
  return JSON.parse(await responseText(response.body)) as EchoReply;
}

export function header(reply: EchoReply, name: string): string[] {
  return reply.rawHeaders.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

export async function failure(promise: Promise<unknown>): Promise<{ code: string; line: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; toLine?: () => string; message: string };
    return { code: e.code ?? 'none', line: e.toLine ? e.toLine() : e.message };
  }
  throw new Error('expected the promise to fail');
}

export { Engine };
