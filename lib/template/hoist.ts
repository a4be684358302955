/**
 * Moves repeated and long expressions of a chart into named helpers (`define`
 * in _helpers.tpl), the way hand-written charts name theirs. The chart is
 * rendered once with a `UseCounter` to count every sub-expression, then again
 * with `HelperCalls`, which writes each chosen one as `include` of its helper.
 */
import { describeCondition, describeValue } from './describe';
import { Compare, Default, Expr, ExprRenderer, IsString, Labelled, Literal, Logic, Not, RenderContext, Ternary, Truthy, ValueRef } from './expr';
import { unwrap } from './yaml-template';

export interface HoistOptions {
  /** Shortest pipeline worth a helper. @default 40 */
  readonly minLength?: number;
  /** Uses from which a pipeline of `minLength` or more gets a helper. @default 3 */
  readonly minUses?: number;
  /** Length from which a pipeline used twice gets a helper. @default 100 */
  readonly longLength?: number;
  /** Helper names the chart has already (its own named values and maps). @default none */
  readonly taken?: Iterable<string>;
}

/** One expression as rendered, with the expressions rendered inside it. */
interface Occurrence {
  readonly expr: Expr;
  /** The text where it stands (as a value, or as the test of an `if`). */
  readonly text: string;
  /** The expression's pipeline as a value: the same for equal expressions wherever they stand. */
  readonly key: string | undefined;
  readonly children: Occurrence[];
}

/** A helper the chart defines itself (a named value): its name and what it yields. */
export interface OwnHelper {
  readonly name: string;
  readonly body: Expr;
}

/**
 * Pipelines of expressions on their own, each built once from the cached
 * pipelines of its parts, or undefined when one reads a template variable (a
 * helper sees only `$`). `substitute` may give an expression's text outright.
 */
class CachedPipelines implements ExprRenderer {
  private readonly cache = new WeakMap<Expr, string | null>();

  constructor(private readonly substitute: (e: Expr) => string | undefined = () => undefined) {}

  public of(e: Expr): string | undefined {
    return this.substitute(e) ?? cached(this.cache, e, () => e.renderPipeline({ helperPrefix: '', vars: new Map(), helpers: this }));
  }

  public render(e: Expr): string {
    const text = this.of(e);
    if (text === undefined) throw new Error('reads a template variable');
    return text;
  }

  public renderTest(e: Expr): string {
    return this.render(e);
  }
}

/**
 * What identifies an expression wherever it stands: its pipeline, with the
 * chart's own helpers written as calls.
 */
export class ExprKeys {
  private readonly own = new Map<string, string>();
  private readonly plain = new CachedPipelines();
  private readonly keys = new CachedPipelines((e) => {
    const own = this.ownHelperOf(e);
    return own ? `(include ".${own}" $)` : undefined;
  });

  constructor(own: readonly OwnHelper[]) {
    for (const h of own) {
      const body = this.plain.of(h.body);
      if (body !== undefined) this.own.set(body, h.name);
    }
  }

  public of(e: Expr): string | undefined {
    return this.keys.of(e);
  }

  /** The chart's own helper that yields this expression. */
  public ownHelperOf(e: Expr): string | undefined {
    const body = this.plain.of(e);
    return body === undefined ? undefined : this.own.get(body);
  }
}

function cached(cache: WeakMap<Expr, string | null>, e: Expr, draw: () => string): string | undefined {
  let key = cache.get(e);
  if (key === undefined) {
    try {
      key = draw();
    } catch {
      // An expression with a template variable renders only where the variable is bound.
      key = null;
    }
    cache.set(e, key);
  }
  return key ?? undefined;
}

/** Renders expressions inline, recording each one with what it contains. */
export class UseCounter implements ExprRenderer {
  private readonly stack: Occurrence[][] = [[]];

  constructor(public readonly keys: ExprKeys) {}

  public render(e: Expr, ctx: RenderContext): string {
    return this.record(e, () => e.renderPipeline(ctx));
  }

  public renderTest(e: Expr, ctx: RenderContext): string {
    return this.record(e, () => e.testPipeline(ctx));
  }

  private record(e: Expr, draw: () => string): string {
    const children: Occurrence[] = [];
    this.stack.push(children);
    let text: string;
    try {
      text = draw();
    } finally {
      this.stack.pop();
    }
    this.stack[this.stack.length - 1].push({ expr: e, text, key: this.keys.of(e), children });
    return text;
  }

  /** The outermost expressions rendered so far. */
  public get occurrences(): readonly Occurrence[] {
    return this.stack[0];
  }
}

/** An expression moved into a helper. */
export interface Helper {
  /** Name after the chart prefix, e.g. `backend.image`. */
  readonly name: string;
  /** One line: what the helper yields. */
  readonly description: string;
  /** `include` gives back text: a boolean helper writes "true" or nothing, a number helper its digits. */
  readonly kind: 'string' | 'boolean' | 'number';
  /** The pipeline as written inline. */
  readonly text: string;
  /** The expression the helper renders. */
  readonly expr: Expr;
}

interface Stat {
  uses: number;
  readonly exprs: Expr[];
  /** Each hoistable pipeline inside one use, with its count. */
  readonly inner: Map<string, number>;
}

/**
 * A pipeline a helper can stand for: a string, boolean or number (what
 * `include` can give back as text), long where it stands, free of template variables, and not a
 * helper call already.
 */
function hoistable(o: Occurrence, minLength: number): o is Occurrence & { key: string } {
  const { text, expr, key } = o;
  return key !== undefined && ['string', 'boolean', 'number'].includes(expr.kind) && text.length >= minLength && text.startsWith('(') && !key.startsWith('(include ');
}

/** Helpers for the pipelines worth one, longest first, and the renderer that calls them. */
export function chooseHelpers(counter: UseCounter, options: HoistOptions = {}): HelperCalls {
  const minLength = options.minLength ?? 40;
  const minUses = options.minUses ?? 3;
  const longLength = options.longLength ?? 100;
  const stats = new Map<string, Stat>();

  const innerOf = (o: Occurrence, into: Map<string, number>) => {
    for (const c of o.children) {
      if (hoistable(c, minLength)) into.set(c.key, (into.get(c.key) ?? 0) + 1);
      innerOf(c, into);
    }
    return into;
  };
  const visit = (o: Occurrence) => {
    if (hoistable(o, minLength)) {
      let s = stats.get(o.key);
      if (!s) stats.set(o.key, (s = { uses: 0, exprs: [], inner: innerOf(o, new Map()) }));
      s.uses++;
      if (!s.exprs.includes(o.expr)) s.exprs.push(o.expr);
    }
    o.children.forEach(visit);
  };
  counter.occurrences.forEach(visit);

  // A pipeline is longer than any inside it, so each is decided after all that contain it.
  const chosen: Array<[string, Stat]> = [];
  for (const [text, s] of [...stats].sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))) {
    if (s.uses < minUses && !(s.uses >= 2 && text.length >= longLength)) continue;
    chosen.push([text, s]);
    // The helper's body is written once: what it contains is used that much less.
    for (const [inner, n] of s.inner) (stats.get(inner) as Stat).uses -= (s.uses - 1) * n;
  }

  const names = new HelperNames(options.taken ?? []);
  const helpers = chosen.map(([text, s]): Helper => {
    const label = s.exprs.find((e): e is Labelled<unknown> => e instanceof Labelled);
    const expr = label ?? s.exprs[0];
    const kind = expr.kind as Helper['kind'];
    return {
      name: names.claim(label?.name ?? derivedName(expr)),
      description: label?.description ?? derivedDescription(expr),
      kind,
      text,
      expr,
    };
  });
  return new HelperCalls(new Map(helpers.map((h) => [h.text, h])), counter.keys);
}

/** Writes each expression that has a helper as a call of it, the others inline. */
export class HelperCalls implements ExprRenderer {
  constructor(
    private readonly byText: ReadonlyMap<string, Helper>,
    private readonly keys: ExprKeys,
    private readonly writing?: string,
  ) {}

  /** Every helper, by name. */
  public get helpers(): Helper[] {
    return [...this.byText.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  public render(e: Expr, ctx: RenderContext): string {
    const own = this.keys.ownHelperOf(e);
    if (own && own !== this.writing) return `(include "${ctx.helperPrefix}.${own}" $)`;
    const helper = this.helperOf(e);
    if (!helper) return e.renderPipeline(ctx);
    if (helper.kind === 'boolean') return `(eq ${call(helper, ctx)} "true")`;
    // float64 reads every number Go prints, exponent forms included.
    return helper.kind === 'number' ? `(${unwrap(call(helper, ctx))} | float64)` : call(helper, ctx);
  }

  public renderTest(e: Expr, ctx: RenderContext): string {
    const own = this.keys.ownHelperOf(e);
    if (own && own !== this.writing) return this.render(e, ctx);
    const helper = this.helperOf(e);
    if (!helper) return e.testPipeline(ctx);
    // "0" is not empty as text: a number is tested as a number.
    return helper.kind === 'number' ? this.render(e, ctx) : call(helper, ctx);
  }

  /** The renderer for the body of a helper, which must not call itself. */
  public writingBodyOf(name: string): HelperCalls {
    return new HelperCalls(this.byText, this.keys, name);
  }

  /** The `define` body of a helper. */
  public body(helper: Helper, ctx: RenderContext): string {
    const inner = { ...ctx, helpers: this.writingBodyOf(helper.name) };
    if (helper.kind !== 'boolean') return `{{- ${unwrap(helper.expr.render(inner))} -}}`;
    return `{{- if ${unwrap(helper.expr.renderTest(inner))} }}true{{ end -}}`;
  }

  private helperOf(e: Expr): Helper | undefined {
    const key = this.keys.of(e);
    const helper = key === undefined ? undefined : this.byText.get(key);
    return helper?.name === this.writing ? undefined : helper;
  }
}

function call(helper: Helper, ctx: RenderContext): string {
  return `(include "${ctx.helperPrefix}.${helper.name}" $)`;
}

/** Unique names: a second `backend.image` becomes `backend.image2`. */
class HelperNames {
  private readonly used: Set<string>;
  constructor(taken: Iterable<string>) {
    this.used = new Set(taken);
  }
  public claim(name: string): string {
    let unique = name;
    for (let i = 2; this.used.has(unique); i++) unique = `${name}${i}`;
    this.used.add(unique);
    return unique;
  }
}

/** Expressions directly inside another, whatever field holds them. */
function childrenOf(e: Expr): Expr[] {
  const out: Expr[] = [];
  const collect = (v: unknown, depth: number): void => {
    if (v instanceof Expr) out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => collect(x, depth + 1));
    else if (v !== null && typeof v === 'object' && depth < 3) Object.values(v).forEach((x) => collect(x, depth + 1));
  };
  Object.values(e).forEach((v) => collect(v, 0));
  return out;
}

/** The value paths an expression yields from: a choice's branches rather than its test, a default's value first. */
function valuePaths(e: Expr): string[][] {
  if (e instanceof ValueRef) return [[...e.path]];
  const yielded = e instanceof Ternary ? [e.whenTrue, e.whenFalse] : e instanceof Default ? [e.value] : [];
  const fromYielded = yielded.flatMap(valuePaths);
  return fromYielded.length ? fromYielded : childrenOf(e).flatMap(valuePaths);
}

/** The deepest value path that more than half of the paths start with (`backend.image` for an image reference). */
function mainPath(paths: string[][]): string[] {
  for (let depth = Math.max(0, ...paths.map((p) => p.length)); depth > 0; depth--) {
    const counts = new Map<string, number>();
    for (const p of paths) if (p.length >= depth) counts.set(p.slice(0, depth).join('\u0000'), (counts.get(p.slice(0, depth).join('\u0000')) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (best && best[1] * 2 > paths.length) return best[0].split('\u0000');
  }
  // No path for most of them: the first value read names it.
  return paths.length ? [paths[0][0]] : [];
}

const camel = (s: string) => s.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
const pascal = (s: string) => camel(s).replace(/^./, (c) => c.toUpperCase());

const COMPARISON: Record<string, string> = { eq: 'Is', ne: 'IsNot', lt: 'Below', le: 'AtMost', gt: 'Above', ge: 'AtLeast' };
const OPPOSITE: Array<[RegExp, string]> = [[/Unset$/, 'Set'], [/Set$/, 'Unset'], [/[Ee]nabled$/, 'Disabled']];

/** What a boolean pipeline tests, as the end of a name: `Set`, `Empty`, `IsMock`, `Above0`. */
function testSuffix(e: Expr): string {
  if (e instanceof Labelled) return testSuffix(e.value);
  if (e instanceof Truthy) return 'Set';
  if (e instanceof Not) return e.operand instanceof Truthy ? 'Empty' : `Not${testSuffix(e.operand)}`;
  if (e instanceof IsString) return 'IsString';
  if (e instanceof Compare && e.right instanceof Literal) return `${COMPARISON[e.op]}${pascal(String(e.right.value)) || 'Empty'}`;
  if (e instanceof Logic) return e.op === 'and' ? 'Holds' : 'Any';
  return 'Check';
}

/**
 * A name from what the expression reads: a named expression it tests
 * (`backend.podCountAbove0`, `mockLlm.disabled`), else the values
 * (`frontend.pdb.minAvailableIsString`, `backend.image`).
 */
function derivedName(e: Expr): string {
  if (e instanceof Not && e.operand instanceof Labelled) {
    const name = e.operand.name;
    const opposite = OPPOSITE.find(([re]) => re.test(name));
    return opposite ? name.replace(opposite[0], (m) => (m[0] === m[0].toLowerCase() ? opposite[1].toLowerCase() : opposite[1])) : `${name}Not`;
  }
  if (e instanceof Compare && e.left instanceof Labelled && e.right instanceof Literal) return `${e.left.name}${testSuffix(e)}`;
  const path = mainPath(valuePaths(e)).map(camel).filter(Boolean);
  const base = path.length ? path.join('.') : 'value';
  return e.kind === 'boolean' ? `${base}${testSuffix(e)}` : base;
}

const DESCRIPTION_MAX = 120;

/** One line on what the helper yields, in the words of describe.ts. */
function derivedDescription(e: Expr): string {
  const text = e.kind === 'boolean' ? `Whether ${describeCondition(e, { byName: true })}` : `Yields ${describeValue(e, { byName: true })}`;
  return text.length <= DESCRIPTION_MAX ? `${text}.` : `${text.slice(0, DESCRIPTION_MAX - 3).replace(/\s+\S*$/, '')} ...`;
}
