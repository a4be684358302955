import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { EvalContext, Expr, NamedValue } from './expr';
import { hasPlaceholder, TokenRegistry } from './tokens';
import { NamedMap, TreeArray, TreeObject } from './tree';

/** Marks the ApiObjects that TemplatedObjects write: already evaluated, never holding tokens. */
export const EVALUATED = Symbol.for('todo-chatbot.evaluated');

/** ApiObjects under a chart built some other way (cdk8s-plus, plain cdk8s), which may hold tokens. */
export function bridgedObjects(chart: TemplatedChart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && !(EVALUATED in c) && Chart.of(c) === chart);
}

/** An object's identity in the output. */
function identity(o: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } }): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

/** A condition that aborts synth and `helm install` with a message. */
export interface TemplateCheck {
  /** True when the values are not acceptable. */
  readonly violated: Expr<boolean>;
  /** One line: the key and what is allowed. */
  readonly message: string;
}

export interface TemplatedChartProps extends ChartProps {
  /** The concrete values, release and chart that expressions evaluate against. */
  readonly context: EvalContext;
}

/**
 * A chart whose objects are described by expressions: synth evaluates them
 * against `context`, and the Helm packager renders the same descriptions.
 */
export class TemplatedChart extends Chart {
  /** The nearest TemplatedChart above a construct. */
  public static of(c: IConstruct): TemplatedChart {
    const chart = Chart.of(c);
    if (!(chart instanceof TemplatedChart)) throw new Error(`${c.node.path} is not inside a TemplatedChart`);
    return chart as TemplatedChart;
  }

  public readonly context: EvalContext;
  /** Tokens for ApiObjects not built from expressions (see tokens.ts). */
  public readonly tokens = new TokenRegistry();
  private readonly _checks: TemplateCheck[] = [];
  private readonly _named = new Map<string, NamedMap | NamedValue>();
  private readonly _deferred: Array<() => void> = [];

  constructor(scope: Construct, id: string, props: TemplatedChartProps) {
    super(scope, id, props);
    this.context = props.context;
  }

  /**
   * The chart's objects for this configuration: TemplatedObjects as they
   * evaluated, other ApiObjects with their tokens resolved and the guarded
   * ones left out.
   */
  public toJson(): any[] {
    const bridged = bridgedObjects(this);
    const out = super.toJson();
    if (!bridged.length) return out;
    const evaluated = new Set(this.node.findAll().filter((c) => c instanceof ApiObject && EVALUATED in c).map((c) => (c as ApiObject).toJson()));
    // Names still hold their placeholders here, so each identity is the object's own; the object knows it without writing its JSON again.
    const byIdentity = new Map(bridged.map((o) => [identity({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.metadata.namespace } }), o]));
    return out.flatMap((json) => {
      if (evaluated.has(json)) return [json];
      const o = byIdentity.get(identity(json));
      if (!o) throw new Error(`${identity(json)}: two objects of the chart share this kind and name`);
      if (!this.tokens.enabled(o, this.context)) return [];
      const resolved = this.tokens.resolve(this.tokens.finish(o, json), this.context, o.node.path);
      if (hasPlaceholder(JSON.stringify(resolved))) throw new Error(`${o.node.path}: a placeholder was left unresolved (was it changed on the way, or made by another chart?)`);
      return [resolved];
    });
  }

  /**
   * Builds part of the chart only when its full description is needed
   * (packaging, diagrams): for parts this configuration leaves out and whose
   * building costs, such as loading a library. `materialize` runs them.
   */
  public defer(build: () => void): void {
    this._deferred.push(build);
  }

  /** Builds every deferred part. */
  public materialize(): void {
    for (let build = this._deferred.shift(); build; build = this._deferred.shift()) build();
  }

  /** Adds a check on the values; synth fails at once, the chart with `fail`. Add them in Helm's order (`inRenderOrder`), so both fail on the same one first. */
  public addCheck(check: TemplateCheck): void {
    this._checks.push(check);
    if (check.violated.evaluate(this.context)) throw new Error(check.message);
  }

  public get checks(): readonly TemplateCheck[] {
    return this._checks;
  }

  /** A string helper (`define` in _helpers.tpl), used as an expression; the description, one line on what it yields, heads its `define`. */
  public namedValue(name: string, body: Expr<string>, description: string): NamedValue {
    return this.register(name, new NamedValue(name, body, description));
  }

  /** A mapping helper (`define` in _helpers.tpl) merged into objects, or a list helper used as a field's value; the description heads its `define`. */
  public namedMap(name: string, body: TreeObject | TreeArray, description: string): NamedMap {
    return this.register(name, new NamedMap(name, body, description));
  }

  public get named(): ReadonlyArray<NamedMap | NamedValue> {
    return [...this._named.values()];
  }

  private register<T extends NamedMap | NamedValue>(name: string, named: T): T {
    if (this._named.has(name)) throw new Error(`helper ${name} is defined twice`);
    this._named.set(name, named);
    return named;
  }
}
