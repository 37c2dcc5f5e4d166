import type { Body } from '../../src/model/index.js';

export interface JsonProblem {
  message: string;
  /** 1-based line and column of the problem, when the parser says where. */
  line: number;
  column: number;
}

/**
 * Check a raw JSON body the way it will be sent. `{{variables}}` are stood in for by a number first, so
 * `{"id": {{id}}}` and `{"name": "{{name}}"}` both pass; anything else that does not parse is a problem.
 */
export function jsonProblem(text: string): JsonProblem | null {
  if (text.trim() === '') return null;
  const stand = text.replace(/\{\{[^{}]*\}\}/g, '0');
  try {
    JSON.parse(stand);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { message: message.replace(/^JSON\.parse: /, ''), ...position(stand, message) };
  }
}

function position(text: string, message: string): { line: number; column: number } {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const at = /position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

/** Why a body must not be sent as it is, or null. */
export function bodyProblem(body: Body): string | null {
  if (body.mode === 'raw' && body.language === 'json') {
    const problem = jsonProblem(body.raw);
    if (problem) return `The JSON body is not valid (line ${problem.line}, column ${problem.column}): ${problem.message}`;
  }
  if (body.mode === 'graphql' && body.graphql.variables !== undefined) {
    const problem = jsonProblem(body.graphql.variables);
    if (problem) return `The GraphQL variables are not valid JSON (line ${problem.line}, column ${problem.column}): ${problem.message}`;
  }
  return null;
}
