/**
 * Expressions over lists of names: one field of each object of a list, a
 * map's keys, whether names drawn from several such lists are all different,
 * and whether a list holds a value. Go templates cannot map over a list in
 * one pipeline, so the field of each item comes from a small helper in
 * _helpers.tpl.
 */
import { EvalContext, Expr, ExprLike, RenderContext, toExpr } from './expr';

/** The `define` of the helper that yields one field of each item of a list, as JSON: `include "<prefix>.pluck" (list LIST "field")`. */
export function pluckHelper(prefix: string): string {
  return [
    '{{/* One field of each item of a list of objects, as a JSON list: (list <items> "<field>"). */}}',
    `{{- define "${prefix}.pluck" -}}`,
    '{{- $field := index . 1 -}}',
    '{{- $out := list -}}',
    '{{- range index . 0 }}{{ $out = append $out (get . $field) }}{{ end -}}',
    '{{- toJson $out -}}',
    '{{- end }}',
    '',
  ].join('\n');
}

/** One field of each item of a list of objects (`name`, `mountPath`, ...). */
export class ItemField extends Expr<unknown[]> {
  public readonly kind = 'array' as const;
  constructor(public readonly list: Expr<ReadonlyArray<Record<string, unknown>>>, public readonly field: string) {
    super();
  }
  public evaluate(ctx: EvalContext): unknown[] {
    // `get` yields "" for a missing field.
    return (this.list.evaluate(ctx) ?? []).map((item) => (Object.hasOwn(item, this.field) ? item[this.field] : ''));
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(include "${ctx.helperPrefix}.pluck" (list ${this.list.render(ctx)} ${JSON.stringify(this.field)}) | fromJsonArray)`;
  }
}

/** Whether a list holds a value (`has`). */
export class ListHas extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  public readonly value: Expr;
  constructor(public readonly list: Expr<readonly unknown[]>, value: ExprLike<unknown>) {
    super();
    this.value = toExpr(value);
  }
  public evaluate(ctx: EvalContext): boolean {
    return (this.list.evaluate(ctx) ?? []).includes(this.value.evaluate(ctx));
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(has ${this.value.render(ctx)} ${this.list.render(ctx)})`;
  }
}

/** Whether every value of a list is in the other lists (`uniq` of all together is no longer than of those). */
export class AllIn extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly values: Expr<readonly unknown[]>, public readonly allowed: ReadonlyArray<Expr<readonly unknown[]>>) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    const allowed = this.allowed.flatMap((l) => [...(l.evaluate(ctx) ?? [])]);
    return (this.values.evaluate(ctx) ?? []).every((v) => allowed.includes(v));
  }
  public renderPipeline(ctx: RenderContext): string {
    const allowed = `(concat ${this.allowed.map((l) => l.render(ctx)).join(' ')})`;
    return `(eq (len (uniq (concat ${allowed} ${this.values.render(ctx)}))) (len (uniq ${allowed})))`;
  }
}

/** A map's keys (in no particular order). */
export class MapKeys extends Expr<string[]> {
  public readonly kind = 'array' as const;
  constructor(public readonly map: Expr<Record<string, unknown>>) {
    super();
  }
  public evaluate(ctx: EvalContext): string[] {
    return Object.keys(this.map.evaluate(ctx) ?? {});
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(keys ${this.map.render(ctx)})`;
  }
}

/** A list of single values. */
export class ListOf extends Expr<unknown[]> {
  public readonly kind = 'array' as const;
  public readonly items: readonly Expr[];
  constructor(items: ReadonlyArray<ExprLike<unknown>>) {
    super();
    this.items = items.map(toExpr);
  }
  public evaluate(ctx: EvalContext): unknown[] {
    return this.items.map((i) => i.evaluate(ctx));
  }
  public renderPipeline(ctx: RenderContext): string {
    return `(list ${this.items.map((i) => i.render(ctx)).join(' ')})`;
  }
}

/** True when no value occurs twice in the lists taken together. */
export class AllDistinctIn extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly lists: ReadonlyArray<Expr<readonly unknown[]>>) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    const all = this.lists.flatMap((l) => [...(l.evaluate(ctx) ?? [])]);
    return new Set(all).size === all.length;
  }
  public renderPipeline(ctx: RenderContext): string {
    const all = `(concat ${this.lists.map((l) => l.render(ctx)).join(' ')})`;
    return `(eq (len (uniq ${all})) (len ${all}))`;
  }
}

/** Whether some value of a list of strings matches a pattern anchored with ^ and $ (each value on its own line). */
export class SomeMatch extends Expr<boolean> {
  public readonly kind = 'boolean' as const;
  constructor(public readonly list: Expr<readonly unknown[]>, public readonly pattern: string) {
    super();
  }
  public evaluate(ctx: EvalContext): boolean {
    const re = new RegExp(this.pattern);
    return (this.list.evaluate(ctx) ?? []).some((v) => re.test(String(v)));
  }
  public renderPipeline(ctx: RenderContext): string {
    // (?m): ^ and $ match at each line; the values hold no newlines.
    return `(regexMatch ${JSON.stringify(`(?m)${this.pattern}`)} (join "\\n" ${this.list.render(ctx)}))`;
  }
}

export const someMatch = (list: Expr<readonly unknown[]>, pattern: string) => new SomeMatch(list, pattern);
export const itemField = (list: Expr<ReadonlyArray<Record<string, unknown>>>, field: string) => new ItemField(list, field);
export const listHas = (list: Expr<readonly unknown[]>, value: ExprLike<unknown>) => new ListHas(list, value);
export const allIn = (values: Expr<readonly unknown[]>, ...allowed: Array<Expr<readonly unknown[]>>) => new AllIn(values, allowed);
export const mapKeys = (map: Expr<Record<string, unknown>>) => new MapKeys(map);
export const listOf = (...items: Array<ExprLike<unknown>>) => new ListOf(items);
export const allDistinctIn = (...lists: Array<Expr<readonly unknown[]>>) => new AllDistinctIn(lists);
