/**
 * Expressions with two meanings: `evaluate` computes the value for a concrete
 * configuration (what `cdk8s synth` writes) and `render` turns the same
 * expression into a Helm template pipeline. Constructs build their manifests
 * from expressions, so both outputs come from one description.
 */

/** What an expression yields; decides how it is compared, printed and quoted. */
export type ExprKind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'any';

/** Release, chart and value inputs for evaluation. */
export interface EvalContext {
  /** The complete, validated values. */
  readonly values: unknown;
  /** Release name and namespace (`helm install NAME -n NAMESPACE`). */
  readonly release: { readonly name: string; readonly namespace: string; readonly service: string };
  /** Chart metadata (`.Chart.*`). */
  readonly chart: { readonly name: string; readonly version: string; readonly appVersion: string };
  /** Kubernetes version of the target cluster, e.g. `1.30.2` (`.Capabilities.KubeVersion` in Helm). */
  readonly kubeVersion: string;
  /** Produces a value for a generated field (a random secret); tests pin it. */
  readonly generate: (spec: GeneratedSpec, at: GeneratedAt) => string;
  /** Variables bound by `Let` and `Each` while evaluating. */
  readonly scope: ReadonlyMap<symbol, unknown>;
}

/** Names used while rendering. */
export interface RenderContext {
  /** Prefix of the chart's named templates, e.g. `todo-chatbot`. */
  readonly helperPrefix: string;
  /** Template variable names of the variables in scope. */
  readonly vars: ReadonlyMap<symbol, string>;
  /** Tests (as rendered) that hold where the text goes: an `if` inside the same `if` is left out. @default none */
  readonly known?: ReadonlySet<string>;
  /** Renders expressions that a named helper holds as calls of it (see hoist.ts). @default - every expression inline */
  readonly helpers?: ExprRenderer;
  /**
   * Keeps a long text (an embedded script) as a file of the chart, read with
   * `.Files.Get`; gives back the file's path in the chart.
   * @default - the text stays in the template
   */
  readonly embed?: (name: string, text: string) => string;
}

/** Decides how an expression is written where it is used: inline, or as a call of a helper. */
export interface ExprRenderer {
  render(e: Expr, ctx: RenderContext): string;
  renderTest(e: Expr, ctx: RenderContext): string;
}

/** A random value that a chart keeps across upgrades by looking up the live object. */
export interface GeneratedSpec {
  /** Length of the random alphanumeric string. */
  readonly length: number;
  /** The Secret that holds the value once installed. */
  readonly secretName: Expr<string>;
  /** The key in that Secret's data. */
  readonly key: Expr<string>;
}

/** Where a generated value lives, evaluated: the Secret's name and the key. */
export interface GeneratedAt {
  readonly secretName: string;
  readonly key: string;
}

export abstract class Expr<T = unknown> {
  /** Phantom field that carries T for the type checker. */
  declare readonly __type?: T;
  public abstract readonly kind: ExprKind;
  /** The value for a concrete configuration. */
  public abstract evaluate(ctx: EvalContext): T;
  /** A Go template operand: a single token or a parenthesised pipeline, or a call of the helper that holds it. */
  public render(ctx: RenderContext): string {
    return ctx.helpers ? ctx.helpers.render(this, ctx) : this.renderPipeline(ctx);
  }
  /** The expression's own pipeline, never a helper call in its place. */
  public abstract renderPipeline(ctx: RenderContext): string;
  /**
   * The expression as the test of an `if`, which takes any value by its
   * truthiness: `if $.Values.x` rather than `if not (empty $.Values.x)`.
   */
  public renderTest(ctx: RenderContext): string {
    return ctx.helpers ? ctx.helpers.renderTest(this, ctx) : this.testPipeline(ctx);
  }
  /** The expression's own test pipeline, never a helper call in its place. */
  public testPipeline(ctx: RenderContext): string {
    return this.renderPipeline(ctx);
  }
}

/** Anything accepted where an expression is expected: plain values become literals. */
export type ExprLike<T> = Expr<T> | T;

export function isExpr(x: unknown): x is Expr {
  return x instanceof Expr;
}

/** Wraps plain values as literals. */
export function toExpr<T>(x: ExprLike<T>): Expr<T> {
  return isExpr(x) ? (x as Expr<T>) : new Literal(x as T);
}

function kindOf(v: unknown): ExprKind {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'array';
  if (v !== null && typeof v === 'object') return 'object';
  return 'any';
}

/** Go template emptiness, as used by `if`, `default` and `empty`. */
export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** A Go template literal for a scalar (strings use Go's quoted syntax, a subset of JSON's). */
export function goLiteral(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'nil';
  return `(${JSON.stringify(JSON.stringify(v))} | fromJson)`;
}

export class Literal<T> extends Expr<T> {
  public readonly kind: ExprKind;
  constructor(public readonly value: T) {
    super();
    this.kind = kindOf(value);
  }
  public evaluate(): T {
    return this.value;
  }
  public renderPipeline(): string {
    if (this.kind === 'array') return `(list ${(this.value as unknown[]).map(goLiteral).join(' ')})`;
    return goLiteral(this.value);
  }
}

function identifierPath(root: string, path: readonly string[]): string {
  // `index` keeps keys that are not Go identifiers addressable.
  if (path.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) return [root, ...path].join('.');
  return `(index ${root} ${path.map((p) => JSON.stringify(p)).join(' ')})`;
}

/** A value at a path of the values (`.Values.a.b`). */
export class ValueRef<T = unknown> extends Expr<T> {
  constructor(public readonly path: readonly string[], public readonly kind: ExprKind) {
    super();
  }
  public evaluate(ctx: EvalContext): T {
    let cur: unknown = ctx.values;
    for (const [i, p] of this.path.entries()) {
      if (cur === null || typeof cur !== 'object') throw new Error(`value ${this.path.join('.')} is missing`);
      if (!Object.hasOwn(cur, p)) {
        // A removed optional setting is absent, as in the template; a missing object on the way is a bug.
        if (i === this.path.length - 1) return undefined as T;
        throw new Error(`value ${this.path.join('.')} is missing`);
      }
      cur = (cur as Record<string, unknown>)[p];
    }
    return cur as T;
  }
  public renderPipeline(): string {
    return identifierPath('$.Values', this.path);
  }
  public toString(): string {
    return this.path.join('.');
  }
}

/** `.Release.Name`, `.Release.Namespace` or `.Release.Service`. */
export class ReleaseField extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly field: 'name' | 'namespace' | 'service') {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return ctx.release[this.field];
  }
  public renderPipeline(): string {
    return `$.Release.${this.field[0].toUpperCase()}${this.field.slice(1)}`;
  }
}

/** `.Chart.Name`, `.Chart.Version` or `.Chart.AppVersion`. */
export class ChartField extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly field: 'name' | 'version' | 'appVersion') {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return ctx.chart[this.field];
  }
  public renderPipeline(): string {
    return `$.Chart.${this.field[0].toUpperCase()}${this.field.slice(1)}`;
  }
}

/** A template variable bound by `Let` or `Each`. */
export class Var<T = unknown> extends Expr<T> {
  public readonly id: symbol;
  constructor(public readonly name: string, public readonly kind: ExprKind) {
    super();
    this.id = Symbol(name);
  }
  public evaluate(ctx: EvalContext): T {
    if (!ctx.scope.has(this.id)) throw new Error(`variable ${this.name} is not bound`);
    return ctx.scope.get(this.id) as T;
  }
  public renderPipeline(ctx: RenderContext): string {
    const name = ctx.vars.get(this.id);
    if (!name) throw new Error(`variable ${this.name} is not bound`);
    return name;
  }
}

/** Go prints float64 numbers in exponent form from 1e21; values here are integers. */
function renderAsString(e: Expr, ctx: RenderContext): string {
  if (e instanceof Literal) return goLiteral(String(e.value));
  if (e.kind === 'string') return e.render(ctx);
  if (e.kind === 'number') return `(${e.render(ctx)} | int64 | toString)`;
  return `(${e.render(ctx)} | toString)`;
}

function evaluateAsString(e: Expr, ctx: EvalContext): string {
  const v = e.evaluate(ctx);
  if (typeof v === 'number') return String(Math.trunc(v));
  return String(v);
}

/** String concatenation. */
export class Concat extends Expr<string> {
  public readonly kind = 'string' as const;
  public readonly parts: readonly Expr[];
  constructor(parts: readonly ExprLike<unknown>[]) {
    super();
    this.parts = parts.map(toExpr);
  }
  public evaluate(ctx: EvalContext): string {
    return this.parts.map((p) => evaluateAsString(p, ctx)).join('');
  }
  public renderPipeline(ctx: RenderContext): string {
    if (this.parts.length === 1) return renderAsString(this.parts[0], ctx);
    return `(print ${this.parts.map((p) => renderAsString(p, ctx)).join(' ')})`;
  }
}

/** Tagged template for Concat: str`${a}-backend`. */
export function str(strings: TemplateStringsArray, ...args: ExprLike<unknown>[]): Expr<string> {
  const parts: ExprLike<unknown>[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    if (i < args.length) parts.push(args[i]);
  });
  const exprs = parts.map(toExpr);
  if (exprs.every((p) => p instanceof Literal)) return new Literal(exprs.map((p) => String((p as Literal<unknown>).value)).join(''));
  return new Concat(exprs);
}

/** Scalar choice: `ternary a b test`. Both branches are rendered; use only for scalars. */
export class Ternary<T> extends Expr<T> {
  public readonly kind: ExprKind;
  public readonly whenTrue: Expr<T>;
  public readonly whenFalse: Expr<T>;
  constructor(public readonly test: Expr<boolean>, whenTrue: ExprLike<T>, whenFalse: ExprLike<T>) {
    super();
    this.whenTrue = toExpr(whenTrue);
    this.whenFalse = toExpr(whenFalse);
    this.kind = this.whenTrue.kind === this.whenFalse.kind ? this.whenTrue.kind : 'any';
  }
  public evaluate(ctx: EvalContext): T {
    return truthy(this.test.evaluate(ctx)) ? this.whenTrue.evaluate(ctx) : this.whenFalse.evaluate(ctx);
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(ternary ${this.whenTrue.render(ctx)} ${this.whenFalse.render(ctx)} ${boolOperand(this.test, ctx)})`;
  }
}

export function truthy(v: unknown): boolean {
  return !isEmptyValue(v);
}

/** Go's `if` takes any value; `ternary` needs a real boolean. */
function boolOperand(test: Expr, ctx: RenderContext): string {
  return test.kind === 'boolean' ? test.render(ctx) : `(not (empty ${test.render(ctx)}))`;
}

type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
const COMPARE: Record<CompareOp, (a: number | string | boolean, b: number | string | boolean) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

/** Comparison; numbers are compared as float64 because values from YAML and --set differ in Go type. */
export class Compare extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  public readonly left: Expr;
  public readonly right: Expr;
  constructor(public readonly op: CompareOp, left: ExprLike<unknown>, right: ExprLike<unknown>) {
    super();
    this.left = toExpr(left);
    this.right = toExpr(right);
  }
  public evaluate(ctx: EvalContext): boolean {
    return COMPARE[this.op](this.left.evaluate(ctx) as number, this.right.evaluate(ctx) as number);
  }
  public renderPipeline(ctx: RenderContext): string {
    const numeric = this.left.kind === 'number' || this.right.kind === 'number';
    const side = (e: Expr) => {
      const r = e.render(ctx);
      // A number helper's call reads its text as a float64 already.
      return numeric && !r.endsWith('| float64)') ? `(float64 ${r})` : r;
    };
    return `(${this.op} ${side(this.left)} ${side(this.right)})`;
  }
}

export class Not extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly operand: Expr) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    return !truthy(this.operand.evaluate(ctx));
  }
  public renderPipeline(ctx: RenderContext): string {
    // `not (not (empty x))` reads better as `empty x`, and means the same for every value.
    if (this.operand instanceof Truthy) return `(empty ${this.operand.operand.render(ctx)})`;
    return `(not ${this.operand.render(ctx)})`;
  }
  public testPipeline(ctx: RenderContext): string {
    return `(not ${this.operand.renderTest(ctx)})`;
  }
}

/** Logical and/or over truthiness, returning booleans. */
export class Logic extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly op: 'and' | 'or', public readonly operands: readonly Expr[]) {
    super();
    if (operands.length < 1) throw new Error(`${op} needs at least one operand`);
  }
  public evaluate(ctx: EvalContext): boolean {
    const values = this.operands.map((o) => truthy(o.evaluate(ctx)));
    return this.op === 'and' ? values.every(Boolean) : values.some(Boolean);
  }
  public renderPipeline(ctx: RenderContext): string {
    const parts = this.operands.map((o) => boolOperand(o, ctx));
    return parts.length === 1 ? parts[0] : `(${this.op} ${parts.join(' ')})`;
  }
  public testPipeline(ctx: RenderContext): string {
    // Go's and/or give back an operand, whose truthiness is the answer: enough for an `if`.
    const parts = this.operands.map((o) => o.renderTest(ctx));
    return parts.length === 1 ? parts[0] : `(${this.op} ${parts.join(' ')})`;
  }
}

/** True when the value is non-empty (Go template truthiness). */
export class Truthy extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly operand: Expr) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    return truthy(this.operand.evaluate(ctx));
  }
  public renderPipeline(ctx: RenderContext): string {
    return boolOperand(this.operand, ctx);
  }
  public testPipeline(ctx: RenderContext): string {
    return this.operand.renderTest(ctx);
  }
}

/** The minor version of a Kubernetes version such as `1.30.2`, `v1.30` or `v1.30.5-gke.1`. */
export function kubeMinor(version: string): number {
  const m = /^v?1\.(\d+)(\.\d+)?([-+].*)?$/.exec(version);
  if (!m) throw new Error(`not a Kubernetes 1.x version: ${JSON.stringify(version)}`);
  return Number(m[1]);
}

/** Whether the target cluster runs Kubernetes 1.<minor> or later (pre-releases and vendor builds included). */
export class KubeVersionAtLeast extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly minor: number) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    return kubeMinor(ctx.kubeVersion) >= this.minor;
  }
  public renderPipeline(): string {
    return `(semverCompare ">=1.${this.minor}-0" $.Capabilities.KubeVersion.Version)`;
  }
}

/** Whether a string matches a pattern; patterns must mean the same in JavaScript and Go (RE2). */
export class Matches extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly value: Expr<string>, public readonly pattern: string) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    return new RegExp(this.pattern).test(String(this.value.evaluate(ctx)));
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(regexMatch ${goLiteral(this.pattern)} ${this.value.render(ctx)})`;
  }
}

/** The length of a string in bytes, as Go's `len` counts it. */
export class ByteLength extends Expr<number> {
  public readonly kind = 'number' as const;
  constructor(public readonly value: Expr<string>) {
    super();
  }
  public evaluate(ctx: EvalContext): number {
    return Buffer.byteLength(String(this.value.evaluate(ctx)), 'utf-8');
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(len ${this.value.render(ctx)})`;
  }
}

/** Bytes of a string map's keys and values together, as Kubernetes limits annotations. */
export class MapByteSize extends Expr<number> {
  public readonly kind = 'number' as const;
  constructor(public readonly map: Expr<Record<string, string>>) {
    super();
  }
  public evaluate(ctx: EvalContext): number {
    return Object.entries(this.map.evaluate(ctx) ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf-8') + Buffer.byteLength(String(v), 'utf-8'), 0);
  }
  public renderPipeline(ctx: RenderContext): string {
    const m = this.map.render(ctx);
    return `(len (join "" (concat (keys ${m}) (values ${m}))))`;
  }
}

/** A map's keys joined by newlines, in no particular order (Go's `keys` has none): for tests that do not depend on it. */
export class JoinedKeys extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly map: Expr<Record<string, unknown>>) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return Object.keys(this.map.evaluate(ctx) ?? {}).join('\n');
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(join "\\n" (keys ${this.map.render(ctx)}))`;
  }
}

/** Whether a map has a key (`hasKey`); every key is data, "__proto__" too. */
export class HasKey extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  public readonly key: Expr<string>;
  constructor(public readonly map: Expr<Record<string, unknown>>, key: ExprLike<string>) {
    super();
    this.key = toExpr(key);
  }
  public evaluate(ctx: EvalContext): boolean {
    const m = this.map.evaluate(ctx);
    return m !== null && typeof m === 'object' && Object.hasOwn(m, this.key.evaluate(ctx));
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(hasKey ${this.map.render(ctx)} ${this.key.render(ctx)})`;
  }
}

/** True when no two of the values are equal (`uniq`). */
export class AllDistinct extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  public readonly operands: readonly Expr[];
  constructor(operands: readonly ExprLike<unknown>[]) {
    super();
    this.operands = operands.map(toExpr);
  }
  public evaluate(ctx: EvalContext): boolean {
    return new Set(this.operands.map((o) => o.evaluate(ctx))).size === this.operands.length;
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(eq (len (uniq (list ${this.operands.map((o) => o.render(ctx)).join(' ')}))) ${this.operands.length})`;
  }
}

/** Whether a value is one of the literals (`has`). */
export class OneOf extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly value: Expr, public readonly choices: readonly (string | number)[]) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    return this.choices.includes(this.value.evaluate(ctx) as string | number);
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(has ${this.value.render(ctx)} (list ${this.choices.map(goLiteral).join(' ')}))`;
  }
}

/** Whether a string starts with a prefix (`hasPrefix`). */
export class HasPrefix extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly value: Expr<string>, public readonly prefix: string) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    return String(this.value.evaluate(ctx)).startsWith(this.prefix);
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(hasPrefix ${goLiteral(this.prefix)} ${this.value.render(ctx)})`;
  }
}

/** `default fallback value`: the value unless it is empty. */
export class Default<T> extends Expr<T> {
  public readonly kind: ExprKind;
  public readonly fallback: Expr<T>;
  constructor(public readonly value: Expr<T>, fallback: ExprLike<T>) {
    super();
    this.fallback = toExpr(fallback);
    this.kind = value.kind;
  }
  public evaluate(ctx: EvalContext): T {
    const v = this.value.evaluate(ctx);
    return isEmptyValue(v) ? this.fallback.evaluate(ctx) : v;
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(default ${this.fallback.render(ctx)} ${this.value.render(ctx)})`;
  }
}

/** Directory part of a slash-separated path (`dir`, Go's path.Dir). */
export class Dirname extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly path: Expr<string>) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return goPathDir(this.path.evaluate(ctx));
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(dir ${this.path.render(ctx)})`;
  }
}

/** Go's path.Dir: Clean of everything up to the last slash. */
export function goPathDir(p: string): string {
  const i = p.lastIndexOf('/');
  return goPathClean(p.slice(0, i + 1));
}

function goPathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined || '.';
}

/** Standard base64 (`b64enc`). */
export class Base64 extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly operand: Expr<string>) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return Buffer.from(evaluateAsString(this.operand, ctx), 'utf-8').toString('base64');
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(b64enc ${renderAsString(this.operand, ctx)})`;
  }
}

/**
 * A random alphanumeric value that survives `helm upgrade`: the chart reads it
 * back from the installed Secret and only generates it on first install.
 */
export class Generated extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly spec: GeneratedSpec) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return ctx.generate(this.spec, { secretName: evaluateAsString(this.spec.secretName, ctx), key: evaluateAsString(this.spec.key, ctx) });
  }
  public renderPipeline(ctx: RenderContext): string {
    const live = `(lookup "v1" "Secret" $.Release.Namespace ${this.spec.secretName.render(ctx)})`;
    const previous = `(get (get ${live} "data" | default dict) ${this.spec.key.render(ctx)} | default "" | b64dec)`;
    return `(default (randAlphaNum ${this.spec.length}) ${previous})`;
  }
}

/** Go's encoding/json escaping, which `toJson` applies and a checksum must reproduce. */
export function goJson(v: unknown): string {
  const sortKeys = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sortKeys);
    if (x !== null && typeof x === 'object') {
      return Object.fromEntries(Object.keys(x as object).sort().map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]));
    }
    return x;
  };
  return JSON.stringify(sortKeys(v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A map built from expressions (`dict`). */
export class Dict extends Expr<Record<string, unknown>> {
  public readonly kind = 'object' as const;
  public readonly entries: ReadonlyArray<readonly [string, Expr]>;
  constructor(entries: Record<string, ExprLike<unknown>>) {
    super();
    this.entries = Object.entries(entries).map(([k, v]) => [k, toExpr(v)] as const);
  }
  public evaluate(ctx: EvalContext): Record<string, unknown> {
    return Object.fromEntries(this.entries.map(([k, v]) => [k, v.evaluate(ctx)]));
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(dict ${this.entries.map(([k, v]) => `${JSON.stringify(k)} ${v.render(ctx)}`).join(' ')})`;
  }
}

/** The value as JSON text, as `toJson` writes it. */
export class ToJson extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly operand: Expr) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return goJson(this.operand.evaluate(ctx));
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(${this.operand.render(ctx)} | toJson)`;
  }
}

/** SHA-256 (hex) of a string, as `sha256sum` computes it. */
export class Sha256 extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly operand: Expr<string>) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createHash } = require('crypto') as typeof import('crypto');
    return createHash('sha256').update(this.operand.evaluate(ctx)).digest('hex');
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(${this.operand.render(ctx)} | sha256sum)`;
  }
}

/** Maps merged key by key, the first with a non-empty value winning (`merge (dict) a b ...`, which leaves its inputs alone). */
export class MergeMaps extends Expr<Record<string, unknown>> {
  public readonly kind = 'object' as const;
  constructor(public readonly maps: ReadonlyArray<Expr<Record<string, unknown>>>) {
    super();
  }
  public evaluate(ctx: EvalContext): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const m of this.maps) {
      for (const [k, v] of Object.entries(m.evaluate(ctx) ?? {})) {
        // Sprig's merge fills a key that an earlier map left empty, as Go sees emptiness.
        if (!Object.hasOwn(out, k) || isEmptyValue(out[k])) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
    }
    return out;
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(merge (dict) ${this.maps.map((m) => m.render(ctx)).join(' ')})`;
  }
}

/** Whether a value is a string (`kindIs "string"`), for values that take a name or an object. */
export class IsString extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly value: Expr) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    return typeof this.value.evaluate(ctx) === 'string';
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(kindIs "string" ${this.value.render(ctx)})`;
  }
}

/** A field of an object value (`index`), e.g. of a list item. */
export class Field<T = unknown> extends Expr<T> {
  public readonly kind: ExprKind;
  constructor(public readonly object: Expr<Record<string, unknown>>, public readonly key: string, kind: ExprKind = 'any') {
    super();
    this.kind = kind;
  }
  public evaluate(ctx: EvalContext): T {
    const o = this.object.evaluate(ctx);
    return (o !== null && typeof o === 'object' && Object.hasOwn(o, this.key) ? o[this.key] : undefined) as T;
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(index ${this.object.render(ctx)} ${goLiteral(this.key)})`;
  }
}

/** The value with a regular expression replaced (`regexReplaceAll`); `replacement` uses Go's `${1}` for groups. */
export class RegexReplace extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly value: Expr<string>, public readonly pattern: string, public readonly replacement: string) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return String(this.value.evaluate(ctx)).replace(new RegExp(this.pattern, 'g'), this.replacement.replace(/\$\{(\d+)\}/g, '$$$1'));
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(regexReplaceAll ${goLiteral(this.pattern)} ${this.value.render(ctx)} ${goLiteral(this.replacement)})`;
  }
}

/** The first `n` characters of a string (`trunc`). */
export class Trunc extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly value: Expr<string>, public readonly length: number) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return String(this.value.evaluate(ctx)).slice(0, this.length);
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(trunc ${this.length} ${this.value.render(ctx)})`;
  }
}

/** A string of digits as a number (`atoi`; anything else is 0). */
export class ToInt extends Expr<number> {
  public readonly kind = 'number' as const;
  constructor(public readonly value: Expr<string>) {
    super();
  }
  public evaluate(ctx: EvalContext): number {
    const s = String(this.value.evaluate(ctx));
    return /^[+-]?[0-9]+$/.test(s) ? parseInt(s, 10) : 0;
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(atoi ${this.value.render(ctx)})`;
  }
}

/** Integer arithmetic (`sub`, `mul`), for rules on counts. */
export class Arith extends Expr<number> {
  public readonly kind = 'number' as const;
  public readonly left: Expr<number>;
  public readonly right: Expr<number>;
  constructor(public readonly op: 'sub' | 'mul', left: ExprLike<number>, right: ExprLike<number>) {
    super();
    this.left = toExpr(left);
    this.right = toExpr(right);
  }
  public evaluate(ctx: EvalContext): number {
    const [a, b] = [Math.trunc(Number(this.left.evaluate(ctx))), Math.trunc(Number(this.right.evaluate(ctx)))];
    return this.op === 'sub' ? a - b : a * b;
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(${this.op} (int64 ${this.left.render(ctx)}) (int64 ${this.right.render(ctx)}))`;
  }
}

/** The number of a percentage such as "50%" (`trimSuffix "%" | atoi`). */
export class PercentOf extends Expr<number> {
  public readonly kind = 'number' as const;
  constructor(public readonly value: Expr<string>) {
    super();
  }
  public evaluate(ctx: EvalContext): number {
    return parseInt(String(this.value.evaluate(ctx)).replace(/%$/, ''), 10) || 0;
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(atoi (trimSuffix "%" ${this.value.render(ctx)}))`;
  }
}

/** Every occurrence of `old` replaced by `replacement` (`replace`). */
export class Replace extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly value: Expr<string>, public readonly old: string, public readonly replacement: string) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return String(this.value.evaluate(ctx)).split(this.old).join(this.replacement);
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(replace ${goLiteral(this.old)} ${goLiteral(this.replacement)} ${this.value.render(ctx)})`;
  }
}

// Small constructors that read well in construct code.
export const eq = (a: ExprLike<unknown>, b: ExprLike<unknown>) => new Compare('eq', a, b);
export const ne = (a: ExprLike<unknown>, b: ExprLike<unknown>) => new Compare('ne', a, b);
export const lt = (a: ExprLike<number>, b: ExprLike<number>) => new Compare('lt', a, b);
export const gt = (a: ExprLike<number>, b: ExprLike<number>) => new Compare('gt', a, b);
export const ge = (a: ExprLike<number>, b: ExprLike<number>) => new Compare('ge', a, b);
export const not = (a: Expr) => new Not(a);
export const and = (...a: Expr[]) => new Logic('and', a);
export const or = (...a: Expr[]) => new Logic('or', a);
export const isSet = (a: Expr) => new Truthy(a);
export const ternary = <T>(test: Expr<boolean>, a: ExprLike<T>, b: ExprLike<T>) => new Ternary<T>(test, a, b);
export const withDefault = <T>(value: Expr<T>, fallback: ExprLike<T>) => new Default<T>(value, fallback);
export const dirname = (p: Expr<string>) => new Dirname(p);
export const base64 = (e: Expr<string>) => new Base64(e);
export const matches = (value: Expr<string>, pattern: string) => new Matches(value, pattern);
export const byteLength = (value: Expr<string>) => new ByteLength(value);
export const mapByteSize = (map: Expr<Record<string, string>>) => new MapByteSize(map);
export const joinedKeys = (map: Expr<Record<string, unknown>>) => new JoinedKeys(map);
export const hasKey = (map: Expr<Record<string, unknown>>, key: ExprLike<string>) => new HasKey(map, key);
export const allDistinct = (...values: ExprLike<unknown>[]) => new AllDistinct(values);
export const oneOf = (value: Expr, choices: readonly (string | number)[]) => new OneOf(value, choices);
export const hasPrefix = (value: Expr<string>, prefix: string) => new HasPrefix(value, prefix);
export const subtract = (a: ExprLike<number>, b: ExprLike<number>) => new Arith('sub', a, b);
export const multiply = (a: ExprLike<number>, b: ExprLike<number>) => new Arith('mul', a, b);
export const regexReplace = (value: Expr<string>, pattern: string, replacement: string) => new RegexReplace(value, pattern, replacement);
export const trunc = (value: Expr<string>, length: number) => new Trunc(value, length);
export const toInt = (value: Expr<string>) => new ToInt(value);
export const percentOf = (value: Expr<string>) => new PercentOf(value);
export const mergeMaps = (...maps: Array<Expr<Record<string, unknown>>>) => new MergeMaps(maps);
export const isString = (value: Expr) => new IsString(value);
export const kubeVersionAtLeast = (minor: number) => new KubeVersionAtLeast(minor);
export const replace = (value: Expr<string>, old: string, replacement: string) => new Replace(value, old, replacement);
export const release = { name: new ReleaseField('name'), namespace: new ReleaseField('namespace'), service: new ReleaseField('service') };
export const chartInfo = { name: new ChartField('name'), version: new ChartField('version'), appVersion: new ChartField('appVersion') };

/** A named template (`define` in _helpers.tpl) that yields a string: `include "<prefix>.<name>" $`. */
export class NamedValue extends Expr<string> {
  public readonly kind = 'string' as const;
  constructor(public readonly name: string, public readonly body: Expr<string>, public readonly description?: string) {
    super();
  }
  public evaluate(ctx: EvalContext): string {
    return this.body.evaluate(ctx);
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(include "${ctx.helperPrefix}.${this.name}" $)`;
  }
}

/**
 * An expression with the name its helper gets when the packager moves it
 * into `_helpers.tpl` (which it does when the expression repeats or is long);
 * otherwise it is written inline, as if unnamed.
 */
export class Labelled<T> extends Expr<T> {
  public readonly kind: ExprKind;
  constructor(public readonly name: string, public readonly description: string, public readonly value: Expr<T>) {
    super();
    this.kind = value.kind;
  }
  public evaluate(ctx: EvalContext): T {
    return this.value.evaluate(ctx);
  }
  public renderPipeline(ctx: RenderContext): string {
    return this.value.renderPipeline(ctx);
  }
  public testPipeline(ctx: RenderContext): string {
    return this.value.testPipeline(ctx);
  }
}

/** The expression a name stands for. */
export function unlabelled(e: Expr): Expr {
  return e instanceof Labelled ? unlabelled(e.value) : e;
}

/** The tests an `and` needs all of (through names and nested `and`s); any other test is its own. */
export function conjunctsOf(e: Expr): Expr[] {
  const plain = unlabelled(e);
  return plain instanceof Logic && plain.op === 'and' ? plain.operands.flatMap(conjunctsOf) : [e];
}

/** Names an expression for the helper that may hold it: `labelled('publicUrl', 'The URL users open', e)`. */
export const labelled = <T>(name: string, description: string, value: Expr<T>) => new Labelled<T>(name, description, value);
