import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Expr, truthy } from './expr';
import { EVALUATED, TemplatedChart } from './templated-chart';
import { evaluateTree, Let, Tpl, TreeObject } from './tree';

export interface TemplatedObjectProps<P> {
  /** API group and version, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** Object kind, e.g. `Deployment`. */
  readonly kind: string;
  /** Everything but apiVersion and kind, typed by the imports/k8s props of the kind. */
  readonly manifest: Tpl<P>;
  /**
   * The object exists only when this holds (an `if` around the template).
   * @default - always
   */
  readonly when?: Expr<boolean>;
  /**
   * Only the Helm chart has the object (e.g. a `helm test` hook); synth skips it.
   * @default false
   */
  readonly chartOnly?: boolean;
}

/** The object cdk8s writes: exactly the evaluated manifest, no labels or names added, every key kept as data. */
export class EvaluatedObject extends ApiObject {
  public readonly [EVALUATED] = true;
  constructor(scope: Construct, id: string, private readonly manifest: Record<string, unknown>) {
    super(scope, id, manifest as never);
  }
  public toJson(): Record<string, unknown> {
    return this.manifest;
  }
}

/**
 * A Kubernetes object described once by expressions: synth writes its
 * evaluated form (when its condition holds), the packager its template.
 */
export class TemplatedObject<P = unknown> extends Construct {
  public readonly apiVersion: string;
  public readonly kind: string;
  public readonly when?: Expr<boolean>;
  public readonly chartOnly: boolean;
  /** The full manifest tree, apiVersion and kind first (inside the bindings of a Let manifest). */
  public readonly tree: TreeObject | Let;
  /** The synthesized object, when it exists in this configuration. */
  public readonly apiObject?: ApiObject;

  constructor(scope: Construct, id: string, props: TemplatedObjectProps<P>) {
    super(scope, id);
    this.apiVersion = props.apiVersion;
    this.kind = props.kind;
    this.when = props.when;
    this.chartOnly = props.chartOnly ?? false;
    const head = { apiVersion: props.apiVersion, kind: props.kind };
    const manifest = props.manifest as TreeObject | Let;
    this.tree = manifest instanceof Let ? manifest.withBody({ ...head, ...(manifest.body as TreeObject) }) : { ...head, ...manifest };
    const ctx = TemplatedChart.of(this).context;
    if (this.chartOnly || (this.when && !truthy(this.when.evaluate(ctx)))) return;
    this.apiObject = new EvaluatedObject(this, 'Resource', evaluateTree(this.tree, ctx) as Record<string, unknown>);
  }
}
