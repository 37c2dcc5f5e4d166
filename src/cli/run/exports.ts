import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CookieStore } from '../../engine/index.js';
import { exportPostmanEnvironment, exportPostmanGlobals, stringifyPostmanCollection } from '../../formats/index.js';
import { effectiveValue, PosternError, type Collection } from '../../model/index.js';
import { junitReport, newmanJsonReport, type RunResult } from '../../runner/index.js';
import type { CliIo } from '../io.js';
import type { RunArgs } from './args.js';

/** `-r json` and `-r junit`: to the given path, else `postern/postern-run-report-<time>.json|.xml` as newman does. */
export async function writeReports(result: RunResult, args: RunArgs, io: CliIo): Promise<void> {
  const stamp = timestamp(new Date(result.timings.started));
  if (args.reporters.includes('json')) {
    const path = args.jsonExport ?? join('postern', `postern-run-report-${stamp}.json`);
    await writeOut(path, `${JSON.stringify(newmanJsonReport(result), null, 2)}\n`, 'JSON report');
    if (args.jsonExport === undefined && !args.silent) io.stderr.write(`postern: JSON report written to ${path}\n`);
  }
  if (args.reporters.includes('junit')) {
    const path = args.junitExport ?? join('postern', `postern-run-report-${stamp}.xml`);
    await writeOut(path, junitReport(result), 'JUnit report');
    if (args.junitExport === undefined && !args.silent) io.stderr.write(`postern: JUnit report written to ${path}\n`);
  }
}

/**
 * `--export-environment`, `--export-globals`, `--export-collection`, `--export-cookie-jar`: what the run
 * left, as newman writes it: every variable with the value it had at the end (script changes included).
 */
export async function writeExports(result: RunResult, args: RunArgs, cookies: CookieStore): Promise<void> {
  const exportedAt = new Date();
  const values = { includeCurrentValues: true, includeSecretCurrentValues: true, exportedAt };
  if (args.exportEnvironment !== undefined) {
    await writeOut(args.exportEnvironment, json(exportPostmanEnvironment(result.environment, values)), 'environment export');
  }
  if (args.exportGlobals !== undefined) {
    await writeOut(args.exportGlobals, json(exportPostmanGlobals(result.globals, values)), 'globals export');
  }
  if (args.exportCollection !== undefined) {
    await writeOut(args.exportCollection, stringifyPostmanCollection(withFinalValues(result.collection)), 'collection export');
  }
  if (args.exportCookieJar !== undefined) {
    await writeOut(args.exportCookieJar, json(cookies.all() ?? { cookies: [] }), 'cookie jar export');
  }
}

/** A collection file carries one value per variable: the one the run ended with. */
function withFinalValues(collection: Collection): Collection {
  return {
    ...collection,
    variables: collection.variables.map(({ currentValue: _current, ...variable }) => ({ ...variable, initialValue: effectiveValue({ ...variable, currentValue: _current }) })),
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function writeOut(path: string, content: string, what: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PosternError('FILE_UNWRITABLE', `cannot write the ${what} (${code})`, { file: path }, { cause: error });
  }
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-').replace('T', '-').replace('Z', '');
}
