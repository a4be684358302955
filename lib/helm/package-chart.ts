/**
 * The Helm packager: turns the objects of a TemplatedChart (TemplatedObjects,
 * and other ApiObjects through their tokens) into a values-driven chart. It
 * knows nothing of the app; the app gives it the chart metadata, the values
 * schema and defaults, and its NOTES.txt.
 */
import { stringify } from 'yaml';
import { DiagramOptions, mermaidFlowchart } from '../template/diagram';
import { EvalContext, RenderContext } from '../template/expr';
import { TemplatedChart } from '../template/templated-chart';
import { hoistQuantityReads, quantityHelper } from '../template/quantity';
import { pluckHelper } from '../template/lists';
import { ObjectTemplate, objectTemplates } from '../template/object-templates';
import { renderNamedTemplate, renderTemplate } from '../template/yaml-template';
import { JsonSchemaNode, renderValuesYaml, valuesTable } from './values-yaml';

export interface ChartMetadata {
  /** Chart name (also the prefix of named templates). */
  readonly name: string;
  /** Semver chart version. */
  readonly version: string;
  /** Version of the app the chart deploys. */
  readonly appVersion: string;
  /** One-line description. */
  readonly description: string;
  /** Oldest Kubernetes the chart supports, as a semver range. */
  readonly kubeVersion: string;
  /** Search keywords. */
  readonly keywords: readonly string[];
  /** Maintainers. */
  readonly maintainers: ReadonlyArray<{ name: string; url?: string; email?: string }>;
  /** Project home page. @default - none */
  readonly home?: string;
  /** URLs of the source code of the chart and of what it deploys. @default [] */
  readonly sources?: readonly string[];
}

export interface PackageOptions {
  /** Chart.yaml content. */
  readonly metadata: ChartMetadata;
  /** JSON schema of the values (values.schema.json). */
  readonly valuesSchema: JsonSchemaNode;
  /** The defaults (values.yaml). */
  readonly defaults: Record<string, unknown>;
  /** Extra values files, e.g. profiles: file name → partial values. @default {} */
  readonly valuesFiles?: Readonly<Record<string, { values: Record<string, unknown>; header: string }>>;
  /** templates/NOTES.txt. */
  readonly notes: (ctx: RenderContext) => string;
  /** Text before the values table in README.md. */
  readonly readmeIntro: string;
  /**
   * Sections of the README's values table, as Bitnami charts have them: a
   * title and the top-level keys it holds, in order. Keys in no section
   * follow under "Other parameters".
   * @default - one table of every key
   */
  readonly valuesSections?: ReadonlyArray<{ readonly title: string; readonly keys: readonly string[] }>;
  /**
   * Adds a "## Architecture" section to README.md, before the values table:
   * a Mermaid diagram of the chart's objects, generated from their descriptions.
   * @default - no such section
   */
  readonly architecture?: ArchitectureSection;
}

/** The diagram section of the chart's README. */
export interface ArchitectureSection extends Omit<DiagramOptions, 'context' | 'helperPrefix'> {
  /** Text between the heading and the diagram. @default - a line on how to read it */
  readonly intro?: string;
  /** Release the object names are shown for. @default - the chart name */
  readonly release?: string;
}

/**
 * The Mermaid diagram of the README, drawn for the chart's default values and
 * `section.release`: the chart's files never depend on the values synth ran with.
 */
function architectureDiagram(chart: TemplatedChart, options: PackageOptions, section: ArchitectureSection): string {
  const meta = options.metadata;
  const release = section.release ?? meta.name;
  const context: EvalContext = {
    ...chart.context,
    values: options.defaults,
    release: { name: release, namespace: release, service: 'Helm' },
    chart: { name: meta.name, version: meta.version, appVersion: meta.appVersion },
  };
  return mermaidFlowchart(chart, { ...section, context, helperPrefix: meta.name });
}

function architectureLines(chart: TemplatedChart, options: PackageOptions): string[] {
  const section = options.architecture;
  if (!section) return [];
  const release = section.release ?? options.metadata.name;
  const intro = section.intro ?? 'The objects this chart can create, grouped by the part that makes them; arrows are the references in their manifests.';
  return [
    '## Architecture',
    '',
    intro.trimEnd(),
    `Names are those of a release named \`${release}\` with the default values; a dashed box exists only under the condition on its last line.`,
    '',
    '```mermaid',
    architectureDiagram(chart, options, section).trimEnd(),
    '```',
    '',
  ];
}

const HELMIGNORE = ['.DS_Store', '.git/', '.gitignore', '*.swp', '*.bak', '*.tmp', '*.orig', '*~', '.idea/', '.vscode/', ''].join('\n');

/** Where each object's template goes: templates/<part>/<id>.yaml. */
function templatePath(chart: TemplatedChart, obj: ObjectTemplate): string {
  const segments = obj.construct.node.path.split('/').slice(chart.node.path.split('/').length);
  const file = `${segments[segments.length - 1]}.yaml`;
  return segments.length > 1 ? `templates/${segments[0]}/${file}` : `templates/${file}`;
}

const TABLE_HEAD = ['| Key | Type | Default | Description |', '| --- | --- | --- | --- |'];

/** The values table, in sections when the options give them. */
function valuesSectionLines(options: PackageOptions): string[] {
  const sections = options.valuesSections;
  if (!sections) return [...TABLE_HEAD, ...valuesTable(options.valuesSchema, options.defaults), ''];
  const all = Object.keys(options.valuesSchema.properties ?? {});
  const placed = new Set(sections.flatMap((s) => s.keys));
  const unknown = [...placed].filter((k) => !all.includes(k));
  if (unknown.length) throw new Error(`values sections name keys the schema does not have: ${unknown.join(', ')}`);
  const rest = all.filter((k) => !placed.has(k));
  const lines: string[] = [];
  for (const { title, keys } of [...sections, ...(rest.length ? [{ title: 'Other parameters', keys: rest }] : [])]) {
    const schema = { ...options.valuesSchema, properties: Object.fromEntries(keys.map((k) => [k, options.valuesSchema.properties?.[k] as JsonSchemaNode])) };
    lines.push(`### ${title}`, '', ...TABLE_HEAD, ...valuesTable(schema, options.defaults), '');
  }
  return lines;
}

/** All files of the chart, by path relative to the chart folder. */
export function packageChart(chart: TemplatedChart, options: PackageOptions): Map<string, string> {
  const meta = options.metadata;
  const ctx: RenderContext = { helperPrefix: meta.name, vars: new Map() };
  const files = new Map<string, string>();
  const generatedNote = 'Generated by `npx cdk8s synth` from the TypeScript constructs; edit those, not this file.';

  files.set('Chart.yaml', stringify({
    apiVersion: 'v2',
    name: meta.name,
    description: meta.description,
    type: 'application',
    version: meta.version,
    appVersion: meta.appVersion,
    kubeVersion: meta.kubeVersion,
    keywords: meta.keywords,
    ...(meta.home ? { home: meta.home } : {}),
    ...(meta.sources?.length ? { sources: meta.sources } : {}),
    maintainers: meta.maintainers,
  }));
  files.set('values.yaml', renderValuesYaml(options.valuesSchema, options.defaults, `Default values for ${meta.name}.\n${generatedNote}`));
  for (const [file, { values, header }] of Object.entries(options.valuesFiles ?? {})) {
    files.set(file, renderValuesYaml(options.valuesSchema, values, `${header}\n${generatedNote}`));
  }
  files.set('values.schema.json', `${JSON.stringify(options.valuesSchema, null, 2)}\n`);
  files.set('.helmignore', HELMIGNORE);

  const helpers = [`{{/* ${generatedNote} */}}`, '', quantityHelper(meta.name), pluckHelper(meta.name), ...chart.named.map((n) => renderNamedTemplate(n, ctx))];
  files.set('templates/_helpers.tpl', helpers.join('\n'));

  const checks = chart.checks.map((c) => `{{- if ${c.violated.render(ctx)} }}\n{{- fail ${JSON.stringify(c.message)} }}\n{{- end }}`);
  files.set('templates/validate.yaml', `{{- /* Rules across values that values.schema.json cannot express. */}}\n${hoistQuantityReads(checks.join('\n'), meta.name)}\n`);

  for (const obj of objectTemplates(chart)) {
    const path = templatePath(chart, obj);
    if (files.has(path)) throw new Error(`two objects map to ${path}: give ${obj.construct.node.path} another id`);
    files.set(path, renderTemplate(obj.tree, ctx, obj.when));
  }
  files.set('templates/NOTES.txt', options.notes(ctx));
  files.set('README.md', [
    options.readmeIntro.trimEnd(),
    '',
    ...architectureLines(chart, options),
    '## Values',
    '',
    ...valuesSectionLines(options),
  ].join('\n'));
  return files;
}
