import { copyFile, rename, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import pc from 'picocolors';
import { Engine, prepareRequest, resolveSendOptions, responseBytes, type HttpResponse } from '../../engine/index.js';
import { createResolver, resolveClientCertificate, resolveRequest } from '../../variables/index.js';
import type { CliIo } from '../io.js';
import { parseSendArgs, type SendArgs } from './args.js';
import { bodyForJson, viewBody } from './body-view.js';
import { buildSendPlan, cliClientCertificate } from './build.js';
import { inFlagTerms } from './flag-names.js';
import { SEND_HELP } from './help.js';
import { downloadProgress } from './progress.js';
import { commandPolicy } from '../shared/managed-policy.js';
import { renderBody, renderHead, renderSummary } from './render-human.js';

/** `postern send`: one request from the terminal. Returns the exit code; bad input and failures throw. */
export async function runSend(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await send(argv, io);
  } catch (error) {
    throw inFlagTerms(error);
  }
}

async function send(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseSendArgs(argv);
  if (parsed === 'help') {
    io.stdout.write(SEND_HELP);
    return 0;
  }
  const args = parsed;
  const plan = buildSendPlan(args);
  const resolver = createResolver({ local: plan.locals, ...(plan.environment ? { environment: plan.environment.values } : {}) });
  const resolved = resolveRequest(plan.request, resolver);
  for (const name of resolved.unresolved) io.stderr.write(`postern: warning: variable {{${name}}} is not defined; sent as written\n`);

  const prepared = prepareRequest(resolved.request);
  const configured = cliClientCertificate(args, prepared.url);
  // Certificate paths and the passphrase may hold {{variables}} too.
  const certificate = configured ? resolveClientCertificate(configured, resolver).value : undefined;
  const settings = certificate ? { ...plan.settings, clientCertificates: [certificate] } : plan.settings;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  const engine = new Engine();
  const progress = io.stderrIsTTY && !args.json ? downloadProgress(io.stderr) : null;
  try {
    const policy = await commandPolicy(io.stderr);
    const options = { ...policy.floor(resolveSendOptions(settings, [], { signal: controller.signal })), ...(progress ? { onProgress: progress.onProgress } : {}) };
    const response = await engine.sendPrepared(prepared, options);
    progress?.done();
    await output(response, args, io);
    return 0;
  } finally {
    progress?.done();
    process.off('SIGINT', onSignal);
    await engine.close();
  }
}

async function output(response: HttpResponse, args: SendArgs, io: CliIo): Promise<void> {
  const contentType = response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  const bodySize = response.size.decodedBody;
  if (args.output) await saveBody(response, args.output);

  if (args.json) {
    const bytes = await responseBytes(response.body);
    const body = args.output ? { body: null, bodyEncoding: null, savedTo: args.output } : bodyForJson(bytes);
    const tls = response.tls
      ? {
          protocol: response.tls.protocol,
          cipher: response.tls.cipher?.name ?? null,
          cipherStandardName: response.tls.cipher?.standardName ?? null,
          alpn: response.tls.alpn,
          authorized: response.tls.authorized,
          authorizationError: response.tls.authorizationError,
          peerCertificates: response.tls.peerCertificates,
          clientCertificate: response.tls.clientCertificate,
          clientCertificateNote: response.tls.clientCertificateNote,
        }
      : null;
    const object = {
      status: response.status,
      statusText: response.statusText,
      url: response.url,
      headers: response.headers,
      ...body,
      size: response.size,
      timings: response.timings,
      redirects: response.redirects,
      tls,
    };
    io.stdout.write(`${JSON.stringify(object)}\n`);
    return;
  }

  const colors = pc.createColors(args.color ?? (io.stdoutIsTTY && !process.env['NO_COLOR']));
  if (args.bodyOnly) {
    if (!args.output) await writeRawBody(response, io);
    return;
  }
  io.stdout.write(renderHead(response, colors));
  io.stdout.write('\n');
  if (response.body.kind === 'file' && !args.output) {
    // Large bodies stream through instead of being pretty-printed in memory.
    await writeRawBody(response, io);
    io.stdout.write('\n');
  } else {
    const bytes = await responseBytes(response.body);
    io.stdout.write(renderBody(viewBody(bytes, contentType, true), bodySize, args.output));
  }
  io.stdout.write(renderSummary(response, colors));
}

async function writeRawBody(response: HttpResponse, io: CliIo): Promise<void> {
  if (response.body.kind === 'memory') {
    io.stdout.write(response.body.bytes);
    return;
  }
  for await (const chunk of createReadStream(response.body.path)) {
    if (!io.stdout.write(chunk as Buffer)) await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()));
  }
  await rm(response.body.path, { force: true });
}

async function saveBody(response: HttpResponse, path: string): Promise<void> {
  if (response.body.kind === 'memory') {
    await writeFile(path, response.body.bytes);
    return;
  }
  try {
    await rename(response.body.path, path);
  } catch {
    // Another file system: copy, then drop the temp file.
    await copyFile(response.body.path, path);
    await rm(response.body.path, { force: true });
  }
}
