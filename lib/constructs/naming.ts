import { Refs } from '../config/refs';
import { fullnameExpr, objectName } from '../config/rules';
import { Config } from '../config/schema';
import { chartInfo, Dict, Expr, isSet, labelled, mergeMaps, regexReplace, release, replace, str, trunc, withDefault } from '../template/expr';
import { TemplatedChart } from '../template/templated-chart';
import { member, NamedMap, spread, TreeObject, TreeValue, when } from '../template/tree';

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
  /** The app.kubernetes.io/name label: nameOverride, or the chart's name. */
  public readonly appName: Expr<string>;
  private readonly common: NamedMap;
  private readonly selector: NamedMap;
  /** The labels that select the release's pods, as expressions. */
  private readonly selectorEntries: Record<string, Expr<string>>;
  private readonly commonAnnotations: Expr<Record<string, string>>;
  private readonly commonLabels: Expr<Record<string, string>>;

  constructor(chart: TemplatedChart, values: Refs<Config>) {
    this.commonAnnotations = values.commonAnnotations;
    this.fullname = chart.namedValue('fullname', fullnameExpr(values), 'The release name, or fullnameOverride: every object name starts with it.');
    this.appName = labelled('name', 'The app.kubernetes.io/name label: nameOverride, else the chart name.', withDefault(values.nameOverride, APP_NAME));
    this.selectorEntries = { 'app.kubernetes.io/name': this.appName, 'app.kubernetes.io/instance': release.name };
    this.selector = chart.namedMap('selectorLabels', this.selectorEntries, 'The labels that select the release\'s pods; they never change on upgrade.');
    this.common = chart.namedMap('labels', {
      ...this.selectorEntries,
      'app.kubernetes.io/version': chartInfo.appVersion,
      'app.kubernetes.io/part-of': APP_NAME,
      // One identity for both outputs, so Helm can adopt objects first applied from dist/.
      'app.kubernetes.io/managed-by': 'Helm',
      // Semver allows "+", label values do not: Helm's own charts write "_". A label value is at most 63
      // characters and ends with a letter or digit, so a long version is cut as `helm create` cuts names.
      'helm.sh/chart': regexReplace(trunc(str`${APP_NAME}-${replace(chartInfo.version, '+', '_')}`, 63), '[^A-Za-z0-9]+$', ''),
    }, 'The labels every object carries: the selector labels, the version, the part-of and managed-by labels.');
    this.commonLabels = values.commonLabels;
  }

  /** `<fullname>-<suffix>`. */
  public name(suffix: string): Expr<string> {
    return objectName(this.fullname, suffix);
  }

  /**
   * All labels of an object of a component: the chart's, then commonLabels,
   * or a map that already merges commonLabels with more (podLabels).
   */
  public labels(component: string, userLabels: Expr<Record<string, string>> = this.commonLabels): TreeObject {
    return { common: this.common, 'app.kubernetes.io/component': component, [member()]: spread(userLabels) };
  }

  /** podLabels before commonLabels: a key in both takes the pod's value. */
  public podLabels(podLabels: Expr<Record<string, string>>): Expr<Record<string, string>> {
    return mergeMaps(podLabels, this.commonLabels) as Expr<Record<string, string>>;
  }

  /** The labels that select a component's pods. */
  public selectorLabels(component: string): TreeObject {
    return { selector: this.selector, 'app.kubernetes.io/component': component };
  }

  /** The selector labels as one map expression, for fields built from expressions. */
  public selectorLabelsExpr(component: string): Expr<Record<string, string>> {
    return new Dict({ ...this.selectorEntries, 'app.kubernetes.io/component': component }) as Expr<Record<string, string>>;
  }

  /** The labels every pod of this release carries. */
  public instanceLabels(): TreeObject {
    return { selector: this.selector };
  }

  /**
   * Standard metadata: name, namespace, labels, and annotations: the object's
   * own (fixed ones, then ones from its values) before commonAnnotations.
   */
  public metadata(name: Expr<string>, component: string, annotations: { fixed?: Record<string, string>; values?: Expr<Record<string, string>> } = {}): TreeObject {
    const maps = [...(annotations.fixed ? [new Dict(annotations.fixed)] : []), ...(annotations.values ? [annotations.values] : []), this.commonAnnotations];
    const merged = maps.length === 1 ? this.commonAnnotations : mergeMaps(...maps);
    const field: TreeValue = annotations.fixed ? merged : when(isSet(merged), merged);
    return { name, namespace: release.namespace, labels: this.labels(component), annotations: field };
  }
}
