import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { PosternError } from '../../model/index.js';
import { checkPolicyProfile, readPolicyDocuments, renderPolicyTemplates, resolveEffectivePolicy } from '../../policy/index.js';
import type { CliIo } from '../io.js';
import { POLICY_HELP } from './help.js';
import { policyJson, renderCheck, renderPolicyTable } from './render.js';

/** `postern policy show|check|templates`. Returns the exit code; bad input throws PosternError. */
export async function runPolicy(argv: readonly string[], io: CliIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout.write(POLICY_HELP);
    return sub === undefined ? 2 : 0;
  }
  const args = parse(rest);
  if (args.help) {
    io.stdout.write(POLICY_HELP);
    return 0;
  }
  switch (sub) {
    case 'show': {
      if (args.positionals.length > 0) throw new PosternError('INVALID_INPUT', `policy show takes no arguments, got "${args.positionals[0] ?? ''}"`);
      const documents = await readPolicyDocuments({ env });
      const policy = resolveEffectivePolicy(documents);
      io.stdout.write(args.json ? `${JSON.stringify(policyJson(policy, documents))}\n` : renderPolicyTable(policy, documents));
      return 0;
    }
    case 'check': {
      const [file, extra] = args.positionals;
      if (file === undefined) throw new PosternError('INVALID_INPUT', 'policy check needs a profile file: postern policy check FILE');
      if (extra !== undefined) throw new PosternError('INVALID_INPUT', `policy check takes one file, got also "${extra}"`);
      const check = await checkPolicyProfile(file);
      if (args.json) {
        io.stdout.write(`${JSON.stringify({ file: check.file, ok: check.problems.length === 0, accepted: check.accepted, problems: check.problems.map((p) => ({ ...p, key: p.key ?? null })) })}\n`);
      } else {
        io.stdout.write(renderCheck(check));
      }
      return check.problems.length === 0 ? 0 : 1;
    }
    case 'templates': {
      const [dir] = args.positionals;
      if (dir === undefined || args.positionals.length > 1) throw new PosternError('INVALID_INPUT', 'policy templates needs one output directory: postern policy templates DIR');
      const written = await writeTemplates(dir);
      for (const path of written) io.stdout.write(`${path}\n`);
      return 0;
    }
    default:
      throw new PosternError('INVALID_INPUT', `unknown policy command "${sub}"; use show, check or templates`);
  }
}

function parse(argv: readonly string[]): { json: boolean; help: boolean; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { json: values.json === true, help: values.help === true, positionals };
  } catch (error) {
    throw new PosternError('INVALID_INPUT', error instanceof Error ? (error.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments');
  }
}

/** Writes each file beside its target first and renames it in place, so none is left half-written. */
async function writeTemplates(dir: string): Promise<string[]> {
  const files = Object.entries(renderPolicyTemplates());
  const staged: Array<[string, string]> = [];
  try {
    for (const [relative, text] of files) {
      const target = join(dir, relative);
      const temp = `${target}.${process.pid}.tmp`;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(temp, text, 'utf8');
      staged.push([temp, target]);
    }
  } catch (error) {
    await Promise.all(staged.map(([temp]) => rm(temp, { force: true })));
    const where = error instanceof Error && 'path' in error && typeof error.path === 'string' ? error.path : dir;
    throw new PosternError('FILE_UNWRITABLE', `cannot write the policy templates: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`, { file: where });
  }
  for (const [temp, target] of staged) await rename(temp, target);
  return staged.map(([, target]) => target);
}
