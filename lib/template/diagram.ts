/**
 * An architecture picture of a TemplatedChart, read from its object trees: a
 * node per object, a group per top-level construct, the condition under which
 * each object exists, and edges for the references the manifests hold (Ingress
 * paths, Service and policy selectors, env and volume sources, autoscaling
 * targets). Nothing here knows an object or a value of a particular app: it
 * knows only the Kubernetes fields that refer to other objects.
 */
import { conjunctsOf, Default, EvalContext, Expr, isExpr, Labelled, Literal, Logic, Not, Ternary, Var } from './expr';
import { describeCondition, describeValue } from './describe';
import { TemplatedChart } from './templated-chart';
import { ObjectTemplate, objectTemplates } from './object-templates';
import { Each, Entry, Let, NamedMap, Spread, TreeObject, TreeValue, When } from './tree';

export interface DiagramOptions {
  /**
   * Values, release and chart that object names are evaluated in.
   * @default - the chart's own context
   */
  readonly context?: EvalContext;
  /**
   * Also draw chart-only objects (`helm test` hooks), styled apart.
   * @default false
   */
  readonly includeChartOnly?: boolean;
  /**
   * Direction of the flowchart.
   * @default 'LR'
   */
  readonly direction?: 'LR' | 'RL' | 'TB' | 'BT';
  /**
   * Prefix of named templates, for conditions that fall back to their Go template form.
   * @default - the chart's construct id
   */
  readonly helperPrefix?: string;
}

/** One object of the chart. */
export interface DiagramNode {
  /** Mermaid id, unique and stable (from the construct path). */
  readonly id: string;
  /** Construct path below the chart, e.g. `backend/workload/deployment`. */
  readonly path: string;
  readonly kind: string;
  /** metadata.name evaluated in the diagram's context. */
  readonly name: string;
  /** Id of the top-level construct the object belongs to; none for objects directly under the chart. */
  readonly group?: string;
  /** Facts shown in the label instead of as edges, e.g. `selects all pods`. */
  readonly notes: readonly string[];
  /** When the object exists, in words; none when it always does. */
  readonly condition?: string;
  /** Only the Helm chart has the object (a `helm test` hook). */
  readonly chartOnly: boolean;
}

/** A top-level construct and the objects below it. */
export interface DiagramGroup {
  /** Mermaid id. */
  readonly id: string;
  /** The construct id. */
  readonly title: string;
  readonly nodes: readonly DiagramNode[];
}

/** A reference from one object to another. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** What the reference is: `env`, `volume`, `selects`, an Ingress path, ... */
  readonly label: string;
  /** `reference` for fields that name or select an object; `peer` for traffic a NetworkPolicy allows. */
  readonly style: 'reference' | 'peer';
  /** When the reference exists beyond the conditions of its two ends, in words. */
  readonly condition?: string;
}

/** Everything the picture shows, in a stable order. */
export interface Architecture {
  /** Top-level constructs, and objects directly under the chart, in construction order. */
  readonly items: ReadonlyArray<DiagramGroup | DiagramNode>;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

// ---------------------------------------------------------------------------
// Reading trees: a path through a manifest tree, across every branch.

/** Where in a tree a value was found: the conditions on the way, and the variables bound there. */
interface Site {
  readonly conds: readonly Expr[];
  /** Go template text of each variable in scope (a Let variable's is its binding's). */
  readonly vars: ReadonlyMap<symbol, string>;
  /** Let variables in scope with their expressions, outermost first. */
  readonly lets: ReadonlyArray<readonly [Var, Expr]>;
}

interface Found {
  readonly node: TreeValue;
  readonly site: Site;
}

const ROOT_SITE: Site = { conds: [], vars: new Map(), lets: [] };

/** A literal object of a tree (not an expression, list, or conditional part). */
function isPlainObject(node: TreeValue | undefined): node is TreeObject {
  return node !== null && typeof node === 'object' && !isExpr(node) && !Array.isArray(node)
    && !(node instanceof When) && !(node instanceof Let) && !(node instanceof Each);
}

/** A scalar or an expression: what a name or label field holds. */
type Leaf = Expr | string | number | boolean | null;

function leafOf(node: TreeValue): Leaf | undefined {
  return node === null || typeof node !== 'object' || isExpr(node) ? node : undefined;
}

class TreeReader {
  private eachCount = 0;
  constructor(private readonly helperPrefix: string) {}

  /** Go template text of an expression at a site, or undefined when it cannot be written there. */
  public render(e: Leaf, site: Site): string | undefined {
    try {
      return (isExpr(e) ? e : new Literal(e)).render({ helperPrefix: this.helperPrefix, vars: site.vars });
    } catch {
      return undefined;
    }
  }

  /**
   * Every value at `path` (keys; `*` for each list item), through every branch of
   * conditional parts. Values behind an expression (a map from the values) are
   * invisible, so a path that enters one finds nothing.
   */
  public find(node: TreeValue | undefined, path: readonly string[], site: Site): Found[] {
    if (node === undefined) return [];
    if (node instanceof When) {
      const then = this.find(node.then, path, { ...site, conds: [...site.conds, node.test] });
      const otherwise = node.otherwise === undefined ? [] : this.find(node.otherwise, path, { ...site, conds: [...site.conds, new Not(node.test)] });
      return [...then, ...otherwise];
    }
    if (node instanceof Let) return this.find(node.body, path, this.bindLet(node, site));
    if (node instanceof NamedMap) return this.find(node.body as TreeValue, path, site);
    if (path.length === 0) return [{ node, site }];
    if (node === null || typeof node !== 'object' || isExpr(node)) return [];
    const [key, ...rest] = path;
    if (Array.isArray(node)) {
      if (key !== '*') return [];
      return node.flatMap((item) => (item instanceof Each ? this.find(item.body, rest, this.bindEach(item, site)) : this.find(item, rest, site)));
    }
    const out: Found[] = [];
    for (const [k, value] of Object.entries(node as TreeObject)) {
      if (value instanceof NamedMap && !Array.isArray(value.body)) out.push(...this.find(value.body, path, site));
      else if (value instanceof Entry) {
        if (value.key instanceof Literal && value.key.value === key) {
          out.push(...this.find(value.value, rest, value.when ? { ...site, conds: [...site.conds, value.when] } : site));
        }
      } else if (!(value instanceof Spread) && k === key) out.push(...this.find(value, rest, site));
    }
    return out;
  }

  /**
   * A map of labels as key → Go template text of the value. `open` says the map
   * may hold more keys than listed (merged from values, conditional, or computed).
   */
  public labels(node: TreeValue, site: Site): { readonly labels: Map<string, string>; readonly open: boolean } {
    const labels = new Map<string, string>();
    let open = false;
    const add = (key: string, value: Leaf) => {
      const text = this.render(value, site);
      if (text === undefined) open = true;
      else labels.set(key, text);
    };
    const visit = (obj: TreeObject) => {
      for (const [key, value] of Object.entries(obj)) {
        if (value === undefined) continue;
        if (value instanceof NamedMap && !Array.isArray(value.body)) visit(value.body);
        else if (value instanceof Entry && value.key instanceof Literal && !value.when) add(String(value.key.value), value.value);
        else if (value === null || typeof value !== 'object' || isExpr(value)) add(key, value);
        else open = true;
      }
    };
    if (isPlainObject(node)) visit(node);
    else open = true;
    return { labels, open };
  }

  private bindLet(node: Let, site: Site): Site {
    const vars = new Map(site.vars);
    const lets = [...site.lets];
    for (const [v, e] of node.vars) {
      const text = this.render(e, { ...site, vars });
      if (text !== undefined) vars.set(v.id, text);
      lets.push([v, e]);
    }
    return { ...site, vars, lets };
  }

  private bindEach(node: Each, site: Site): Site {
    // Names no other text can contain, so an item never matches anything by accident.
    const n = this.eachCount++;
    const vars = new Map(site.vars);
    vars.set(node.item.id, `$__each${n}_item`);
    vars.set(node.key.id, `$__each${n}_key`);
    return { ...site, vars };
  }
}

// ---------------------------------------------------------------------------
// What refers to what, by Kubernetes field.

/** Where the pod template of each workload kind is. */
const POD_TEMPLATES: Record<string, { readonly labels: readonly string[]; readonly spec: readonly string[] }> = {
  Pod: { labels: ['metadata', 'labels'], spec: ['spec'] },
  Deployment: { labels: ['spec', 'template', 'metadata', 'labels'], spec: ['spec', 'template', 'spec'] },
  StatefulSet: { labels: ['spec', 'template', 'metadata', 'labels'], spec: ['spec', 'template', 'spec'] },
  DaemonSet: { labels: ['spec', 'template', 'metadata', 'labels'], spec: ['spec', 'template', 'spec'] },
  ReplicaSet: { labels: ['spec', 'template', 'metadata', 'labels'], spec: ['spec', 'template', 'spec'] },
  ReplicationController: { labels: ['spec', 'template', 'metadata', 'labels'], spec: ['spec', 'template', 'spec'] },
  Job: { labels: ['spec', 'template', 'metadata', 'labels'], spec: ['spec', 'template', 'spec'] },
  CronJob: { labels: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'], spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};

/** A field of a pod spec that names another object. */
interface NameRef {
  readonly path: readonly string[];
  readonly kind: string;
  readonly label: string;
}

const CONTAINER_LISTS = ['containers', 'initContainers'];
const POD_SPEC_REFS: readonly NameRef[] = [
  ...CONTAINER_LISTS.flatMap((list): NameRef[] => [
    { path: [list, '*', 'env', '*', 'valueFrom', 'secretKeyRef', 'name'], kind: 'Secret', label: 'env' },
    { path: [list, '*', 'env', '*', 'valueFrom', 'configMapKeyRef', 'name'], kind: 'ConfigMap', label: 'env' },
    { path: [list, '*', 'envFrom', '*', 'secretRef', 'name'], kind: 'Secret', label: 'env' },
    { path: [list, '*', 'envFrom', '*', 'configMapRef', 'name'], kind: 'ConfigMap', label: 'env' },
  ]),
  { path: ['volumes', '*', 'secret', 'secretName'], kind: 'Secret', label: 'volume' },
  { path: ['volumes', '*', 'configMap', 'name'], kind: 'ConfigMap', label: 'volume' },
  { path: ['volumes', '*', 'persistentVolumeClaim', 'claimName'], kind: 'PersistentVolumeClaim', label: 'volume' },
  { path: ['volumes', '*', 'projected', 'sources', '*', 'secret', 'name'], kind: 'Secret', label: 'volume' },
  { path: ['volumes', '*', 'projected', 'sources', '*', 'configMap', 'name'], kind: 'ConfigMap', label: 'volume' },
  { path: ['serviceAccountName'], kind: 'ServiceAccount', label: 'account' },
  { path: ['imagePullSecrets', '*', 'name'], kind: 'Secret', label: 'pull' },
];

/** A label selector of an object, and what it means. */
interface SelectorRule {
  readonly kind: string;
  readonly path: readonly string[];
  /** `matchLabels` (a LabelSelector) or a plain map (a Service selector). */
  readonly labelSelector: boolean;
  /** Whether an empty selector selects every pod (policies) or none (Services). */
  readonly emptySelectsAll: boolean;
  readonly label: string;
}

const SELECTORS: readonly SelectorRule[] = [
  { kind: 'Service', path: ['spec', 'selector'], labelSelector: false, emptySelectsAll: false, label: 'selects' },
  { kind: 'PodDisruptionBudget', path: ['spec', 'selector'], labelSelector: true, emptySelectsAll: true, label: 'protects' },
  { kind: 'NetworkPolicy', path: ['spec', 'podSelector'], labelSelector: true, emptySelectsAll: true, label: 'selects' },
];

/** Pods a NetworkPolicy lets in (`from`) or out to (`to`). */
const POLICY_PEERS = [
  { path: ['spec', 'ingress', '*', 'from', '*'], label: 'ingress from' },
  { path: ['spec', 'egress', '*', 'to', '*'], label: 'egress to' },
];

// ---------------------------------------------------------------------------
// Building the picture.

interface Target {
  readonly node: DiagramNode;
  readonly obj: ObjectTemplate;
  /** The node's notes, filled while edges are found. */
  readonly notes: string[];
  readonly kind: string;
  /** Go template text of its name (one per branch). */
  readonly names: ReadonlySet<string>;
  /** Its pods' labels, one map per branch, for workloads. */
  readonly podLabels: ReadonlyArray<{ readonly labels: ReadonlyMap<string, string>; readonly conds: readonly Expr[] }>;
  /** The conjuncts of its own condition, in words. */
  readonly conjuncts: ReadonlySet<string>;
}

interface PendingEdge {
  readonly from: Target;
  readonly to: Target;
  readonly label: string;
  readonly style: DiagramEdge['style'];
  /** Alternatives, each a list of conditions that must all hold. */
  readonly alternatives: Expr[][];
}


function mermaidId(prefix: string, raw: string, taken: Set<string>): string {
  const base = `${prefix}_${raw.replace(/[^A-Za-z0-9_]/g, '_')}`;
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
  taken.add(id);
  return id;
}

/**
 * Every Go template text an expression may stand for: `default b a` names `a`
 * or `b`, a `ternary` either branch, so a reference to `default <own name>
 * .Values.existing` still finds the object named `<own name>`.
 */
function aliases(e: Expr, site: Site, reader: TreeReader): string[] {
  const own = reader.render(e, site);
  const more = e instanceof Default ? [e.value, e.fallback] : e instanceof Ternary ? [e.whenTrue, e.whenFalse] : e instanceof Labelled ? [e.value] : [];
  const bound = e instanceof Var ? site.lets.find(([v]) => v === e)?.[1] : undefined;
  return [...(own === undefined ? [] : [own]), ...more.flatMap((m) => aliases(m, site, reader)), ...(bound ? aliases(bound, site, reader) : [])];
}

class DiagramBuilder {
  private readonly reader: TreeReader;
  private readonly ctx: EvalContext;
  private readonly describeOptions: { helperPrefix: string };
  private readonly targets: Target[] = [];
  private readonly pending = new Map<string, PendingEdge>();

  constructor(private readonly chart: TemplatedChart, private readonly options: DiagramOptions) {
    const helperPrefix = options.helperPrefix ?? chart.node.id;
    this.reader = new TreeReader(helperPrefix);
    this.describeOptions = { helperPrefix };
    // Names never need a generated value; a fixed one keeps the picture stable.
    this.ctx = { ...(options.context ?? chart.context), generate: () => 'generated' };
  }

  public build(): Architecture {
    const taken = new Set<string>();
    const items: Array<DiagramGroup | DiagramNode> = [];
    const chartDepth = this.chart.node.path ? this.chart.node.path.split('/').length : 0;
    for (const child of this.chart.node.children) {
      const objects = objectTemplates(this.chart, child);
      const visible = objects.filter((o) => this.options.includeChartOnly || !o.chartOnly);
      if (!visible.length) continue;
      const grouped = !(objects.length === 1 && objects[0].construct === child);
      const groupId = grouped ? mermaidId('g', child.node.id, taken) : undefined;
      const nodes = visible.map((o) => this.addTarget(o, o.construct.node.path.split('/').slice(chartDepth).join('/'), groupId, taken));
      if (groupId) items.push({ id: groupId, title: child.node.id, nodes });
      else items.push(...nodes);
    }
    for (const target of this.targets) this.findEdges(target);
    return { items, nodes: this.targets.map((t) => t.node), edges: [...this.pending.values()].map((p) => this.finish(p)) };
  }

  private addTarget(obj: ObjectTemplate, path: string, group: string | undefined, taken: Set<string>): DiagramNode {
    const names = this.reader.find(obj.tree, ['metadata', 'name'], ROOT_SITE);
    const notes: string[] = [];
    const node: DiagramNode = {
      id: mermaidId('n', path, taken),
      path,
      kind: obj.kind,
      name: names.length ? this.evaluateName(names[0]) : path,
      group,
      notes,
      condition: obj.when ? describeCondition(obj.when, this.describeOptions) : undefined,
      chartOnly: obj.chartOnly,
    };
    const template = POD_TEMPLATES[obj.kind];
    // Labels merged from values are unknown here; the known ones still decide a match.
    const podLabels = (template ? this.reader.find(obj.tree, template.labels, ROOT_SITE) : [])
      .map((f) => ({ labels: this.reader.labels(f.node, f.site).labels, conds: f.site.conds }));
    const nameTexts = names.flatMap((f) => {
      const leaf = leafOf(f.node);
      const text = leaf === undefined ? undefined : this.reader.render(leaf, f.site);
      return text === undefined ? [] : [text];
    });
    this.targets.push({
      node,
      obj,
      notes,
      kind: obj.kind,
      names: new Set(nameTexts),
      podLabels,
      conjuncts: new Set((obj.when ? conjunctsOf(obj.when) : []).map((c) => describeCondition(c, this.describeOptions))),
    });
    return node;
  }

  /** The name in the diagram's context; its description when it cannot be evaluated. */
  private evaluateName(found: Found): string {
    const value = leafOf(found.node);
    if (!isExpr(value)) return String(value);
    const scope = new Map(this.ctx.scope);
    try {
      for (const [v, e] of found.site.lets) scope.set(v.id, e.evaluate({ ...this.ctx, scope }));
      return String(value.evaluate({ ...this.ctx, scope }));
    } catch {
      return describeValue(value, this.describeOptions);
    }
  }

  private findEdges(source: Target): void {
    const obj = source.obj;
    const tree = obj.tree;
    const template = POD_TEMPLATES[obj.kind];
    if (template) {
      for (const spec of this.reader.find(tree, template.spec, ROOT_SITE)) {
        for (const ref of POD_SPEC_REFS) {
          for (const f of this.reader.find(spec.node, ref.path, spec.site)) this.linkByName(source, f, ref.kind, ref.label, 'reference');
        }
      }
    }
    if (obj.kind === 'Ingress') {
      for (const p of this.reader.find(tree, ['spec', 'rules', '*', 'http', 'paths', '*'], ROOT_SITE)) {
        const pathValue = this.reader.find(p.node, ['path'], p.site).map((f) => leafOf(f.node))[0];
        const label = pathValue === undefined || pathValue === null ? 'route' : isExpr(pathValue) ? describeValue(pathValue, this.describeOptions) : String(pathValue);
        for (const f of this.reader.find(p.node, ['backend', 'service', 'name'], p.site)) this.linkByName(source, f, 'Service', label, 'reference');
      }
      for (const f of this.reader.find(tree, ['spec', 'defaultBackend', 'service', 'name'], ROOT_SITE)) this.linkByName(source, f, 'Service', 'default', 'reference');
      for (const f of this.reader.find(tree, ['spec', 'tls', '*', 'secretName'], ROOT_SITE)) this.linkByName(source, f, 'Secret', 'tls', 'reference');
    }
    if (obj.kind === 'HorizontalPodAutoscaler') {
      for (const ref of this.reader.find(tree, ['spec', 'scaleTargetRef'], ROOT_SITE)) {
        const kind = this.reader.find(ref.node, ['kind'], ref.site).map((f) => leafOf(f.node))[0];
        const kindName = kind instanceof Literal ? String(kind.value) : typeof kind === 'string' ? kind : undefined;
        if (!kindName) continue;
        for (const f of this.reader.find(ref.node, ['name'], ref.site)) this.linkByName(source, f, kindName, 'scales', 'reference');
      }
    }
    for (const rule of SELECTORS.filter((r) => r.kind === obj.kind)) {
      for (const f of this.reader.find(tree, rule.path, ROOT_SITE)) this.linkBySelector(source, f, rule.labelSelector, rule.emptySelectsAll, rule.label, 'reference');
    }
    if (obj.kind === 'NetworkPolicy') {
      for (const peers of POLICY_PEERS) {
        for (const peer of this.reader.find(tree, peers.path, ROOT_SITE)) {
          // A namespace selector other than "every namespace" points outside this chart's objects.
          const namespaces = this.reader.find(peer.node, ['namespaceSelector'], peer.site);
          if (namespaces.some((n) => !this.isEmptyMap(n.node))) continue;
          for (const f of this.reader.find(peer.node, ['podSelector'], peer.site)) this.linkBySelector(source, f, true, true, peers.label, 'peer');
        }
      }
    }
  }

  private isEmptyMap(node: TreeValue): boolean {
    return isPlainObject(node) && Object.keys(node).length === 0;
  }

  private linkByName(source: Target, found: Found, kind: string, label: string, style: DiagramEdge['style']): void {
    const value = leafOf(found.node);
    if (value === undefined || value === null) return;
    const names = new Set(aliases(isExpr(value) ? value : new Literal(value), found.site, this.reader));
    for (const target of this.targets) {
      if (target.kind === kind && [...target.names].some((n) => names.has(n))) this.addEdge(source, target, label, style, [...found.site.conds]);
    }
  }

  private linkBySelector(source: Target, found: Found, labelSelector: boolean, emptySelectsAll: boolean, label: string, style: DiagramEdge['style']): void {
    let maps: Found[] = [found];
    if (labelSelector) {
      // matchExpressions cannot be matched without values; such a selector links nothing.
      if (this.reader.find(found.node, ['matchExpressions'], found.site).length) return;
      maps = this.reader.find(found.node, ['matchLabels'], found.site);
      if (!maps.length && this.isEmptyMap(found.node)) maps = [found];
    }
    const matches: Array<{ target: Target; conds: Expr[] }> = [];
    for (const map of maps) {
      const { labels, open } = this.reader.labels(map.node, map.site);
      if (open || (labels.size === 0 && !emptySelectsAll)) continue;
      for (const target of this.targets) {
        for (const pods of target.podLabels) {
          if ([...labels].every(([k, v]) => pods.labels.get(k) === v)) matches.push({ target, conds: [...map.site.conds, ...pods.conds] });
        }
      }
    }
    // A selector that always takes every workload says so in its label: an edge to each would only clutter.
    const workloads = this.targets.filter((t) => t.podLabels.length);
    const always = new Set(matches.filter((m) => !m.conds.length).map((m) => m.target));
    if (workloads.length > 1 && workloads.every((w) => always.has(w))) {
      const note = `${label} all pods`;
      if (!source.notes.includes(note)) source.notes.push(note);
      return;
    }
    for (const m of matches) this.addEdge(source, m.target, label, style, m.conds);
  }

  private addEdge(from: Target, to: Target, label: string, style: DiagramEdge['style'], conds: Expr[]): void {
    if (from === to) return;
    const key = JSON.stringify([from.node.id, to.node.id, label, style]);
    const edge = this.pending.get(key) ?? { from, to, label, style, alternatives: [] };
    edge.alternatives.push(conds);
    this.pending.set(key, edge);
  }

  /** The edge's condition, less what either end's own condition already says. */
  private finish(edge: PendingEdge): DiagramEdge {
    const implied = new Set([...edge.from.conjuncts, ...edge.to.conjuncts]);
    const alternatives: string[] = [];
    let always = false;
    for (const conds of edge.alternatives) {
      const rest = conds.flatMap(conjunctsOf).filter((c) => !implied.has(describeCondition(c, this.describeOptions)));
      if (!rest.length) {
        always = true;
        break;
      }
      const text = describeCondition(rest.length === 1 ? rest[0] : new Logic('and', rest), this.describeOptions);
      if (!alternatives.includes(text)) alternatives.push(text);
    }
    const condition = always ? undefined : alternatives.length === 1 ? alternatives[0] : alternatives.map((a) => `(${a})`).join(' or ');
    return { from: edge.from.node.id, to: edge.to.node.id, label: edge.label, style: edge.style, ...(condition ? { condition } : {}) };
  }
}

/** The nodes, groups and edges of a chart's picture. */
export function architectureOf(chart: TemplatedChart, options: DiagramOptions = {}): Architecture {
  return new DiagramBuilder(chart, options).build();
}

// ---------------------------------------------------------------------------
// Mermaid text.

/** Text for a quoted Mermaid label: its entity codes for the characters its parser or HTML would read. */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/&/g, '#amp;')
    .replace(/`/g, '#96;')
    .replace(/\|/g, '#124;')
    .replace(/\u00a0/g, '#nbsp;')
    .replace(/\r?\n/g, '<br/>');
}

/** A condition line that does not wrap after `if` or around a comparison. */
function conditionLine(condition: string): string {
  return `if\u00a0${condition.replace(/ (!?=|<=?|>=?) /g, '\u00a0$1\u00a0')}`;
}

function nodeLine(n: DiagramNode): string {
  const lines = [n.kind, n.name, ...n.notes, ...(n.condition ? [conditionLine(n.condition)] : []), ...(n.chartOnly ? ['chart only'] : [])];
  return `${n.id}["${lines.map(mermaidText).join('<br/>')}"]`;
}

/** The chart's picture as a Mermaid `flowchart`. */
export function mermaidFlowchart(chart: TemplatedChart, options: DiagramOptions = {}): string {
  return renderMermaid(architectureOf(chart, options), options.direction ?? 'LR');
}

/** Mermaid `flowchart` text of a picture. */
export function renderMermaid(arch: Architecture, direction: NonNullable<DiagramOptions['direction']> = 'LR'): string {
  const out = [`flowchart ${direction}`];
  for (const item of arch.items) {
    if ('nodes' in item) {
      out.push(`  subgraph ${item.id} ["${mermaidText(item.title)}"]`);
      for (const n of item.nodes) out.push(`    ${nodeLine(n)}`);
      out.push('  end');
    } else {
      out.push(`  ${nodeLine(item)}`);
    }
  }
  for (const e of arch.edges) {
    const label = mermaidText(e.condition ? `${e.label}\n${conditionLine(e.condition)}` : e.label);
    out.push(`  ${e.from} ${e.style === 'peer' ? '-.->' : '-->'}|"${label}"| ${e.to}`);
  }
  const conditional = arch.nodes.filter((n) => n.condition && !n.chartOnly).map((n) => n.id);
  const chartOnly = arch.nodes.filter((n) => n.chartOnly).map((n) => n.id);
  if (conditional.length) out.push('  classDef optional stroke-dasharray: 5 3', `  class ${conditional.join(',')} optional`);
  if (chartOnly.length) out.push('  classDef chartOnly stroke-dasharray: 2 2,fill:#f4f4f4', `  class ${chartOnly.join(',')} chartOnly`);
  return `${out.join('\n')}\n`;
}
