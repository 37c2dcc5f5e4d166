/** The contract between the UI and everything with power: operations, events, errors. Pure data; runs in a browser. */
export { OPERATIONS, OPERATION_NAMES, isOperationName, type OperationName, type OperationSpec, type Operations } from './operations.js';
export { EVENTS, RunEventViewSchema, RunStatsViewSchema, type RunEventView } from './events.js';
export { WireErrorSchema, toWireError, type ApiOnlyErrorCode, type WireError, type WireErrorCode, type WireResult } from './errors.js';
export {
  EVENT_NAMES,
  PosternCallError,
  callSafely,
  createPosternApi,
  validateInput,
  validateOutput,
  type EventName,
  type EventPayload,
  type Events,
  type InputOf,
  type MethodOf,
  type NameOf,
  type OperationGroup,
  type OutputOf,
  type ParsedInputOf,
  type PosternApi,
  type PosternTransport,
  type Validated,
} from './contract.js';
export { makeSubscription, type Subscription } from './subscription.js';
export { BRIDGE_SUBSCRIBE, readWireResult, type BridgeOperation, type PosternBridge } from './bridge.js';
export {
  FileTextSchema,
  SecretMarkerSchema,
  VariableEditSchema,
  VariableViewSchema,
  type FileText,
  type SecretMarker,
  type VariableEdit,
  type VariableView,
} from './common.js';
export { BodyPageSchema, ResponseViewSchema, ScriptResultsViewSchema, type BodyPage, type ResponseView, type ScriptResultsView } from './ops-requests.js';
export { CollectionViewSchema, TreeNodeSchema, type TreeNode } from './ops-collections.js';
export { EnvironmentViewSchema, type EnvironmentView } from './ops-environments.js';
export { CookieViewSchema, type CookieView } from './ops-cookies.js';
export { CertificateViewSchema, SettingsViewSchema } from './ops-settings.js';
