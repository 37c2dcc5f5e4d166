/**
 * Queries compiled once and run many times. Kysely builds and compiles a query afresh on every call, and
 * on the hot paths (every authenticated request, every pull and push) that compiling cost a fifth of the
 * server's CPU. A prepared query is built once per dialect (and per length of each list parameter) with
 * placeholders standing in for its parameters; each run only fills the parameter array.
 *
 * The builder must hand the slots to Kysely as values and nothing else: a slot is a marker string, so
 * using it in JavaScript logic (a condition, a concatenation) would be wrong — compiling refuses a slot
 * that ends up anywhere but whole in the parameter list. Kysely plugins that rewrite queries are not
 * applied per run (the first compile bakes in whatever the building instance had); the server uses none.
 */
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from './schema.js';

/** Unlikely in real data, and checked: a slot must come back whole in the parameter list. */
const SLOT_MARK = '\u0000postern-slot\u0000';

type ParamValue = string | number | null | readonly (string | number)[];

/** A query's parameters by name; list values (for `in`) compile once per length. */
export type QueryParams = Readonly<Record<string, ParamValue>>;
/** Any object type whose properties are parameter values (interfaces of table rows included). */
type ParamsOf<P> = { readonly [K in keyof P]: ParamValue };

/** Where each compiled parameter comes from: a named parameter, one item of a list, or a constant of the query. */
type Source = { readonly key: string; readonly index?: number } | { readonly constant: unknown };

interface Template {
  readonly sql: string;
  readonly sources: readonly Source[];
}

export interface PreparedQuery<P extends ParamsOf<P>, R> {
  /** Runs the query; `rows` are the result rows, `numAffectedRows` is set for writes. */
  run(db: Kysely<Database>, params: P): Promise<QueryResult<R>>;
  /** The result rows. */
  execute(db: Kysely<Database>, params: P): Promise<R[]>;
  /** The first row, or undefined. */
  executeTakeFirst(db: Kysely<Database>, params: P): Promise<R | undefined>;
}

function slotOf(key: string, index?: number): string {
  return index === undefined ? `${SLOT_MARK}${key}` : `${SLOT_MARK}${key}\u0000${index}`;
}

/**
 * The slots to build with: any name the builder reads gets a slot (so a missing value is caught when the
 * query runs), and a list parameter gets one slot per item of the list this call passes.
 */
function slotsFor<P>(params: QueryParams): P {
  return new Proxy({} as QueryParams, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      const value = params[key];
      return Array.isArray(value) ? value.map((_, index) => slotOf(key, index)) : slotOf(key);
    },
  }) as P;
}

/** Which compiled shape these params need: list lengths change the SQL (`in (?, ?, ?)`). */
function shapeOf(params: QueryParams): string {
  let shape = '';
  for (const [key, value] of Object.entries(params)) if (Array.isArray(value)) shape += `${key}:${value.length};`;
  return shape;
}

function sourceOf(parameter: unknown): Source {
  if (typeof parameter !== 'string' || !parameter.includes(SLOT_MARK)) return { constant: parameter };
  if (!parameter.startsWith(SLOT_MARK)) throw misuse(`a parameter slot was changed before it reached the query (${JSON.stringify(parameter)})`);
  const [key = '', index] = parameter.slice(SLOT_MARK.length).split('\u0000');
  return index === undefined ? { key } : { key, index: Number(index) };
}

function misuse(what: string): ServerError {
  return new ServerError('INTERNAL', `Prepared query misused: ${what}`);
}

function compileTemplate(compilable: Compilable<unknown>): Template {
  const compiled = compilable.compile();
  if (compiled.sql.includes(SLOT_MARK)) throw misuse('a parameter slot was written into the SQL text instead of passed as a value');
  return { sql: compiled.sql, sources: compiled.parameters.map(sourceOf) };
}

function parametersOf(template: Template, params: QueryParams): unknown[] {
  return template.sources.map((source) => {
    if ('constant' in source) return source.constant;
    const value = params[source.key];
    if (value === undefined) throw misuse(`no value for parameter ${source.key}`);
    if (source.index === undefined) return value;
    if (!Array.isArray(value)) throw misuse(`parameter ${source.key} was a list when the query was compiled`);
    return value[source.index];
  });
}

/**
 * A query built by `build` with the slots of its parameters, compiled on first use for each dialect
 * (the Kysely adapter; a transaction shares its database's) and each shape of list parameters.
 */
export function prepareQuery<P extends ParamsOf<P>, R>(build: (db: Kysely<Database>, slots: P) => Compilable<R>): PreparedQuery<P, R> {
  // getExecutor() is marked internal in Kysely's docs but is its stable route to the dialect adapter.
  const templates = new WeakMap<object, Map<string, Template>>();
  const templateFor = (db: Kysely<Database>, params: P): Template => {
    const adapter = db.getExecutor().adapter;
    let shapes = templates.get(adapter);
    if (shapes === undefined) {
      shapes = new Map();
      templates.set(adapter, shapes);
    }
    const shape = shapeOf(params as QueryParams);
    let template = shapes.get(shape);
    if (template === undefined) {
      template = compileTemplate(build(db, slotsFor<P>(params as QueryParams)));
      shapes.set(shape, template);
    }
    return template;
  };
  const run = (db: Kysely<Database>, params: P): Promise<QueryResult<R>> => {
    const template = templateFor(db, params);
    return db.executeQuery(CompiledQuery.raw(template.sql, parametersOf(template, params as QueryParams)) as CompiledQuery<R>);
  };
  return {
    run,
    execute: async (db, params) => (await run(db, params)).rows,
    executeTakeFirst: async (db, params) => (await run(db, params)).rows[0],
  };
}
