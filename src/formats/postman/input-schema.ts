import { z } from 'zod';
import { JsonValueSchema, ProtocolProfileBehaviorSchema } from '../../model/index.js';

/**
 * What we accept from Postman collection files, v2.0 and v2.1 alike. Deliberately lenient: unknown keys
 * are ignored (dropped from the parsed value; plain objects let zod compile a fast checker), most fields
 * may be null (Postman writes `null` freely), and shapes that differ between the two versions (auth
 * attributes, string headers, string URLs) are all allowed. Mapping to the model happens in import-*.ts;
 * this only makes sure the shapes we read are the shapes we expect.
 */

/** A value Postman usually writes as a string but sometimes as a number or boolean. */
export const ScalarIn = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string' });

export const DescriptionIn = z.union(
  [z.string(), z.object({ content: z.string().nullish(), type: z.string().nullish() })],
  { error: 'expected a string or {content} object' },
);

export const KeyValueIn = z.object({
  key: z.string().nullish(),
  value: ScalarIn.nullish(),
  disabled: z.boolean().nullish(),
  description: DescriptionIn.nullish(),
});
export type KeyValueIn = z.infer<typeof KeyValueIn>;

export const HeadersIn = z.union([z.array(KeyValueIn), z.string()], {
  error: 'expected a header list or "Key: value" lines',
});

export const VariableIn = z.object({
  id: z.string().nullish(),
  key: z.string().nullish(),
  name: z.string().nullish(),
  value: JsonValueSchema.optional(),
  type: z.string().nullish(),
  description: DescriptionIn.nullish(),
  disabled: z.boolean().nullish(),
});
export type VariableIn = z.infer<typeof VariableIn>;

export const AuthAttributeIn = z.object({
  key: z.string(),
  value: JsonValueSchema.optional(),
  type: z.string().nullish(),
});

/** v2.1 keeps a type's parameters as `[{key, value, type}]`; v2.0 as a plain `{name: value}` object. */
export const AuthParamsIn = z.union([z.array(AuthAttributeIn), z.record(z.string(), JsonValueSchema)], {
  error: 'expected auth parameters as a [{key, value}] list or an object',
});

/** Loose: the parameters sit under a key named by the type (`{ type: 'basic', basic: [...] }`). */
export const AuthIn = z.looseObject({ type: z.string({ error: 'expected the auth type as a string' }) });
export type AuthIn = z.infer<typeof AuthIn>;

const PathSegmentIn = z.union([z.string(), z.object({ type: z.string().nullish(), value: z.string().nullish() })], {
  error: 'expected a path segment string',
});

export const UrlObjectIn = z.object({
  raw: z.string().nullish(),
  protocol: z.string().nullish(),
  host: z.union([z.array(z.string()), z.string()], { error: 'expected a host string or list' }).nullish(),
  port: z.union([z.string(), z.number()], { error: 'expected a port string' }).nullish(),
  path: z.union([z.array(PathSegmentIn), z.string()], { error: 'expected a path string or list' }).nullish(),
  query: z.array(KeyValueIn).nullish(),
  hash: z.string().nullish(),
  variable: z.array(VariableIn).nullish(),
});
export type UrlObjectIn = z.infer<typeof UrlObjectIn>;

export const UrlIn = z.union([UrlObjectIn, z.string()], { error: 'expected a string or URL object' });

export const FormFieldIn = z.object({
  key: z.string().nullish(),
  value: ScalarIn.nullish(),
  src: z.union([z.string(), z.array(z.string())], { error: 'expected a file path or list of paths' }).nullish(),
  type: z.string().nullish(),
  disabled: z.boolean().nullish(),
  contentType: z.string().nullish(),
  description: DescriptionIn.nullish(),
});
export type FormFieldIn = z.infer<typeof FormFieldIn>;

export const BodyIn = z.object({
  mode: z.string().nullish(),
  raw: z.string().nullish(),
  urlencoded: z.array(KeyValueIn).nullish(),
  formdata: z.array(FormFieldIn).nullish(),
  file: z.object({ src: z.string().nullish(), content: z.string().nullish() }).nullish(),
  graphql: z
    .object({
      query: z.string().nullish(),
      variables: z.union([z.string(), JsonValueSchema]).nullish(),
      operationName: z.string().nullish(),
    })
    .nullish(),
  options: z.object({ raw: z.object({ language: z.string().nullish() }).nullish() }).nullish(),
});
export type BodyIn = z.infer<typeof BodyIn>;

export const RequestObjectIn = z.object({
  url: UrlIn.nullish(),
  method: z.string().nullish(),
  header: HeadersIn.nullish(),
  body: BodyIn.nullish(),
  auth: AuthIn.nullish(),
  description: DescriptionIn.nullish(),
});
export type RequestObjectIn = z.infer<typeof RequestObjectIn>;

export const RequestIn = z.union([RequestObjectIn, z.string()], { error: 'expected a URL string or request object' });
export type RequestIn = z.infer<typeof RequestIn>;

export const EventIn = z.object({
  listen: z.string().nullish(),
  disabled: z.boolean().nullish(),
  script: z
    .object({
      exec: z.union([z.array(z.string()), z.string()], { error: 'expected script lines' }).nullish(),
      type: z.string().nullish(),
    })
    .nullish(),
});
export type EventIn = z.infer<typeof EventIn>;

export const ResponseIn = z.object({
  id: z.string().nullish(),
  name: z.string().nullish(),
  originalRequest: RequestIn.nullish(),
  status: z.string().nullish(),
  code: z.number().int().nullish(),
  header: HeadersIn.nullish(),
  body: z.string().nullish(),
  _postman_previewlanguage: z.string().nullish(),
  responseTime: z.union([z.number(), z.string()]).nullish(),
});
export type ResponseIn = z.infer<typeof ResponseIn>;

/**
 * Both a folder (with `item`) and a request (with `request`); the mapper tells them apart. Children are
 * validated one by one as the mapper reaches them: validating a 10,000-item tree in one call keeps two
 * copies of it alive and costs several times more.
 */
export const ItemIn = z.object({
  id: z.string().nullish(),
  _postman_id: z.string().nullish(),
  name: z.string().nullish(),
  description: DescriptionIn.nullish(),
  item: z.array(z.unknown()).nullish(),
  request: RequestIn.nullish(),
  response: z.array(ResponseIn).nullish(),
  event: z.array(EventIn).nullish(),
  variable: z.array(VariableIn).nullish(),
  auth: AuthIn.nullish(),
  protocolProfileBehavior: ProtocolProfileBehaviorSchema.nullish(),
});
export type ItemIn = z.infer<typeof ItemIn>;

export const VersionIn = z.union(
  [z.string(), z.object({ major: z.number(), minor: z.number(), patch: z.number(), identifier: z.string().nullish() })],
  { error: 'expected a version string or {major, minor, patch}' },
);

export const CollectionIn = z.object({
  info: z.object({
    _postman_id: z.string().nullish(),
    name: z.string({ error: 'expected the collection name as a string' }),
    description: DescriptionIn.nullish(),
    version: VersionIn.nullish(),
    schema: z.string().nullish(),
  }),
  item: z.array(z.unknown()).nullish(),
  event: z.array(EventIn).nullish(),
  variable: z.array(VariableIn).nullish(),
  auth: AuthIn.nullish(),
  protocolProfileBehavior: ProtocolProfileBehaviorSchema.nullish(),
});
export type CollectionIn = z.infer<typeof CollectionIn>;
