/**
 * One synth pass: load and validate the configuration, build the chart once,
 * write the plain manifests and the Helm chart. Nothing is written unless
 * everything succeeded.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import type { ProjectPackage } from './chart-package';
import { cachedChartFiles } from './chart-cache';
import { Config, ConfigError, configSchema, DEFAULT_PROFILE, loadConfig, targetRules, valueRefs, valuesContext, warningsFor } from './config';
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
  /**
   * Folder that keeps the chart files of the last build, reused while the sources are the same.
   * @default - the chart is built every time
   */
  readonly chartCacheDir?: string;
}

/** Where the chart goes, relative to the project root. */
export const CHART_DIR = 'helm/todo-chatbot';

export interface SynthResult {
  /** The plain manifests (one YAML stream). */
  readonly manifests: string;
  /** The chart files by relative path. */
  readonly chart: Map<string, string>;
  /** One line each: valid settings that will not work as expected (e.g. no LLM API key). */
  readonly warnings: readonly string[];
}

function targetNames(options: SynthOptions): { release: string; namespace: string } {
  return { release: options.release ?? DEFAULT_RELEASE, namespace: options.namespace ?? DEFAULT_RELEASE };
}

/** Release and namespace of a synth, checked with the rules the chart's validate.yaml checks. */
function targetOf(options: SynthOptions, config: Config): { release: string; namespace: string } {
  const { release, namespace } = targetNames(options);
  const ctx = valuesContext(config, { name: release, namespace, service: 'Helm' });
  for (const rule of targetRules(valueRefs(configSchema))) {
    if (rule.violated.evaluate(ctx)) throw new ConfigError(`${rule.path}: ${rule.message} (release ${JSON.stringify(release)}, namespace ${JSON.stringify(namespace)})`);
  }
  return { release, namespace };
}

/** Manifests and chart for the options, without writing anything. */
export function render(options: SynthOptions): SynthResult {
  const config = loadConfig({ profile: options.profile ?? DEFAULT_PROFILE, valuesFiles: options.valuesFiles });
  const { release, namespace } = targetOf(options, config);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg: ProjectPackage = require(path.join(options.root, 'package.json'));
  const version = pkg.version;
  const app = new App({ outdir: options.outdir ?? path.join(options.root, 'dist') });
  const props: TodoChatbotChartProps = { config, release, namespace, version, generate: options.generate };
  const chart = new TodoChatbotChart(app, 'todo-chatbot', props);
  // The packager loads only when the chart is built: a cached chart skips its modules too.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = () => (require('./chart-package') as typeof import('./chart-package')).chartFiles(chart, pkg);
  const files = options.chartCacheDir ? cachedChartFiles(options.root, options.chartCacheDir, build) : build();
  return { manifests: app.synthYaml(), chart: files, warnings: warningsFor(config) };
}

/**
 * Renders and writes dist/ and helm/todo-chatbot/. Generated secrets stay the
 * same from one synth to the next for the same release and namespace.
 */
export function synthesize(options: SynthOptions): SynthResult {
  let generate = options.generate;
  let kept: GeneratedSecrets | undefined;
  if (!generate) {
    // Checked by render below, before anything is written.
    const { release, namespace } = targetNames(options);
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
