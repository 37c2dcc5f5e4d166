/**
 * Runs one collection with newman (the oracle) and with `postern run`, and reduces each run to what the
 * conformance suite compares: per request execution, in order, the item's name, the iteration, its
 * assertions (name, passed/failed/skipped) and which scripts threw.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MemoryStream } from '../cli/cli-harness.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** The files of one run; paths are absolute. */
export interface RunFiles {
  readonly collection: string;
  readonly environment?: string | undefined;
  readonly globals?: string | undefined;
  readonly iterationData?: string | undefined;
  readonly iterationCount?: number | undefined;
}

/** One request of one iteration, reduced to what must be equal between the runners. */
export interface ExecutionRecord {
  /** `#<iteration> <item name>`. */
  readonly at: string;
  /** `pass: name`, `FAIL: name`, `skip: name`, in the order the assertions completed. */
  readonly assertions: readonly string[];
  /** `prerequest: ErrorName`, `test: ErrorName` for each script that threw. */
  readonly scriptErrors: readonly string[];
}

/** What newman's summary and the JSON report share: `run.executions[]` in newman's shape. */
interface ReportExecution {
  readonly cursor?: { readonly iteration?: number; readonly ref?: string };
  readonly item?: { readonly name?: string };
  readonly assertions?: ReadonlyArray<{ readonly assertion?: string; readonly skipped?: boolean; readonly error?: unknown }>;
  readonly prerequestScript?: ReadonlyArray<{ readonly error?: { readonly name?: string } }>;
  readonly testScript?: ReadonlyArray<{ readonly error?: { readonly name?: string } }>;
}

interface NewmanSummary {
  readonly run: { readonly executions: readonly ReportExecution[]; readonly error?: unknown };
}

interface NewmanModule {
  run(options: Record<string, unknown>, callback: (error: Error | null, summary: NewmanSummary) => void): unknown;
}

const newman = createRequire(import.meta.url)('newman') as NewmanModule;

function newmanOptions(files: RunFiles): Record<string, unknown> {
  return {
    collection: files.collection,
    reporters: [],
    ...(files.environment === undefined ? {} : { environment: files.environment }),
    ...(files.globals === undefined ? {} : { globals: files.globals }),
    ...(files.iterationData === undefined ? {} : { iterationData: files.iterationData }),
    ...(files.iterationCount === undefined ? {} : { iterationCount: files.iterationCount }),
  };
}

export function runNewman(files: RunFiles): Promise<ExecutionRecord[]> {
  return new Promise((resolve, reject) => {
    newman.run(newmanOptions(files), (error, summary) => {
      if (error) reject(error);
      else resolve(records(uniqueExecutions(summary.run.executions)));
    });
  });
}

/**
 * newman's summary keeps one object per `cursor.ref` and pushes it again for every extra `request` event
 * under the same cursor (a `pm.sendRequest` from the item's scripts), so the same execution can appear
 * twice. That is an artefact of its reporter, not a second execution; each object is counted once.
 */
function uniqueExecutions(executions: readonly ReportExecution[]): ReportExecution[] {
  return [...new Set(executions)];
}

export interface PosternRun {
  readonly code: number;
  readonly stderr: string;
  readonly executions: ExecutionRecord[];
}

/** `postern run … -r json --reporter-json-export <report>` in-process, then the report read back. */
export async function runPostern(files: RunFiles, report: string): Promise<PosternRun> {
  const argv = ['run', files.collection, '-r', 'json', '--reporter-json-export', report];
  if (files.environment !== undefined) argv.push('-e', files.environment);
  if (files.globals !== undefined) argv.push('-g', files.globals);
  if (files.iterationData !== undefined) argv.push('-d', files.iterationData);
  if (files.iterationCount !== undefined) argv.push('-n', String(files.iterationCount));
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const io: CliIo = { stdout, stderr, stdoutIsTTY: false, stderrIsTTY: false };
  const code = await main(argv, io);
  const stderrText = stderr.bytes().toString('utf8');
  let parsed: { run?: { executions?: ReportExecution[] } };
  try {
    parsed = JSON.parse(readFileSync(report, 'utf8')) as typeof parsed;
  } catch (error) {
    throw new Error(`postern run wrote no readable JSON report (exit ${code}): ${stderrText.trim() || String(error)}`, { cause: error });
  }
  return { code, stderr: stderrText, executions: records(parsed.run?.executions ?? []) };
}

function records(executions: readonly ReportExecution[]): ExecutionRecord[] {
  return executions.map((execution) => ({
    at: `#${execution.cursor?.iteration ?? '?'} ${execution.item?.name ?? '?'}`,
    assertions: (execution.assertions ?? []).map((assertion) => {
      const state = assertion.skipped ? 'skip' : assertion.error ? 'FAIL' : 'pass';
      return `${state}: ${assertion.assertion ?? ''}`;
    }),
    scriptErrors: [
      ...(execution.prerequestScript ?? []).map((script) => `prerequest: ${script.error?.name ?? 'Error'}`),
      ...(execution.testScript ?? []).map((script) => `test: ${script.error?.name ?? 'Error'}`),
    ],
  }));
}
