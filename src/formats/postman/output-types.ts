import type { AuthType, JsonValue, ProtocolProfileBehavior } from '../../model/index.js';

/** The shape of the Postman collection v2.1 files we write: what Postman and newman read. */

export const POSTMAN_V21_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export interface PostmanKeyValueV21 {
  key: string;
  value: string;
  disabled?: boolean;
  description?: string;
}

export interface PostmanHeaderV21 extends PostmanKeyValueV21 {
  type: 'text';
}

/** A query row with no value is written as `value: null`, which Postman and newman send as a bare `?key`. */
export interface PostmanQueryParamV21 {
  key: string;
  value: string | null;
  disabled?: boolean;
  description?: string;
}

export interface PostmanUrlV21 {
  raw: string;
  protocol?: string;
  host?: string[];
  port?: string;
  path?: string[];
  query?: PostmanQueryParamV21[];
  variable?: PostmanKeyValueV21[];
}

export interface PostmanAuthAttributeV21 {
  key: string;
  value: JsonValue;
  type: 'string' | 'boolean' | 'number' | 'any';
}

/** `{ type: 'basic', basic: [{ key: 'username', value: '…', type: 'string' }, …] }`. */
export type PostmanAuthV21 = { type: AuthType } & { [Type in Exclude<AuthType, 'noauth'>]?: PostmanAuthAttributeV21[] };

export interface PostmanFormFieldV21 {
  key: string;
  type: 'text' | 'file';
  value?: string;
  src?: string | string[];
  disabled?: boolean;
  contentType?: string;
  description?: string;
}

export type PostmanBodyV21 =
  | { mode: 'raw'; raw: string; options?: { raw: { language: string } } }
  | { mode: 'urlencoded'; urlencoded: (PostmanKeyValueV21 & { type: 'text' })[] }
  | { mode: 'formdata'; formdata: PostmanFormFieldV21[] }
  | { mode: 'file'; file: { src: string } }
  | { mode: 'graphql'; graphql: { query: string; variables: string; operationName?: string } };

export interface PostmanRequestV21 {
  method: string;
  header: PostmanHeaderV21[];
  body?: PostmanBodyV21;
  url: PostmanUrlV21;
  auth?: PostmanAuthV21;
  description?: string;
}

export interface PostmanEventV21 {
  listen: 'prerequest' | 'test';
  script: { type: 'text/javascript'; exec: string[] };
}

export interface PostmanVariableV21 {
  key: string;
  value: string;
  type: 'string' | 'secret';
  disabled?: boolean;
  description?: string;
}

export interface PostmanResponseV21 {
  id?: string;
  name: string;
  originalRequest?: PostmanRequestV21;
  status?: string;
  code?: number;
  _postman_previewlanguage?: string;
  header: PostmanHeaderV21[];
  cookie: never[];
  responseTime?: number | null;
  body: string;
}

export interface PostmanRequestItemV21 {
  id: string;
  name: string;
  description?: string;
  event?: PostmanEventV21[];
  protocolProfileBehavior?: ProtocolProfileBehavior;
  request: PostmanRequestV21;
  response: PostmanResponseV21[];
}

export interface PostmanFolderV21 {
  id: string;
  name: string;
  description?: string;
  item: PostmanItemV21[];
  auth?: PostmanAuthV21;
  event?: PostmanEventV21[];
  variable?: PostmanVariableV21[];
  protocolProfileBehavior?: ProtocolProfileBehavior;
}

export type PostmanItemV21 = PostmanRequestItemV21 | PostmanFolderV21;

export interface PostmanCollectionV21 {
  info: {
    _postman_id: string;
    name: string;
    description?: string;
    version?: string;
    schema: typeof POSTMAN_V21_SCHEMA;
  };
  item: PostmanItemV21[];
  auth?: PostmanAuthV21;
  event?: PostmanEventV21[];
  variable?: PostmanVariableV21[];
  protocolProfileBehavior?: ProtocolProfileBehavior;
}
