import type { SendOptions } from '../engine/index.js';
import type { Engine } from '../engine/index.js';
import type { Collection, Settings } from '../model/index.js';
import type { ScriptSandbox } from '../scripts/types.js';
import type { CachedToken } from '../auth/index.js';
import type { RunRecorder } from './recorder.js';
import type { AnyHostCertificate, RunEvent } from './types.js';
import type { RunVariables } from './variable-state.js';

/** Everything one run's steps share. */
export interface RunContext {
  readonly collection: Collection;
  readonly environmentName: string | undefined;
  readonly engine: Engine;
  readonly settings: Settings;
  readonly anyHostCertificate: AnyHostCertificate | undefined;
  readonly variables: RunVariables;
  readonly sandbox: ScriptSandbox | undefined;
  readonly sendOptionsFloor: (options: SendOptions) => SendOptions;
  readonly recorder: RunRecorder;
  readonly signal: AbortSignal;
  readonly bail: boolean;
  readonly workingDir: string;
  readonly keepResponseBodies: boolean;
  readonly iterationCount: number;
  /** OAuth 2.0 tokens fetched during the run, reused until they expire. */
  readonly tokenCache: Map<string, CachedToken>;
  emit(event: RunEvent): void;
}
