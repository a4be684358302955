/**
 * What the packager and the diagram read of each object of a chart: its kind,
 * its manifest tree and the condition it exists under. TemplatedObjects are
 * described this way already; other ApiObjects (cdk8s-plus, plain cdk8s) are
 * read through their tokens.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { and, Expr } from './expr';
import { bridgedObjects, TemplatedChart } from './templated-chart';
import { TemplatedObject } from './templated-object';
import { Let, TreeObject } from './tree';

export interface ObjectTemplate {
  /** The construct the object stands for: it names the template file and the diagram node. */
  readonly construct: IConstruct;
  /** Object kind, e.g. `Deployment`. */
  readonly kind: string;
  /** The full manifest tree. */
  readonly tree: TreeObject | Let;
  /** The object exists only when this holds. @default - always */
  readonly when?: Expr<boolean>;
  /** Only the Helm chart has the object. */
  readonly chartOnly: boolean;
}

function fromTemplatedObject(o: TemplatedObject): ObjectTemplate {
  return { construct: o, kind: o.kind, tree: o.tree, when: o.when, chartOnly: o.chartOnly };
}

function fromApiObject(chart: TemplatedChart, o: ApiObject): ObjectTemplate {
  // cdk8s-plus keeps its ApiObject as the child "Resource" of the construct users make.
  const construct = o.node.id === 'Resource' && o.node.scope ? o.node.scope : o;
  const conditions = chart.tokens.conditionsOf(o);
  const tree = chart.tokens.toTree(chart.tokens.finish(o), o.node.path) as TreeObject;
  return { construct, kind: o.kind, tree, when: conditions.length ? (conditions.length === 1 ? conditions[0] : and(...conditions)) : undefined, chartOnly: false };
}

/** The chart's objects under `root` (the whole chart by default), in construct order. */
export function objectTemplates(chart: TemplatedChart, root: IConstruct = chart): ObjectTemplate[] {
  chart.materialize();
  const bridged = new Set<IConstruct>(bridgedObjects(chart));
  return root.node.findAll().flatMap((c) => {
    if (c instanceof TemplatedObject) return [fromTemplatedObject(c)];
    if (bridged.has(c)) return [fromApiObject(chart, c as ApiObject)];
    return [];
  });
}
