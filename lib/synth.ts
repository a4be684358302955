/**
 * One synth pass: load and validate the configuration, build the chart once,
 * write the plain manifests and the Helm chart. Nothing is written unless
 * everything succeeded.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { CHART_DIR, chartFiles, ProjectPackage } from './chart-package';
import { ConfigError, DEFAULT_PROFILE, loadConfig, warningsFor } from './config';
import { GeneratedSecrets, STATE_FILE } from './generated-secrets';
import { DEFAULT_RELEASE, randomAlphanumeric, TodoChatbotChart, TodoChatbotChartProps } from './todo-chatbot-chart';
import { replaceDir } from './output';
import { GeneratedAt, GeneratedSpec } from './template/expr';

export interface SynthOptions {
  /** Project root (holds package.json and helm/). */
  readonly root: string;
  /** Profile name. @default 'local' */
  readonly profile?: string;
  /** Values files, later wins. @default [] */
  readonly valuesFiles?: readonly string[];
  /** Release name. @default 'todo-chatbot' */
  readonly release?: string;
  /** Namespace. @default 'todo-chatbot' */
  readonly namespace?: string;
  /** Folder of the plain manifests. @default '<root>/dist' */
  readonly outdir?: string;
  /** Folder of the Helm chart. @default '<root>/helm/todo-chatbot' */
  readonly chartDir?: string;
  /**
   * Source of generated secrets.
   * @default - render: random; synthesize: the values kept in `stateFile`, new ones random
   */
  readonly generate?: (spec: GeneratedSpec, at: GeneratedAt) => string;
  /** File that keeps generated secrets between synths. @default '<root>/.todo-chatbot/generated-secrets.json' */
  readonly stateFile?: string;
  /**
   * Where the last good output is kept, to restore it when `cdk8s synth` has deleted the output folder and the app fails.
   * @default '<root>/.cdk8s'
   */
  readonly backupDir?: string;
}

export interface SynthResult {
  /** The plain manifests (one YAML stream). */
  readonly manifests: string;
  /** The chart files by relative path. */
  readonly chart: Map<string, string>;
  /** One line each: valid settings that will not work as expected (e.g. no LLM API key). */
  readonly warnings: readonly string[];
}

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkName(what: string, value: string, max: number): void {
  if (value.length > max || !NAME_PATTERN.test(value)) {
    throw new ConfigError(`${what}: must be a DNS label of at most ${max} characters: lower-case letters, digits and "-" (got ${JSON.stringify(value)})`);
  }
}

/** Release and namespace of a synth, checked. */
function targetOf(options: SynthOptions): { release: string; namespace: string } {
  const release = options.release ?? DEFAULT_RELEASE;
  const namespace = options.namespace ?? DEFAULT_RELEASE;
  // Helm's limit: release names leave room for suffixes within 63 characters.
  checkName('release name', release, 53);
  checkName('namespace', namespace, 63);
  return { release, namespace };
}

/** Manifests and chart for the options, without writing anything. */
export function render(options: SynthOptions): SynthResult {
  const { release, namespace } = targetOf(options);
  const config = loadConfig({ profile: options.profile ?? DEFAULT_PROFILE, valuesFiles: options.valuesFiles });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg: ProjectPackage = require(path.join(options.root, 'package.json'));
  const version = pkg.version;
  const app = new App({ outdir: options.outdir ?? path.join(options.root, 'dist') });
  const props: TodoChatbotChartProps = { config, release, namespace, version, generate: options.generate };
  const chart = new TodoChatbotChart(app, 'todo-chatbot', props);
  return { manifests: app.synthYaml(), chart: chartFiles(chart, pkg), warnings: warningsFor(config) };
}

/**
 * Renders and writes dist/ and helm/todo-chatbot/. Generated secrets stay the
 * same from one synth to the next for the same release and namespace.
 */
export function synthesize(options: SynthOptions): SynthResult {
  let generate = options.generate;
  let kept: GeneratedSecrets | undefined;
  if (!generate) {
    const { release, namespace } = targetOf(options);
    kept = GeneratedSecrets.load(options.stateFile ?? path.join(options.root, STATE_FILE));
    generate = kept.generator(release, namespace, randomAlphanumeric);
  }
  const result = render({ ...options, generate });
  // Kept before dist/ is written: a value in the manifests is always in the file.
  kept?.save();
  replaceDir(options.outdir ?? path.join(options.root, 'dist'), new Map([['todo-chatbot.k8s.yaml', result.manifests]]), options.backupDir ?? path.join(options.root, '.cdk8s'));
  replaceDir(options.chartDir ?? path.join(options.root, CHART_DIR), result.chart);
  return result;
}
