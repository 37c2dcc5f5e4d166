import type { Execution, RunResult } from '../types.js';

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, Azure DevOps, GitHub test reporters): one
 * `<testsuite>` per request, one `<testcase>` per assertion. As newman does, an assertion that ran in
 * several iterations is one test case that fails when any iteration failed ("Failed 2 times"). A request
 * or script error is a test case with an `<error>`, so a request that never ran its tests still fails
 * the build.
 */
export function junitReport(result: RunResult): string {
  const suites = groupByItem(result.executions);
  const timestamp = new Date(result.timings.started).toISOString();
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let totalTime = 0;
  const body: string[] = [];
  for (const executions of suites.values()) {
    const suite = renderSuite(executions, timestamp);
    tests += suite.tests;
    failures += suite.failures;
    errors += suite.errors;
    totalTime += suite.time;
    body.push(suite.xml);
  }
  const name = result.collection.name;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(totalTime)}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

function groupByItem(executions: readonly Execution[]): Map<string, Execution[]> {
  const suites = new Map<string, Execution[]>();
  for (const execution of executions) {
    const list = suites.get(execution.item.id);
    if (list) list.push(execution);
    else suites.set(execution.item.id, [execution]);
  }
  return suites;
}

interface CaseResult {
  readonly messages: string[];
  readonly kind: 'failure' | 'error';
}

function renderSuite(executions: readonly Execution[], timestamp: string): { xml: string; tests: number; failures: number; errors: number; time: number } {
  const first = executions[0] as Execution;
  const cases = new Map<string, CaseResult>();
  const record = (name: string, kind: CaseResult['kind'], message: string | undefined): void => {
    const known = cases.get(name) ?? { messages: [], kind };
    if (message !== undefined) known.messages.push(message);
    cases.set(name, known);
  };
  const iterations = new Set(executions.map((execution) => execution.cursor.iteration)).size;
  for (const execution of executions) {
    const where = iterations > 1 ? `iteration ${execution.cursor.iteration + 1}: ` : '';
    if (execution.requestError) record('Request', 'error', `${where}${execution.requestError.message}`);
    for (const script of execution.scripts) {
      if (script.error === null) continue;
      const position = script.error.line === undefined ? '' : ` (line ${script.error.line}${script.error.column === undefined ? '' : `, column ${script.error.column}`})`;
      record(`${script.event === 'test' ? 'Test' : 'Pre-request'} script: ${script.location}`, 'error', `${where}${script.error.name}: ${script.error.message}${position}`);
    }
    for (const assertion of execution.assertions) {
      if (assertion.skipped && !assertion.error) continue;
      record(assertion.assertion, 'failure', assertion.error ? `${where}${assertion.error.message}` : undefined);
    }
  }
  const responseTimes = executions.map((execution) => execution.response?.responseTime ?? 0);
  const time = responseTimes.reduce((sum, value) => sum + value, 0) / responseTimes.length;
  const className = first.item.path.replace(/\s*\/\s*/g, '.');
  let failures = 0;
  let errors = 0;
  const lines: string[] = [];
  for (const [name, result] of cases) {
    const open = `    <testcase name="${attr(name)}" classname="${attr(className)}" time="${seconds(time)}"`;
    if (result.messages.length === 0) {
      lines.push(`${open}/>`);
      continue;
    }
    if (result.kind === 'failure') failures += 1;
    else errors += 1;
    const headline = result.messages[0] ?? '';
    const detail = result.messages.length > 1 ? `Failed ${result.messages.length} times.\n${result.messages.join('\n')}` : headline;
    const tag = result.kind;
    const type = result.kind === 'failure' ? 'AssertionFailure' : 'Error';
    lines.push(`${open}>`, `      <${tag} type="${type}" message="${attr(headline)}">${text(detail)}</${tag}>`, '    </testcase>');
  }
  const xml = [
    `  <testsuite name="${attr(first.item.path)}" id="${attr(first.item.id)}" timestamp="${timestamp}" tests="${cases.size}" failures="${failures}" errors="${errors}" time="${seconds(time)}">`,
    ...lines,
    '  </testsuite>',
  ].join('\n');
  return { xml, tests: cases.size, failures, errors, time };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped. */
function xmlSafe(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

function text(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
