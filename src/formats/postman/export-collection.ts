import type { Collection, Folder, Item, ProtocolProfileBehavior, RequestItem, SavedResponse, Scripts, Variable } from '../../model/index.js';
import { exportAuth, exportHeaders, exportRequest } from './export-request.js';
import { POSTMAN_V21_SCHEMA } from './output-types.js';
import type {
  PostmanCollectionV21,
  PostmanEventV21,
  PostmanFolderV21,
  PostmanItemV21,
  PostmanRequestItemV21,
  PostmanResponseV21,
  PostmanVariableV21,
} from './output-types.js';

function exportEvents(scripts: Scripts): { event?: PostmanEventV21[] } {
  const events: PostmanEventV21[] = [];
  for (const listen of ['prerequest', 'test'] as const) {
    const text = scripts[listen];
    if (text !== undefined && text !== '') events.push({ listen, script: { type: 'text/javascript', exec: text.split('\n') } });
  }
  return events.length > 0 ? { event: events } : {};
}

/** Collection and folder variables carry their initial (shared) value; current values stay on the device. */
export function exportVariables(variables: readonly Variable[]): { variable?: PostmanVariableV21[] } {
  if (variables.length === 0) return {};
  return {
    variable: variables.map((variable) => ({
      key: variable.key,
      value: variable.initialValue,
      type: variable.type === 'secret' ? 'secret' : 'string',
      ...(variable.enabled ? {} : { disabled: true }),
      ...(variable.description ? { description: variable.description } : {}),
    })),
  };
}

function exportBehavior(behavior: ProtocolProfileBehavior | undefined): { protocolProfileBehavior?: ProtocolProfileBehavior } {
  return behavior && Object.keys(behavior).length > 0 ? { protocolProfileBehavior: { ...behavior } } : {};
}

function exportResponse(response: SavedResponse): PostmanResponseV21 {
  return {
    ...(response.id ? { id: response.id } : {}),
    name: response.name,
    ...(response.originalRequest ? { originalRequest: exportRequest(response.originalRequest) } : {}),
    ...(response.status ? { status: response.status } : {}),
    ...(response.code === undefined ? {} : { code: response.code }),
    ...(response.previewLanguage ? { _postman_previewlanguage: response.previewLanguage } : {}),
    header: exportHeaders(response.headers),
    cookie: [],
    ...(response.responseTime === undefined ? {} : { responseTime: response.responseTime }),
    body: response.body,
  };
}

function exportRequestItem(item: RequestItem): PostmanRequestItemV21 {
  return {
    id: item.id,
    name: item.name,
    ...(item.description ? { description: item.description } : {}),
    ...exportEvents(item.scripts),
    ...exportBehavior(item.protocolProfileBehavior),
    request: exportRequest(item.request),
    response: item.responses.map(exportResponse),
  };
}

function exportFolder(folder: Folder): PostmanFolderV21 {
  return {
    id: folder.id,
    name: folder.name,
    ...(folder.description ? { description: folder.description } : {}),
    item: folder.items.map(exportItem),
    ...(folder.auth ? { auth: exportAuth(folder.auth) } : {}),
    ...exportEvents(folder.scripts),
    ...exportVariables(folder.variables),
    ...exportBehavior(folder.protocolProfileBehavior),
  };
}

function exportItem(item: Item): PostmanItemV21 {
  return item.kind === 'folder' ? exportFolder(item) : exportRequestItem(item);
}

/** A Postman collection v2.1 document (a plain object) that Postman and newman import. */
export function exportPostmanCollection(collection: Collection): PostmanCollectionV21 {
  return {
    info: {
      _postman_id: collection.id,
      name: collection.name,
      ...(collection.description ? { description: collection.description } : {}),
      ...(collection.version ? { version: collection.version } : {}),
      schema: POSTMAN_V21_SCHEMA,
    },
    item: collection.items.map(exportItem),
    ...(collection.auth ? { auth: exportAuth(collection.auth) } : {}),
    ...exportEvents(collection.scripts),
    ...exportVariables(collection.variables),
    ...exportBehavior(collection.protocolProfileBehavior),
  };
}

/** The export as file text: 2-space indented JSON with a final newline. */
export function stringifyPostmanCollection(collection: Collection): string {
  return `${JSON.stringify(exportPostmanCollection(collection), null, 2)}\n`;
}
