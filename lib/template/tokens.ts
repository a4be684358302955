/**
 * The token bridge: any cdk8s ApiObject under a TemplatedChart (from
 * cdk8s-plus, or plain cdk8s) can carry expressions, as AWS CDK carries
 * tokens. A token is a unique placeholder that stands for an expression until
 * the output is made: synth puts the evaluated value in its place, the
 * packager the rendered template pipeline.
 *
 * - `string(expr)`: a string that may be embedded in longer strings (names,
 *   images, labels, env values, ConfigMap data).
 * - `tree(value)`: a placeholder for a whole value of any type (a number, a
 *   boolean, a map, or a manifest tree with conditions and helpers, such as
 *   the chart's standard metadata). It must be the entire value of its field,
 *   given through `patch(apiObject, JsonPatch.add(path, tokens.tree(value)))`,
 *   which applies after the construct library has written its JSON (its own
 *   JSON patches apply before, and its typed mapping would take the
 *   placeholder apart). A tree that leaves the field out removes it.
 * - `number(expr)`: a number for props typed as numbers that the construct
 *   library passes through without arithmetic (ports); a unique double, as
 *   AWS CDK encodes number tokens.
 * - `guard(scope, condition)`: every ApiObject under `scope` exists only when
 *   the condition holds (an `if` around each template).
 *
 * A placeholder left in the output (one that came from another chart, or was
 * changed on the way) is an error, never a silent value.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { EvalContext, Expr, isExpr, str, truthy } from './expr';
import { evaluateTree, TreeValue } from './tree';

/**
 * `${Token[TC3.12]}`: token 12 of the chart's registry 3. No valid Kubernetes
 * value looks like it, and libraries pass it through untouched.
 */
const TOKEN = '\\$\\{Token\\[(TC\\d+\\.\\d+)\\]\\}';
const PLACEHOLDER = new RegExp(TOKEN, 'g');
const WHOLE = new RegExp(`^${TOKEN}$`);
/** A placeholder, or a number token changed or written as text on the way. */
const LEFTOVER = new RegExp(`${TOKEN}|-1\\.888\\d*e\\+289`);
/** Registries are numbered so that a placeholder of one chart is never taken for one of another. */
let registries = 0;
/** Number tokens: far outside any count, port or size Kubernetes takes, and distinct from each other and across charts. */
const NUMBER_BASE = -1.8881545897087626e289;
const NUMBER_STEP = 1e275;
const NUMBERS_PER_REGISTRY = 1e6;

/** The tokens of one chart: each stands for one expression. */
export class TokenRegistry {
  private readonly index = registries++;
  private readonly id = `TC${this.index}`;
  private readonly values: TreeValue[] = [];
  private readonly numbers = new Map<number, Expr>();
  private readonly guards = new Map<IConstruct, Expr<boolean>[]>();
  private readonly patches = new Map<ApiObject, JsonPatch[]>();

  /** A placeholder string for an expression, to use anywhere a string goes. */
  public string(expr: Expr): string {
    return this.placeholder(expr);
  }

  /** A placeholder for a whole value of any type, typed as the field it fills. */
  public tree<T>(value: TreeValue): T {
    return this.placeholder(value) as unknown as T;
  }

  /** A number that stands for an expression. */
  public number(expr: Expr<number>): number {
    const n = NUMBER_BASE - (this.index * NUMBERS_PER_REGISTRY + this.numbers.size) * NUMBER_STEP;
    this.numbers.set(n, expr);
    return n;
  }

  /** JSON patches applied to an object's finished JSON: the way in for tree tokens. */
  public patch(o: ApiObject, ...ops: JsonPatch[]): void {
    this.patches.set(o, [...(this.patches.get(o) ?? []), ...ops]);
  }

  /** An object's JSON as written, with the patches given to `patch`. */
  public finish(o: ApiObject, json: unknown = o.toJson()): unknown {
    const ops = this.patches.get(o);
    return ops ? JsonPatch.apply(json, ...ops) : json;
  }

  /** Makes every ApiObject under `scope` exist only when `condition` holds. */
  public guard(scope: IConstruct, condition: Expr<boolean>): void {
    this.guards.set(scope, [...(this.guards.get(scope) ?? []), condition]);
  }

  /** The conditions of the scopes above a construct, outermost first. */
  public conditionsOf(c: IConstruct): Expr<boolean>[] {
    return c.node.scopes.flatMap((s) => this.guards.get(s) ?? []);
  }

  /** Whether a construct's guards all hold for this configuration. */
  public enabled(c: IConstruct, ctx: EvalContext): boolean {
    return this.conditionsOf(c).every((e) => truthy(e.evaluate(ctx)));
  }

  /** The JSON with every token replaced by its value; a placeholder of another chart is an error. */
  public resolve(json: unknown, ctx: EvalContext, where: string): unknown {
    return this.map(json, where, (e) => evaluateTree(e, ctx));
  }

  /**
   * The JSON as a manifest tree: tokens become what they stand for, strings
   * with tokens inside become concatenations, everything else stays.
   */
  public toTree(json: unknown, where: string): unknown {
    return this.map(json, where, (e) => e);
  }

  private placeholder(value: TreeValue): string {
    this.values.push(value);
    return `\${Token[${this.id}.${this.values.length - 1}]}`;
  }

  private map(value: unknown, where: string, leaf: (e: TreeValue) => unknown): unknown {
    if (typeof value === 'number') {
      const e = this.numbers.get(value);
      return e ? leaf(e) : value;
    }
    if (typeof value === 'string') {
      if (!value.includes('${Token[')) return value;
      const whole = WHOLE.exec(value);
      if (whole) return leaf(this.expr(whole[1], where));
      const parts = value.split(PLACEHOLDER);
      // split keeps the captured ids at the odd positions.
      const literals = parts.filter((_, i) => i % 2 === 0);
      const exprs = parts.filter((_, i) => i % 2 === 1).map((id) => {
        const e = this.expr(id, where);
        if (!isExpr(e) || e.kind === 'object' || e.kind === 'array') {
          throw new Error(`${where}: a tree token inside the string "${value}": only string tokens may be part of a string`);
        }
        return e;
      });
      return leaf(str(Object.assign(literals, { raw: literals }) as unknown as TemplateStringsArray, ...exprs));
    }
    if (Array.isArray(value)) return value.map((v) => this.map(v, where, leaf));
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value).map(([k, v]) => {
        if (k.includes('${Token[')) throw new Error(`${where}: a token in the key "${k}": keys are fixed, put a map in a tree token instead`);
        return [k, this.map(v, where, leaf)] as const;
      });
      // A tree that evaluates to nothing leaves its field out, as in the chart.
      return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
    }
    return value;
  }

  private expr(id: string, where: string): TreeValue {
    const [registry, index] = id.split('.');
    const e = registry === this.id ? this.values[Number(index)] : undefined;
    if (e === undefined) throw new Error(`${where}: the placeholder \${Token[${id}]} is not a token of this chart`);
    return e;
  }
}

/** Whether JSON text still holds a placeholder, or a number token that was changed or written as text on the way. */
export function hasPlaceholder(text: string): boolean {
  return LEFTOVER.test(text);
}
