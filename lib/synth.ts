/**
 * One synth pass: load and validate the configuration, build the chart once,
 * write the plain manifests and the Helm chart. Nothing is written unless
 * everything succeeded.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import type { ProjectPackage } from './chart-package';
import { cachedChartFiles } from './chart-cache';
import { Config, ConfigError, configRules, configSchema, DEFAULT_CONFIG, DEFAULT_PROFILE, helmReleaseNameRule, loadConfig, readValuesFile, Rule, targetRules, valueRefs, valuesContext, warningsFor } from './config';
import { GeneratedSecrets, STATE_FILE } from './generated-secrets';
import { DEFAULT_RELEASE, randomAlphanumeric, TodoChatbotChart, TodoChatbotChartProps } from './todo-chatbot-chart';
import { replaceDir } from './output';
import { GeneratedAt, GeneratedSpec } from './template/expr';
import { inRenderOrder } from './template/check-groups';

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
  /**
   * Kubernetes version the plain manifests target; the chart asks the cluster instead.
   * @default MIN_KUBE_VERSION, the oldest the chart supports
   */
  readonly kubeVersion?: string;
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
  /** The plain manifests (one YAML stream), made when first read. */
  readonly manifests: string;
  /** The same objects, unserialized, made when first read. */
  readonly objects: readonly unknown[];
  /** The chart files by relative path, built when first read. */
  readonly chart: Map<string, string>;
  /** One line each: valid settings that will not work as expected (e.g. no LLM API key). */
  readonly warnings: readonly string[];
}

function targetNames(options: SynthOptions): { release: string; namespace: string } {
  return { release: options.release ?? DEFAULT_RELEASE, namespace: options.namespace ?? DEFAULT_RELEASE };
}

/** Checks rules in order; a rule on the release or namespace names them in its message. */
function checkRules(rules: readonly Rule[], config: Config, release: string, namespace: string, onTarget: ReadonlySet<Rule>): void {
  const ctx = valuesContext(config, { name: release, namespace, service: 'Helm' });
  for (const rule of rules) {
    const target = onTarget.has(rule) ? ` (release ${JSON.stringify(release)}, namespace ${JSON.stringify(namespace)})` : '';
    if (rule.violated.evaluate(ctx)) throw new ConfigError(`${rule.path}: ${rule.message}${target}`);
  }
}

/** Release and namespace of a synth, checked with the rules the chart's templates/validate/ check, in Helm's order. */
function targetOf(options: SynthOptions): { release: string; namespace: string; config: Config } {
  const { release, namespace } = targetNames(options);
  // Helm reads the values files, then checks the release name, then validates the values.
  const files = (options.valuesFiles ?? []).map(readValuesFile);
  const nameRule = helmReleaseNameRule();
  checkRules([nameRule], DEFAULT_CONFIG, release, namespace, new Set([nameRule]));
  const config = loadConfig({ profile: options.profile ?? DEFAULT_PROFILE, layers: files, rules: false });
  // The rules on values and on the release, in the order the chart's validate/ templates render.
  const refs = valueRefs(configSchema);
  const onTarget = targetRules(refs);
  checkRules(inRenderOrder([...configRules(refs), ...onTarget], (r) => r.path), config, release, namespace, new Set(onTarget));
  return { release, namespace, config };
}

/** Manifests and chart for the options, without writing anything. */
export function render(options: SynthOptions): SynthResult {
  const { release, namespace, config } = targetOf(options);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg: ProjectPackage = require(path.join(options.root, 'package.json'));
  const version = pkg.version;
  const app = new App({ outdir: options.outdir ?? path.join(options.root, 'dist') });
  const props: TodoChatbotChartProps = { config, release, namespace, version, generate: options.generate, kubeVersion: options.kubeVersion };
  const chart = new TodoChatbotChart(app, 'todo-chatbot', props);
  // The packager loads only when the chart is built: a cached chart skips its modules too.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = () => (require('./chart-package') as typeof import('./chart-package')).chartFiles(chart, pkg);
  let files: Map<string, string> | undefined;
  let manifests: string | undefined;
  return {
    // Each output is made on first use: a caller that needs only the objects never serializes them.
    get manifests() {
      manifests ??= app.synthYaml();
      return manifests;
    },
    get objects() {
      return app.charts.flatMap((c) => c.toJson());
    },
    get chart() {
      files ??= options.chartCacheDir ? cachedChartFiles(options.root, options.chartCacheDir, build) : build();
      return files;
    },
    warnings: warningsFor(config),
  };
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
  // Both outputs are made before anything is written, and generated values are made with the manifests.
  const manifests = result.manifests;
  const chart = result.chart;
  // Kept before dist/ is written: a value in the manifests is always in the file.
  kept?.save();
  replaceDir(options.outdir ?? path.join(options.root, 'dist'), new Map([['todo-chatbot.k8s.yaml', manifests]]), options.backupDir ?? path.join(options.root, '.cdk8s'));
  replaceDir(options.chartDir ?? path.join(options.root, CHART_DIR), chart);
  return result;
}
