/**
 * The collection runner: newman's semantics (iterations, data files, folder selection, scripts around each
 * request, `setNextRequest`, bail, one cookie jar per run, write-back of variables) on Postern's engine,
 * with progress events and prompt cancellation. Reports in newman's JSON shape and as JUnit XML.
 */
export { runCollection } from './run-collection.js';
export { selectRunnableItems, type RunnableItem } from './select-items.js';
export { parseDataFile, parseCsvData, parseJsonData } from './data-file.js';
export { executeScript, hasAnyScript, scriptChain, type ScriptInputs, type ScriptLevel, type ScriptScope, type ScriptToRun } from './script-step.js';
export { fromScriptRequest, requestFromScript, scriptCookies, toScriptRequest, toScriptResponse } from './script-request.js';
export { RunVariables, StoredScope } from './variable-state.js';
export { runError } from './send-step.js';
export { editDistance, nearest } from './nearest.js';
export { newmanJsonReport } from './reports/json-report.js';
export { junitReport } from './reports/junit-report.js';
export type * from './types.js';
