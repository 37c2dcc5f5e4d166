import { PosternError } from '../model/index.js';
import { resolveString } from './resolve-string.js';
import { flattenScopes, type VariableEntry, type VariableScopes } from './scopes.js';

/** How many variables deep a value may refer to another before resolution stops. */
export const DEFAULT_MAX_DEPTH = 10;

export interface VariableResolverOptions {
  /** Nesting limit for variables whose values hold `{{references}}`; an integer from 1. */
  readonly maxDepth?: number;
}

/**
 * All scopes of one request flattened into a single lookup, built once and then used for every text
 * of the request (and, when nothing changes between them, for many requests). Immutable: scripts that
 * set variables build a new resolver.
 */
export class VariableResolver {
  readonly maxDepth: number;
  private readonly entries: Map<string, VariableEntry>;
  private readonly rawSecretValues: readonly string[];
  private secretValuesCache: readonly string[] | undefined;

  constructor(scopes: VariableScopes = {}, options: VariableResolverOptions = {}) {
    const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    if (!Number.isInteger(maxDepth) || maxDepth < 1) {
      throw new PosternError('INVALID_INPUT', `variable nesting limit must be a whole number from 1, got ${maxDepth}`, {
        path: 'maxDepth',
      });
    }
    this.maxDepth = maxDepth;
    const flattened = flattenScopes(scopes);
    this.entries = flattened.entries;
    this.rawSecretValues = flattened.secretValues;
  }

  /** The winning definition of `name` across the scopes, or `undefined` when no scope defines it. */
  get(name: string): VariableEntry | undefined {
    return this.entries.get(name);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Every defined name (dynamic variables are not included). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * Values to mask in logs and the UI: every enabled secret variable in any scope, both as stored and
   * as resolved (a secret may itself be `{{another}}`), longest first, without empty strings.
   */
  secretValues(): readonly string[] {
    if (this.secretValuesCache !== undefined) return this.secretValuesCache;
    const values = new Set<string>();
    for (const raw of this.rawSecretValues) {
      if (!raw.includes('{{')) {
        values.add(raw);
        continue;
      }
      const resolved = resolveString(raw, this).value;
      if (resolved !== '') values.add(resolved);
    }
    this.secretValuesCache = Object.freeze([...values].sort((a, b) => b.length - a.length));
    return this.secretValuesCache;
  }
}

export function createResolver(scopes: VariableScopes = {}, options: VariableResolverOptions = {}): VariableResolver {
  return new VariableResolver(scopes, options);
}
