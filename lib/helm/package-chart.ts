/**
 * The Helm packager: turns the objects of a TemplatedChart (TemplatedObjects,
 * and other ApiObjects through their tokens) into a values-driven chart. It
 * knows nothing of the app; the app gives it the chart metadata, the values
 * schema and defaults, and its NOTES.txt.
 */
import { stringify } from 'yaml';
import { DiagramOptions, mermaidFlowchart } from '../template/diagram';
import { EvalContext, NamedValue, RenderContext } from '../template/expr';
import { TemplatedChart } from '../template/templated-chart';
import { GENERAL_GROUP, groupsByTopKey } from '../template/check-groups';
import { hoistQuantityReads, quantityHelper } from '../template/quantity';
import { pluckHelper } from '../template/lists';
import { ObjectTemplate, objectTemplates } from '../template/object-templates';
import { conditionText, defineBlock, renderNamedTemplate, renderTemplate } from '../template/yaml-template';
import { chooseHelpers, ExprKeys, UseCounter } from '../template/hoist';
import { fitLines, wrapWords } from '../template/layout';
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

/** The template files but _helpers.tpl, rendered with `ctx`. */
function renderTemplates(chart: TemplatedChart, options: PackageOptions, ctx: RenderContext): Map<string, string> {
  const files = new Map<string, string>();
  const embedded = new Map<string, string>();
  for (const [group, checks] of groupsByTopKey(chart.checks, (c) => c.message)) {
    const rules = checks.map((c) => `{{- if ${conditionText(c.violated, ctx)} }}\n{{- fail ${JSON.stringify(c.message)} }}\n{{- end }}`);
    const key = group.replace(/-\d+$/, '');
    const head = `{{- /* Rules on ${key === GENERAL_GROUP ? 'other values' : `${key}.*`} that values.schema.json cannot express. */}}`;
    files.set(`templates/validate/${group}.yaml`, `${head}\n${hoistQuantityReads(rules.join('\n'), ctx.helperPrefix)}\n`);
  }
  for (const obj of objectTemplates(chart)) {
    const path = templatePath(chart, obj);
    if (files.has(path)) throw new Error(`two objects map to ${path}: give ${obj.construct.node.path} another id`);
    // Long texts (scripts) are files of the chart, next to where a reader looks for them.
    const embed = (name: string, text: string) => {
      const file = `files/${path.replace(/^templates\//, '').replace(/[^/]*$/, '')}${name}`;
      if (embedded.has(file) && embedded.get(file) !== text) throw new Error(`two texts map to ${file}: rename a key of ${obj.construct.node.path}`);
      embedded.set(file, text);
      return file;
    };
    files.set(path, renderTemplate(obj.tree, { ...ctx, embed }, obj.when));
  }
  files.set('templates/NOTES.txt', options.notes(ctx));
  for (const [path, text] of files) files.set(path, fitLines(text));
  return new Map([...files, ...embedded]);
}

/**
 * The helpers by file, as Bitnami's common chart splits its own: those whose
 * name starts with a part of the chart that has a template folder go in that
 * folder's `_helpers.tpl`; the others, and a table of contents of all, in
 * `templates/_helpers.tpl`. Each `define` has a one-line comment on what it yields.
 */
function helperFiles(defines: readonly string[], templatePaths: readonly string[], header: string): Map<string, string> {
  const blocks = defines.map(fitLines);
  const folders = new Set(templatePaths.map((p) => /^templates\/([^/]+)\//.exec(p)?.[1]).filter((f): f is string => !!f));
  const folderOf = (block: string) => (/define "[^".]+\.([^".]+)/.exec(block)?.[1] ?? '');
  const perFolder = new Map<string, number>();
  for (const block of blocks) perFolder.set(folderOf(block), (perFolder.get(folderOf(block)) ?? 0) + 1);
  const byFile = new Map<string, string[]>([[ROOT_HELPERS, []]]);
  for (const block of blocks) {
    const folder = folderOf(block);
    // A folder gets a file of its own for a few helpers at least; one or two read as well among the chart's.
    const file = folders.has(folder) && (perFolder.get(folder) ?? 0) >= FOLDER_HELPERS_MIN ? `templates/${folder}/_helpers.tpl` : ROOT_HELPERS;
    byFile.set(file, [...(byFile.get(file) ?? []), block]);
  }
  // A folder's helpers past the length of a readable file continue in _helpers-2.tpl, and so on.
  for (const [file, list] of [...byFile]) {
    // The first file also holds the table of contents.
    const parts = chunkByLines(list, file === ROOT_HELPERS ? MAX_FILE_LINES - TOC_LINES : MAX_FILE_LINES - 5);
    if (parts.length < 2) continue;
    parts.forEach((part, i) => byFile.set(i ? file.replace(/\.tpl$/, `-${i + 1}.tpl`) : file, part));
  }
  const contents = [...byFile].map(([file, list]) => {
    const names = list.map((b) => /define "[^"]+"/.exec(b)?.[0].slice(8, -1)).join(', ');
    return `${file.replace(/^templates\//, '')}:\n${wrapWords(names, 156, '  ')}`;
  });
  const toc = `{{/*\n${header}\n\nThe chart's helpers, by file (include "<name>" $ yields the text each comment describes):\n${contents.join('\n')}\n*/}}\n`;
  return new Map([...byFile].map(([file, list]) => [file, [file === ROOT_HELPERS ? toc : `{{/* ${header} */}}\n`, ...list].join('\n')]));
}

const FOLDER_HELPERS_MIN = 3;
/** The longest helper file, as the templates. */
const MAX_FILE_LINES = 200;
const ROOT_HELPERS = 'templates/_helpers.tpl';
/** Room kept for the table of contents. */
const TOC_LINES = 60;

/** Blocks (as written) in runs of at most `max` lines each (a longer block alone). */
function chunkByLines(blocks: readonly string[], max: number): string[][] {
  const parts: string[][] = [[]];
  let lines = 0;
  for (const block of blocks) {
    const n = block.split('\n').length;
    if (lines + n > max && parts[parts.length - 1].length) {
      parts.push([]);
      lines = 0;
    }
    parts[parts.length - 1].push(block);
    lines += n;
  }
  return parts;
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

  // Rendered once to count what repeats, then for good with the repeated parts in helpers.
  const own = chart.named.filter((n): n is NamedValue => n instanceof NamedValue);
  const counter = new UseCounter(new ExprKeys(own));
  renderTemplates(chart, options, { ...ctx, helpers: counter });
  chart.named.forEach((n) => renderNamedTemplate(n, { ...ctx, helpers: counter }));
  const calls = chooseHelpers(counter, { taken: chart.named.map((n) => n.name) });
  for (const [path, text] of renderTemplates(chart, options, { ...ctx, helpers: calls })) files.set(path, text);
  const blocks = [
    quantityHelper(meta.name),
    pluckHelper(meta.name),
    ...chart.named.map((n) => renderNamedTemplate(n, { ...ctx, helpers: calls.writingBodyOf(n.name) })),
    ...calls.helpers.map((h) => defineBlock(meta.name, h.name, h.description, calls.body(h, ctx))),
  ];
  for (const [path, text] of helperFiles(blocks, [...files.keys()], generatedNote)) files.set(path, text);
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
