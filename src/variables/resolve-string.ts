import { generateDynamicValue } from './dynamic-variables.js';
import type { VariableResolver } from './variable-resolver.js';

/** The text with every resolvable `{{reference}}` replaced, and the names that could not be. */
export interface ResolveResult {
  readonly value: string;
  /** Names left as written, each once, in order of first appearance (includes `circular`). */
  readonly unresolved: readonly string[];
  /** Defined names left as written because they refer back to themselves or nest past the limit. */
  readonly circular: readonly string[];
}

/** A variable's value once fully resolved; reused while the same resolver is in use. */
interface CachedExpansion {
  readonly value: string;
  readonly unresolved: readonly string[];
  /** How many further levels the expansion went below the variable itself. */
  readonly height: number;
}

/** Mutable state of one resolution; a fresh one per variable value so its result can be cached. */
interface Expansion {
  readonly resolver: VariableResolver;
  readonly cache: Map<string, CachedExpansion>;
  /** Names being expanded right now, outermost first: meeting one again is a cycle. */
  readonly stack: string[];
  readonly unresolved: string[];
  readonly circular: string[];
  /** A dynamic variable was generated: the result differs every time and must not be cached. */
  dynamic: boolean;
  /** A cycle or the depth limit cut resolution short: the result depends on where it started. */
  cut: boolean;
  /** Deepest variable level reached. */
  deepest: number;
  /** Where the reference just read ends; set by `readReference`. */
  end: number;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DOLLAR = 0x24;

const caches = new WeakMap<VariableResolver, Map<string, CachedExpansion>>();

function cacheOf(resolver: VariableResolver): Map<string, CachedExpansion> {
  let cache = caches.get(resolver);
  if (cache === undefined) {
    cache = new Map();
    caches.set(resolver, cache);
  }
  return cache;
}

/**
 * Resolves texts against one resolver and gathers what could not be resolved across all of them, so
 * a whole request reports each unresolved name once.
 */
export class Resolution {
  readonly unresolved: string[] = [];
  readonly circular: string[] = [];
  private readonly cache: Map<string, CachedExpansion>;

  constructor(readonly resolver: VariableResolver) {
    this.cache = cacheOf(resolver);
  }

  text(text: string): string {
    if (!text.includes('{{')) return text;
    const expansion: Expansion = {
      resolver: this.resolver,
      cache: this.cache,
      stack: [],
      unresolved: this.unresolved,
      circular: this.circular,
      dynamic: false,
      cut: false,
      deepest: 0,
      end: 0,
    };
    return expandText(text, expansion, 0);
  }
}

/**
 * Postman's substitution: `{{name}}` where the name is any text without braces (spaces, dots and dashes
 * included). A name may be built from other references (`{{base_{{env}}}}`, inner first); a value may
 * hold references, resolved up to the resolver's depth limit. Unresolved references stay as written.
 */
export function resolveString(text: string, resolver: VariableResolver): ResolveResult {
  if (!text.includes('{{')) return { value: text, unresolved: [], circular: [] };
  const resolution = new Resolution(resolver);
  const value = resolution.text(text);
  return { value, unresolved: resolution.unresolved, circular: resolution.circular };
}

function expandText(text: string, expansion: Expansion, depth: number): string {
  let start = text.indexOf('{{');
  if (start === -1) return text;
  let out = '';
  let copied = 0;
  while (start !== -1) {
    const replacement = readReference(text, start, expansion, depth, 0);
    if (replacement === undefined) {
      // Not a reference here (`{{{x}}}`, `{{a}b}}`, no closing braces): try from the next brace.
      start = text.indexOf('{{', start + 1);
      continue;
    }
    out += text.slice(copied, start) + replacement;
    copied = expansion.end;
    start = text.indexOf('{{', copied);
  }
  return out + text.slice(copied);
}

/**
 * Reads the reference opening at `start` (`{{`) and returns its replacement, or `undefined` when no
 * well-formed reference starts there. On success `expansion.end` is the index after the closing `}}`.
 */
function readReference(text: string, start: number, expansion: Expansion, depth: number, nesting: number): string | undefined {
  let name = '';
  let runStart = start + 2;
  let pos = runStart;
  while (pos < text.length) {
    const code = text.charCodeAt(pos);
    if (code === CLOSE_BRACE) {
      if (text.charCodeAt(pos + 1) !== CLOSE_BRACE) return undefined;
      name += text.slice(runStart, pos);
      const end = pos + 2;
      const replacement = substitute(name, text.slice(start, end), expansion, depth);
      expansion.end = end;
      return replacement;
    }
    if (code === OPEN_BRACE) {
      if (text.charCodeAt(pos + 1) !== OPEN_BRACE || nesting >= expansion.resolver.maxDepth) return undefined;
      name += text.slice(runStart, pos);
      const inner = readReference(text, pos, expansion, depth, nesting + 1);
      if (inner === undefined) return undefined;
      name += inner;
      pos = runStart = expansion.end;
      continue;
    }
    pos++;
  }
  return undefined;
}

/** The replacement for one reference whose name is known; `written` is the reference as written. */
function substitute(name: string, written: string, expansion: Expansion, depth: number): string {
  // An empty name, or one still holding braces from an unresolved inner reference, names nothing.
  if (name === '' || name.includes('{') || name.includes('}')) return written;
  const entry = expansion.resolver.get(name);
  if (entry !== undefined) {
    if (!entry.value.includes('{{')) return entry.value;
    return expandVariable(name, entry.value, written, expansion, depth);
  }
  // A defined `$name` wins over the dynamic variable, as in Postman.
  if (name.charCodeAt(0) === DOLLAR) {
    const generated = generateDynamicValue(name);
    if (generated !== undefined) {
      expansion.dynamic = true;
      return generated;
    }
  }
  report(expansion.unresolved, name);
  return written;
}

function expandVariable(name: string, value: string, written: string, expansion: Expansion, depth: number): string {
  const level = depth + 1;
  const { maxDepth } = expansion.resolver;
  if (level > maxDepth || expansion.stack.includes(name)) {
    expansion.cut = true;
    report(expansion.unresolved, name);
    report(expansion.circular, name);
    return written;
  }
  const cached = expansion.cache.get(name);
  if (cached !== undefined && level + cached.height <= maxDepth) {
    for (const missing of cached.unresolved) report(expansion.unresolved, missing);
    expansion.deepest = Math.max(expansion.deepest, level + cached.height);
    return cached.value;
  }
  const inner: Expansion = {
    resolver: expansion.resolver,
    cache: expansion.cache,
    stack: expansion.stack,
    unresolved: [],
    circular: [],
    dynamic: false,
    cut: false,
    deepest: level,
    end: 0,
  };
  expansion.stack.push(name);
  const resolved = expandText(value, inner, level);
  expansion.stack.pop();
  // Results free of cycles and dynamic values do not depend on where they were reached from.
  if (!inner.dynamic && !inner.cut) {
    expansion.cache.set(name, { value: resolved, unresolved: inner.unresolved, height: inner.deepest - level });
  }
  for (const missing of inner.unresolved) report(expansion.unresolved, missing);
  for (const looped of inner.circular) report(expansion.circular, looped);
  expansion.dynamic ||= inner.dynamic;
  expansion.cut ||= inner.cut;
  expansion.deepest = Math.max(expansion.deepest, inner.deepest);
  return resolved;
}

function report(names: string[], name: string): void {
  if (!names.includes(name)) names.push(name);
}
