/**
 * Kubernetes quantities (500m, 1Gi, 0.5, 1e3) in both outputs. Synth computes
 * with exact rationals; the chart can only compute with float64, so rules keep
 * compared quantities inside a range where float64 is exact too: a whole
 * number of thousandths (1m) up to 1Ti, written with at most 16 characters.
 */
import { EvalContext, Expr, RenderContext } from './expr';

/** The resource.Quantity grammar without a sign, with at most two exponent digits (1e99 is already absurd). */
export const QUANTITY_PATTERN = '^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]{1,2})?$';
/** Longest quantity string: the chart's float64 arithmetic is exact for decimals of at most 15 significant digits. */
export const QUANTITY_MAX_LENGTH = 16;
/** Largest quantity number: float64 holds every whole number up to 2^53 and prints it as the same decimal as synth. */
export const QUANTITY_MAX_NUMBER = 1e15;
/** Largest quantity a rule compares: 1Ti, which in thousandths is still below 2^53. */
export const COMPARED_QUANTITY_MAX = 2 ** 40;

const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** A quantity's exact value: numerator / denominator. */
export interface ExactQuantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * The exact value of a quantity, or undefined when it is not one. Numbers
 * count as their shortest decimal text, which is also what Go prints for them.
 */
export function exactQuantity(q: unknown): ExactQuantity | undefined {
  const text = typeof q === 'number' ? String(q) : typeof q === 'string' ? q : undefined;
  const m = text === undefined ? null : /^\+?([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?[0-9]{1,3}))?$/.exec(text);
  if (!m || (m[1] === '' && !m[2])) return undefined;
  const digits = BigInt(`${m[1]}${m[2] ?? ''}` || '0');
  const pow10 = (m[4] !== undefined ? DECIMAL_EXPONENT[m[4]] : Number(m[5] ?? 0)) - (m[2]?.length ?? 0);
  const numerator = digits * 2n ** BigInt(m[3] ? BINARY_EXPONENT[m[3]] : 0) * 10n ** BigInt(Math.max(pow10, 0));
  return { numerator, denominator: 10n ** BigInt(Math.max(-pow10, 0)) };
}

/** The value in nano-units, rounded down (for sums and displays). */
export function quantityToNano(q: string | number): bigint {
  const v = exactQuantity(q);
  if (!v) throw new Error(`"${q}" is not a quantity`);
  return (v.numerator * 10n ** 9n) / v.denominator;
}

function compareExact(a: ExactQuantity, b: ExactQuantity): number {
  const l = a.numerator * b.denominator;
  const r = b.numerator * a.denominator;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Whether a quantity is a whole number of thousandths from 0 to COMPARED_QUANTITY_MAX. */
export function isComparableQuantity(q: unknown): boolean {
  const v = exactQuantity(q);
  if (!v) return false;
  const milli = v.numerator * 1000n;
  return milli % v.denominator === 0n && milli / v.denominator <= BigInt(COMPARED_QUANTITY_MAX) * 1000n;
}

/** Factors from each suffix to thousandths, as exact decimals for one `mulf` call. */
function milliFactors(): Array<[string, string[]]> {
  return [
    ...Object.entries(DECIMAL_EXPONENT).map(([s, e]): [string, string[]] => [s, [`1e${e + 3}`]]),
    ...Object.entries(BINARY_EXPONENT).map(([s, e]): [string, string[]] => [s, ['1000', ...Array(e / 10).fill('1024')]]),
  ];
}

/**
 * The chart's helper: a quantity in thousandths as a float64. `mulf` turns
 * each operand into its shortest decimal and multiplies exactly, rounding
 * once, so within the compared range the result is the exact value. An
 * exponent form (1e3, or a number Go prints as 1e+06) is one float already.
 * A chain of `eq` keeps each call cheap: the validate/ templates call it often.
 */
export function quantityHelper(prefix: string): string {
  const branches = milliFactors().map(([suffix, factors], i) => `{{- ${i ? 'else ' : ''}if eq $suffix "${suffix}" }}{{ mulf $num ${factors.map((f) => `"${f}"`).join(' ')} }}`);
  return [
    '{{/* A Kubernetes quantity (500m, 1Gi, 2) in thousandths, as a number, for rules that compare resources. */}}',
    `{{- define "${prefix}.quantity" -}}`,
    '{{- $q := toString . -}}',
    '{{- $num := regexFind "^[+]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)" $q -}}',
    '{{- $suffix := trimPrefix $num $q -}}',
    ...branches,
    '{{- else }}{{ mulf $q 1000 }}',
    '{{- end }}',
    '{{- end }}',
    '',
  ].join('\n');
}

/** A quantity in thousandths, read through the helper. */
function milliCall(prefix: string, operand: string): string {
  return `(float64 (include "${prefix}.quantity" ${operand}))`;
}

function renderMilli(e: Expr, ctx: RenderContext): string {
  return milliCall(ctx.helperPrefix, e.render(ctx));
}

/**
 * Rendered checks with each value they read as a quantity read once, into a
 * variable at the top (`$qty0`, ...), rather than once per use: the same
 * value, at a fraction of the cost of the helper calls.
 */
export function hoistQuantityReads(checks: string, prefix: string): string {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [before, after] = milliCall(prefix, '\u0000').split('\u0000');
  const call = new RegExp(`${escape(before)}\\$\\.Values(?:\\.[A-Za-z_][A-Za-z0-9_]*)+${escape(after)}`, 'g');
  const vars = new Map<string, string>();
  const body = checks.replace(call, (whole: string) => {
    if (!vars.has(whole)) vars.set(whole, `$qty${vars.size}`);
    return vars.get(whole) as string;
  });
  return [...[...vars].map(([whole, name]) => `{{- ${name} := ${whole} }}`), body].join('\n');
}

/** `left < right` for two quantities (`500m` < `1`, `256Mi` < `1Gi`); both must be comparable quantities. */
export class QuantityLess extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  public readonly op = 'lt' as const;
  constructor(public readonly left: Expr<string | number>, public readonly right: Expr<string | number>) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    const a = exactQuantity(this.left.evaluate(ctx));
    const b = exactQuantity(this.right.evaluate(ctx));
    if (!a || !b) throw new Error('quantityLess needs two quantities');
    return compareExact(a, b) < 0;
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(lt ${renderMilli(this.left, ctx)} ${renderMilli(this.right, ctx)})`;
  }
}

/** True when a quantity is outside the range rules can compare exactly on both sides. */
export class QuantityOutOfRange extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly value: Expr<string | number>) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    return !isComparableQuantity(this.value.evaluate(ctx));
  }
  public renderPipeline(ctx: RenderContext): string {
    const milli = renderMilli(this.value, ctx);
    return `(or (gt ${milli} ${COMPARED_QUANTITY_MAX * 1000}.0) (ne ${milli} (floor ${milli})))`;
  }
}

export const quantityLess = (a: Expr<string | number>, b: Expr<string | number>) => new QuantityLess(a, b);
export const quantityOutOfRange = (q: Expr<string | number>) => new QuantityOutOfRange(q);
