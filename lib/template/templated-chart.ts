import { Chart, ChartProps } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { EvalContext, Expr, NamedValue } from './expr';
import { NamedMap, TreeObject } from './tree';

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
  private readonly _checks: TemplateCheck[] = [];
  private readonly _named = new Map<string, NamedMap | NamedValue>();

  constructor(scope: Construct, id: string, props: TemplatedChartProps) {
    super(scope, id, props);
    this.context = props.context;
  }

  /** Adds a check on the values; synth fails at once, the chart with `fail`. */
  public addCheck(check: TemplateCheck): void {
    this._checks.push(check);
    if (check.violated.evaluate(this.context)) throw new Error(check.message);
  }

  public get checks(): readonly TemplateCheck[] {
    return this._checks;
  }

  /** A string helper (`define` in _helpers.tpl), used as an expression. */
  public namedValue(name: string, body: Expr<string>): NamedValue {
    return this.register(name, new NamedValue(name, body));
  }

  /** A mapping helper (`define` in _helpers.tpl), merged into objects. */
  public namedMap(name: string, body: TreeObject): NamedMap {
    return this.register(name, new NamedMap(name, body));
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
