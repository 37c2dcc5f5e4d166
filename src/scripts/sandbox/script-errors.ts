import type { ScriptError } from '../types.js';

/** What QuickJS reports for an exception, after `context.dump`. */
interface DumpedError {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  lineNumber?: unknown;
}

/** Turns a dumped QuickJS exception into a ScriptError with the script's own line and column. */
export function scriptError(dumped: unknown, location: string, fileName: string, lineOffset: number): ScriptError {
  const error = (typeof dumped === 'object' && dumped !== null ? dumped : { message: String(dumped) }) as DumpedError;
  const name = typeof error.name === 'string' ? error.name : 'Error';
  const message = typeof error.message === 'string' ? error.message : String(error.message ?? dumped);
  const stack = typeof error.stack === 'string' ? error.stack : '';
  // The first frame inside the script file: "at <anon> (script.js:3:10)" or "at script.js:3:10".
  const frame = new RegExp(`${escape(fileName)}:(\\d+):(\\d+)`).exec(stack);
  let line = frame ? Number(frame[1]) : typeof error.lineNumber === 'number' ? error.lineNumber : undefined;
  const column = frame ? Number(frame[2]) : undefined;
  if (line !== undefined) line = Math.max(1, line - lineOffset);
  const kind: ScriptError['kind'] = name === 'SyntaxError' ? 'syntax' : /interrupted/i.test(message) ? 'timeout' : /out of memory/i.test(message) ? 'memory' : 'runtime';
  return {
    kind,
    name,
    message,
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    location,
  };
}

export function describeScriptError(error: ScriptError): string {
  const where = error.line !== undefined ? `:${error.line}${error.column !== undefined ? `:${error.column}` : ''}` : '';
  return `${error.location}${where}: ${error.name}: ${error.message}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
