import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SERVING_V8_FLAGS } from './heap-tuning.js';

/** What V8 prints when given `flag` at run time: empty when it knows the flag. */
function v8Complaint(flag: string): string {
  const run = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return `${run.stdout}${run.stderr}`.trim();
}

describe('tuneHeapForServing', () => {
  it('uses only flags this Node’s V8 knows (an unknown one would be ignored with a message)', () => {
    expect(SERVING_V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of SERVING_V8_FLAGS) expect(v8Complaint(flag), flag).toBe('');
    // The check itself can tell: V8 complains about a flag it does not know.
    expect(v8Complaint('--no-such-postern-flag')).toMatch(/unrecognized flag/i);
  });
});
