/**
 * Expressions over lists of names: the `name` fields of a list of objects,
 * a map's keys, and whether names drawn from several such lists are all
 * different. Go templates cannot map over a list in one pipeline, so the
 * names of a list come from a small helper in _helpers.tpl.
 */
import { EvalContext, Expr, ExprLike, RenderContext, toExpr } from './expr';

/** The `define` of the helper that yields the `name` of each item of a list, as JSON. */
export function namesHelper(prefix: string): string {
  return [
    `{{- define "${prefix}.names" -}}`,
    '{{- $names := list -}}',
    '{{- range . }}{{ $names = append $names .name }}{{ end -}}',
    '{{- toJson $names -}}',
    '{{- end }}',
    '',
  ].join('\n');
}

/** The `name` of each item of a list of objects. */
export class ItemNames extends Expr<string[]> {
  public readonly kind = 'array' as const;
  constructor(public readonly list: Expr<ReadonlyArray<{ name?: unknown }>>) {
    super();
  }
  public evaluate(ctx: EvalContext): string[] {
    return (this.list.evaluate(ctx) ?? []).map((item) => item.name as string);
  }
  public render(ctx: RenderContext): string {
    return `(include "${ctx.helperPrefix}.names" ${this.list.render(ctx)} | fromJsonArray)`;
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
  public render(ctx: RenderContext): string {
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
  public render(ctx: RenderContext): string {
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
  public render(ctx: RenderContext): string {
    const all = `(concat ${this.lists.map((l) => l.render(ctx)).join(' ')})`;
    return `(eq (len (uniq ${all})) (len ${all}))`;
  }
}

export const itemNames = (list: Expr<ReadonlyArray<{ name?: unknown }>>) => new ItemNames(list);
export const mapKeys = (map: Expr<Record<string, unknown>>) => new MapKeys(map);
export const listOf = (...items: Array<ExprLike<unknown>>) => new ListOf(items);
export const allDistinctIn = (...lists: Array<Expr<readonly unknown[]>>) => new AllDistinctIn(lists);
