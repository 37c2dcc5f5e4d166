import { randomUUID } from 'node:crypto';
import type { Collection, Folder, Item, ProtocolProfileBehavior, RequestItem, SavedResponse, Scripts, Variable } from '../../model/index.js';
import { problemAt, zodErrorToPosternError } from '../json-path.js';
import type { JsonPath, ValidationSource } from '../json-path.js';
import { parseJsonText } from '../json-text.js';
import { CollectionIn, ItemIn } from './input-schema.js';
import type { EventIn, ResponseIn, VariableIn } from './input-schema.js';
import { importAuth, importDescription, importHeaders, importRequest, jsonText } from './import-request.js';

export type PostmanCollectionVersion = '2.0' | '2.1';

export interface PostmanImportOptions {
  /** Named in error messages: `collection.json:12: item[2].request.url: …`. */
  readonly file?: string;
}

const V2_SCHEMA = /\/collection\/v2\.([01])\.\d+\//;
const V1_SCHEMA = /\/collection\/v1(\.\d+)*\//;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The version an export declares in `info.schema`; undefined when it names none we know. */
export function detectPostmanCollectionVersion(document: unknown): PostmanCollectionVersion | undefined {
  const info = isRecord(document) && isRecord(document.info) ? document.info : undefined;
  const match = typeof info?.schema === 'string' ? V2_SCHEMA.exec(info.schema) : null;
  return match ? (match[1] === '0' ? '2.0' : '2.1') : undefined;
}

/** Turn away documents that are not v2 collections with a message that says what they are. */
function rejectOtherDocuments(document: Record<string, unknown>, source: ValidationSource): void {
  const info = isRecord(document.info) ? document.info : undefined;
  if (typeof info?.schema === 'string' && V1_SCHEMA.test(info.schema)) {
    throw problemAt('INVALID_COLLECTION', 'Postman collection v1 is not supported; export it again from Postman as v2.1', ['info', 'schema'], source);
  }
  if (info === undefined && Array.isArray(document.requests)) {
    throw problemAt('INVALID_COLLECTION', 'Postman collection v1 is not supported; export it again from Postman as v2.1', [], source);
  }
  if (info === undefined && (Array.isArray(document.values) || typeof document._postman_variable_scope === 'string')) {
    throw problemAt('INVALID_COLLECTION', 'this is a Postman environment or globals export, not a collection', [], source);
  }
}

function importScripts(events: EventIn[] | null | undefined): Scripts {
  const scripts: { prerequest?: string; test?: string } = {};
  for (const event of events ?? []) {
    if (event.disabled === true || (event.listen !== 'prerequest' && event.listen !== 'test')) continue;
    const exec = event.script?.exec;
    const text = Array.isArray(exec) ? exec.join('\n') : (exec ?? '');
    if (text === '') continue;
    // Several events for one hook run one after the other in Postman; one script in that order does the same.
    const before = scripts[event.listen];
    scripts[event.listen] = before === undefined ? text : `${before}\n${text}`;
  }
  return scripts;
}

export function importVariables(variables: VariableIn[] | null | undefined): Variable[] {
  return (variables ?? []).map((variable) => {
    const description = importDescription(variable.description);
    return {
      key: variable.key ?? variable.id ?? variable.name ?? '',
      initialValue: jsonText(variable.value),
      type: variable.type === 'secret' ? 'secret' : 'default',
      enabled: variable.disabled !== true,
      ...(description === undefined ? {} : { description }),
    };
  });
}

function importBehavior(behavior: ProtocolProfileBehavior | null | undefined): { protocolProfileBehavior?: ProtocolProfileBehavior } {
  return behavior && Object.keys(behavior).length > 0 ? { protocolProfileBehavior: behavior } : {};
}

function responseTime(value: number | string | null | undefined): number | null | undefined {
  if (typeof value !== 'string') return value;
  const parsed = Number(value);
  return value.trim() !== '' && Number.isFinite(parsed) ? parsed : undefined;
}

function importResponse(response: ResponseIn, path: JsonPath, source: ValidationSource): SavedResponse {
  const time = responseTime(response.responseTime);
  return {
    ...(response.id ? { id: response.id } : {}),
    name: response.name ?? 'Example',
    ...(response.originalRequest ? { originalRequest: importRequest(response.originalRequest, [...path, 'originalRequest'], source) } : {}),
    ...(response.status ? { status: response.status } : {}),
    ...(typeof response.code === 'number' ? { code: response.code } : {}),
    headers: importHeaders(response.header),
    body: response.body ?? '',
    ...(response._postman_previewlanguage ? { previewLanguage: response._postman_previewlanguage } : {}),
    ...(time === undefined ? {} : { responseTime: time }),
  };
}

function importItem(value: unknown, path: JsonPath, source: ValidationSource): Item {
  const parsed = ItemIn.safeParse(value);
  if (!parsed.success) throw zodErrorToPosternError(parsed.error, 'INVALID_COLLECTION', { ...source, basePath: [...(source.basePath ?? []), ...path] });
  const item = parsed.data;
  const id = item.id ?? item._postman_id ?? randomUUID();
  const description = importDescription(item.description);
  if (Array.isArray(item.item)) {
    const auth = importAuth(item.auth, [...path, 'auth'], source);
    const folder: Folder = {
      kind: 'folder',
      id,
      name: item.name ?? 'Untitled folder',
      ...(description === undefined ? {} : { description }),
      items: item.item.map((child, index) => importItem(child, [...path, 'item', index], source)),
      ...(auth ? { auth } : {}),
      scripts: importScripts(item.event),
      variables: importVariables(item.variable),
      ...importBehavior(item.protocolProfileBehavior),
    };
    return folder;
  }
  if (item.request === null || item.request === undefined) {
    throw problemAt('INVALID_COLLECTION', 'expected a request, or an item list for a folder', path, source);
  }
  const request: RequestItem = {
    kind: 'request',
    id,
    name: item.name ?? 'Untitled request',
    ...(description === undefined ? {} : { description }),
    request: importRequest(item.request, [...path, 'request'], source),
    responses: (item.response ?? []).map((response, index) => importResponse(response, [...path, 'response', index], source)),
    scripts: importScripts(item.event),
    ...importBehavior(item.protocolProfileBehavior),
  };
  return request;
}

function versionText(version: CollectionIn['info']['version']): string | undefined {
  if (version === null || version === undefined) return undefined;
  if (typeof version === 'string') return version === '' ? undefined : version;
  const core = `${version.major}.${version.minor}.${version.patch}`;
  return version.identifier ? `${core}-${version.identifier}` : core;
}

/**
 * Import a Postman collection export, v2.0 or v2.1, given as JSON text or an already parsed value. Also
 * accepts the Postman API's `{ "collection": {...} }` wrapper. Items without ids get fresh UUIDs.
 */
export function importPostmanCollection(json: unknown, opts: PostmanImportOptions = {}): Collection {
  const text = typeof json === 'string' ? json : undefined;
  const document = text === undefined ? json : parseJsonText(text, opts.file);
  const baseSource: ValidationSource = { file: opts.file, text };
  if (!isRecord(document)) {
    throw problemAt('INVALID_COLLECTION', 'expected a Postman collection: a JSON object with "info" and "item"', [], baseSource);
  }
  const wrapped = !isRecord(document.info) && isRecord(document.collection);
  const body = wrapped && isRecord(document.collection) ? document.collection : document;
  const source: ValidationSource = wrapped ? { ...baseSource, basePath: ['collection'] } : baseSource;
  rejectOtherDocuments(body, source);

  const parsed = CollectionIn.safeParse(body);
  if (!parsed.success) throw zodErrorToPosternError(parsed.error, 'INVALID_COLLECTION', source);
  const collection = parsed.data;
  const description = importDescription(collection.info.description);
  const version = versionText(collection.info.version);
  const auth = importAuth(collection.auth, ['auth'], source);
  return {
    id: collection.info._postman_id ?? randomUUID(),
    name: collection.info.name,
    ...(description === undefined ? {} : { description }),
    ...(version === undefined ? {} : { version }),
    items: (collection.item ?? []).map((item, index) => importItem(item, ['item', index], source)),
    ...(auth ? { auth } : {}),
    scripts: importScripts(collection.event),
    variables: importVariables(collection.variable),
    ...importBehavior(collection.protocolProfileBehavior),
  };
}
