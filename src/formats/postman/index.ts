export { importPostmanCollection, detectPostmanCollectionVersion } from './import-collection.js';
export type { PostmanCollectionVersion, PostmanImportOptions } from './import-collection.js';
export { exportPostmanCollection, stringifyPostmanCollection } from './export-collection.js';
export {
  importPostmanEnvironment,
  importPostmanGlobals,
  exportPostmanEnvironment,
  exportPostmanGlobals,
} from './environment.js';
export type {
  PostmanEnvironmentExport,
  PostmanEnvironmentExportOptions,
  PostmanEnvironmentValue,
  PostmanVariableScope,
} from './environment.js';
export { POSTMAN_V21_SCHEMA } from './output-types.js';
export type * from './output-types.js';
