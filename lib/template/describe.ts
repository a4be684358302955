/**
 * Plain-language text for expressions, for people rather than Helm: a
 * condition such as `and(s.create, not(isSet(s.existingSecret)))` reads
 * `secrets.create and not secrets.existingSecret`.
 */
import {
  ChartField, Compare, Concat, Default, Expr, IsString, Labelled, unlabelled, Literal, Logic, NamedValue, Not, ReleaseField, RenderContext, Ternary, Truthy, ValueRef, Var,
} from './expr';
import { QuantityLess } from './quantity';

export interface DescribeOptions {
  /**
   * Prefix of named templates, for expressions that fall back to their Go template form.
   * @default 'chart'
   */
  readonly helperPrefix?: string;
  /**
   * Writes a named expression (see `labelled`) as its name rather than what it stands for.
   * @default false
   */
  readonly byName?: boolean;
}

// Binding strength, loosest first: a part binds weaker than its context gets parentheses.
const OR = 1;
const AND = 2;
const NOT = 3;
const COMPARE = 4;
const ATOM = 5;

const SYMBOL: Record<string, string> = { eq: '=', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const NEGATED: Record<string, string> = { eq: 'ne', ne: 'eq', lt: 'ge', le: 'gt', gt: 'le', ge: 'lt' };

/** A condition in words: value paths, `=`, `!=`, `<`, `and`, `or`, `not`, with parentheses only where needed. */
export function describeCondition(e: Expr, options: DescribeOptions = {}): string {
  return describe(e, 0, options);
}

/** A value in words: a value path, a literal, or a string with `{path}` placeholders. */
export function describeValue(e: Expr, options: DescribeOptions = {}): string {
  return describe(e, 0, options);
}

function wrap(text: string, strength: number, context: number): string {
  return strength < context ? `(${text})` : text;
}

function literalText(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z0-9_/-]+$/.test(v) ? v : JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function pathText(path: readonly string[]): string {
  return path.map((p, i) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `${i ? '.' : ''}${p}` : `[${JSON.stringify(p)}]`)).join('');
}

function comparison(op: string, left: Expr, right: Expr, context: number, options: DescribeOptions): string {
  return wrap(`${describe(left, ATOM, options)} ${SYMBOL[op]} ${describe(right, ATOM, options)}`, COMPARE, context);
}

/** Operands of nested and/or of the same kind, flattened: `a and (b and c)` reads `a and b and c`. */
function flatten(e: Logic, options: DescribeOptions): Expr[] {
  return e.operands.flatMap((o) => {
    const plain = options.byName ? o : unlabelled(o);
    return plain instanceof Logic && plain.op === e.op ? flatten(plain, options) : [o];
  });
}

function describe(e: Expr, context: number, options: DescribeOptions): string {
  if (e instanceof ValueRef) return pathText(e.path);
  if (e instanceof Literal) return literalText(e.value);
  if (e instanceof Truthy) return describe(e.operand, context, options);
  if (e instanceof Logic) {
    const strength = e.op === 'and' ? AND : OR;
    // `and` inside `or` (and the reverse) always gets parentheses: readers should not need precedence rules.
    const parts = flatten(e, options).map((o) => describe(o, AND + 1, options));
    return parts.length === 1 ? describe(e.operands[0], context, options) : wrap(parts.join(` ${e.op} `), strength, context);
  }
  if (e instanceof Not) {
    const inner = e.operand instanceof Truthy ? e.operand.operand : e.operand;
    if (inner instanceof Not) return describe(inner.operand, context, options);
    if (inner instanceof Compare) return comparison(NEGATED[inner.op], inner.left, inner.right, context, options);
    if (inner instanceof QuantityLess) return comparison(NEGATED[inner.op], inner.left, inner.right, context, options);
    return wrap(`not ${describe(inner, COMPARE, options)}`, NOT, context);
  }
  if (e instanceof Compare || e instanceof QuantityLess) return comparison(e.op, e.left, e.right, context, options);
  if (e instanceof ReleaseField) return `release.${e.field}`;
  if (e instanceof ChartField) return `chart.${e.field}`;
  if (e instanceof NamedValue) return e.name;
  if (e instanceof Labelled) return options.byName ? e.name : describe(e.value, context, options);
  if (e instanceof IsString) return wrap(`${describe(e.value, ATOM, options)} is text`, COMPARE, context);
  if (e instanceof Var) return e.name;
  if (e instanceof Concat) {
    const text = e.parts.map((p) => (p instanceof Literal ? String(p.value) : `{${describe(p, 0, options)}}`)).join('');
    return JSON.stringify(text);
  }
  if (e instanceof Default) return wrap(`${describe(e.value, NOT, options)} or else ${describe(e.fallback, NOT, options)}`, OR, context);
  if (e instanceof Ternary) {
    const text = `if ${describe(e.test, 0, options)} then ${describe(e.whenTrue, ATOM, options)} else ${describe(e.whenFalse, ATOM, options)}`;
    return wrap(text, OR, context);
  }
  return fallback(e, options);
}

/** Anything else reads as its Go template pipeline, which is exact if not pretty. */
function fallback(e: Expr, options: DescribeOptions): string {
  const ctx: RenderContext = { helperPrefix: options.helperPrefix ?? 'chart', vars: new Map() };
  try {
    return e.render(ctx);
  } catch {
    // An unbound variable cannot be rendered on its own.
    return `<${e.kind} expression>`;
  }
}
