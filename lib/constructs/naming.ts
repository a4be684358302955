import { Refs } from '../config/refs';
import { fullnameExpr } from '../config/rules';
import { Config } from '../config/schema';
import { chartInfo, Expr, release, str } from '../template/expr';
import { TemplatedChart } from '../template/templated-chart';
import { NamedMap, TreeObject } from '../template/tree';

export const APP_NAME = 'todo-chatbot';

/**
 * Object names and labels shared by every construct: `<fullname>-<part>`
 * names with no hash suffix, the app.kubernetes.io labels on everything, and
 * selectors that use only name, instance and component (labels that never
 * change during an upgrade).
 */
export class Naming {
  /** Release name, or fullnameOverride. */
  public readonly fullname: Expr<string>;
  private readonly common: NamedMap;
  private readonly selector: NamedMap;

  constructor(chart: TemplatedChart, values: Refs<Config>) {
    this.fullname = chart.namedValue('fullname', fullnameExpr(values));
    const selector: TreeObject = {
      'app.kubernetes.io/name': APP_NAME,
      'app.kubernetes.io/instance': release.name,
    };
    this.selector = chart.namedMap('selectorLabels', selector);
    this.common = chart.namedMap('labels', {
      ...selector,
      'app.kubernetes.io/version': chartInfo.appVersion,
      'app.kubernetes.io/part-of': APP_NAME,
      // One identity for both outputs, so Helm can adopt objects first applied from dist/.
      'app.kubernetes.io/managed-by': 'Helm',
    });
  }

  /** `<fullname>-<suffix>`. */
  public name(suffix: string): Expr<string> {
    return str`${this.fullname}-${suffix}`;
  }

  /** All labels of an object of a component. */
  public labels(component: string): TreeObject {
    return { common: this.common, 'app.kubernetes.io/component': component };
  }

  /** The labels that select a component's pods. */
  public selectorLabels(component: string): TreeObject {
    return { selector: this.selector, 'app.kubernetes.io/component': component };
  }

  /** The labels every pod of this release carries. */
  public instanceLabels(): TreeObject {
    return { selector: this.selector };
  }

  /** Standard metadata: name, namespace and labels. */
  public metadata(name: Expr<string>, component: string, extra: TreeObject = {}): TreeObject {
    return { name, namespace: release.namespace, labels: this.labels(component), ...extra };
  }
}
