/**
 * Manifest trees: plain JSON-like data in which any value may be an
 * expression, and in which fields and list items may be conditional or
 * repeated. `evaluateTree` gives the concrete object; the YAML template writer
 * renders the same tree as a Helm template.
 */
import { EvalContext, Expr, ExprKind, isExpr, truthy, Var } from './expr';

/** A field or list item present only when `test` holds (or replaced by `otherwise`). */
export class When {
  constructor(
    public readonly test: Expr,
    public readonly then: TreeValue,
    public readonly otherwise?: TreeValue,
  ) {}
}

/** One list item per element of a list or map value (`range`); map keys in sorted order, as Go iterates. */
export class Each {
  public readonly item: Var;
  /** The map key, or the list index. */
  public readonly key: Var<string>;
  public readonly body: TreeValue;
  constructor(public readonly source: Expr, itemKind: ExprKind, body: (item: Var, key: Var<string>) => TreeValue) {
    this.item = new Var('item', itemKind);
    this.key = new Var<string>('key', 'string');
    this.body = body(this.item, this.key);
  }
}

/** Merges the entries of a map value into the enclosing object. */
export class Spread {
  constructor(public readonly source: Expr<Record<string, unknown>>) {}
}

/**
 * A named part of a manifest (`define` in _helpers.tpl): a mapping merged
 * into the enclosing object, such as common labels, or a list that is the
 * value of a field, such as a container's env.
 */
export class NamedMap {
  constructor(public readonly name: string, public readonly body: TreeObject | TreeArray, public readonly description?: string) {}
}

/** An object entry whose key is an expression, present when `when` holds. */
export class Entry {
  constructor(public readonly key: Expr<string>, public readonly value: Expr | TreeScalar, public readonly when?: Expr) {}
}

/** Binds expressions to variables once, for use in `body` (a random value used twice must be the same). */
export class Let {
  public readonly vars: ReadonlyArray<readonly [Var, Expr]>;
  public readonly body: TreeValue;
  constructor(bindings: Record<string, Expr>, body: (vars: Record<string, Var>) => TreeValue) {
    const vars: Record<string, Var> = {};
    this.vars = Object.entries(bindings).map(([name, e]) => {
      const v = new Var(name, e.kind);
      vars[name] = v;
      return [v, e] as const;
    });
    this.body = body(vars);
  }

  /** The same bindings around another body (which may use them). */
  public withBody(body: TreeValue): Let {
    const copy = Object.create(Let.prototype) as { vars: Let['vars']; body: TreeValue };
    copy.vars = this.vars;
    copy.body = body;
    return copy as unknown as Let;
  }
}

export type TreeScalar = string | number | boolean | null;
export type TreeValue = TreeScalar | Expr | When | Each | Let | NamedMap | TreeObject | TreeArray;
export interface TreeObject {
  [key: string]: TreeValue | Spread | NamedMap | Entry | undefined;
}
export type TreeArray = TreeValue[];

/** Marks keys that merge a map into an object; any unique key works. */
let spreadCounter = 0;
export function spreadKey(): string {
  return `\u0000spread${spreadCounter++}`;
}

/** Lets typed manifests (the imports/k8s props) hold expressions and conditional parts. */
export type Tpl<T> = T extends string | number | boolean
  ? T | Expr<T> | When
  : T extends Array<infer U>
    ? Array<Tpl<U> | When | Each> | Expr<T> | When
    : T extends { readonly value: string | number; readonly resolve?: never }
      ? string | number | Expr<string | number> | When
      : T extends object
        ? { [K in keyof T]?: Tpl<T[K]> } | Expr<T> | When | Let
        : T;

/** Removes the fields a When dropped, recursively. */
const ABSENT = Symbol('absent');

/** The concrete value of a tree. */
export function evaluateTree(tree: TreeValue, ctx: EvalContext): unknown {
  const v = evalNode(tree, ctx);
  return v === ABSENT ? undefined : v;
}

function withVar(ctx: EvalContext, v: Var, value: unknown): EvalContext {
  const scope = new Map(ctx.scope);
  scope.set(v.id, value);
  return { ...ctx, scope };
}

function evalNode(node: TreeValue | Spread | NamedMap | Entry | undefined, ctx: EvalContext): unknown {
  if (node === undefined) return ABSENT;
  if (node === null || typeof node !== 'object') return node;
  if (isExpr(node)) return node.evaluate(ctx);
  if (node instanceof When) {
    if (truthy(node.test.evaluate(ctx))) return evalNode(node.then, ctx);
    return node.otherwise === undefined ? ABSENT : evalNode(node.otherwise, ctx);
  }
  if (node instanceof Let) {
    let inner = ctx;
    for (const [v, e] of node.vars) inner = withVar(inner, v, e.evaluate(inner));
    return evalNode(node.body, inner);
  }
  if (node instanceof NamedMap && Array.isArray(node.body)) return evalNode(node.body, ctx);
  if (node instanceof Each || node instanceof Spread || node instanceof NamedMap || node instanceof Entry) throw new Error('Each, Spread and a named mapping belong inside a list or an object');
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    for (const item of node) {
      if (item instanceof Each) {
        for (const [key, value] of iterate(item.source.evaluate(ctx))) {
          const v = evalNode(item.body, withVar(withVar(ctx, item.item, value), item.key, key));
          if (v !== ABSENT) out.push(v);
        }
        continue;
      }
      const v = evalNode(item, ctx);
      if (v !== ABSENT) out.push(v);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (value instanceof Spread) {
      for (const [k, v] of iterate(value.source.evaluate(ctx))) out[String(k)] = v;
      continue;
    }
    if (value instanceof NamedMap && !Array.isArray(value.body)) {
      Object.assign(out, evalNode(value.body, ctx));
      continue;
    }
    if (value instanceof Entry) {
      if (value.when === undefined || truthy(value.when.evaluate(ctx))) out[value.key.evaluate(ctx)] = evalNode(value.value, ctx);
      continue;
    }
    const v = evalNode(value, ctx);
    if (v !== ABSENT) out[key] = v;
  }
  return out;
}

/** Entries in Go's `range` order: list order, or sorted map keys. */
export function iterate(source: unknown): Array<[string | number, unknown]> {
  if (source === null || source === undefined) return [];
  if (Array.isArray(source)) return source.map((v, i) => [i, v]);
  if (typeof source === 'object') {
    return Object.keys(source as object)
      .sort(compareGoStrings)
      .map((k) => [k, (source as Record<string, unknown>)[k]]);
  }
  throw new Error(`cannot iterate over ${typeof source}`);
}

/** Byte-wise string order, as Go sorts map keys. */
export function compareGoStrings(a: string, b: string): number {
  const x = Buffer.from(a, 'utf-8');
  const y = Buffer.from(b, 'utf-8');
  return Buffer.compare(x, y);
}

// Readable constructors for construct code.
export const when = (test: Expr, then: TreeValue, otherwise?: TreeValue) => new When(test, then, otherwise);
export const each = (source: Expr, itemKind: ExprKind, body: (item: Var, key: Var<string>) => TreeValue) => new Each(source, itemKind, body);
export const spread = (source: Expr<Record<string, unknown>>) => new Spread(source);
export const entry = (key: Expr<string>, value: Expr | TreeScalar, when?: Expr) => new Entry(key, value, when);
/** A unique member name for Spread, NamedMap and Entry members, whose key is not used. */
export const member = spreadKey;
export const letIn = (bindings: Record<string, Expr>, body: (vars: Record<string, Var>) => TreeValue) => new Let(bindings, body);
