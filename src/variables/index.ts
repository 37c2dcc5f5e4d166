/**
 * Variables: Postman's five scopes flattened into one resolver, `{{name}}` substitution over a request's
 * texts, dynamic `{{$…}}` variables, and masking of secret values. Pure: no file or network I/O.
 */
export {
  SCOPE_PRECEDENCE,
  type ScopeName,
  type PlainVariables,
  type VariableScopes,
  type VariableEntry,
} from './scopes.js';
export {
  VariableResolver,
  createResolver,
  DEFAULT_MAX_DEPTH,
  type VariableResolverOptions,
} from './variable-resolver.js';
export { resolveString, Resolution, type ResolveResult } from './resolve-string.js';
export {
  resolveRequest,
  resolveClientCertificate,
  resolveDeep,
  resolveAuth,
  type ResolvedRequest,
  type ResolvedValue,
} from './resolve-request.js';
export {
  DYNAMIC_VARIABLE_NAMES,
  isDynamicVariable,
  generateDynamicValue,
  type DynamicGenerator,
} from './dynamic-variables.js';
export { SECRET_MASK, createSecretMasker, maskSecrets, type SecretMasker } from './mask-secrets.js';
