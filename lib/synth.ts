/**
 * One synth pass: load and validate the configuration, build the chart once,
 * write the plain manifests and the Helm chart. Nothing is written unless
 * everything succeeded.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { CHART_DIR, chartFiles } from './chart-package';
import { ConfigError, DEFAULT_PROFILE, loadConfig } from './config';
import { DEFAULT_RELEASE, TodoChatbotChart, TodoChatbotChartProps } from './todo-chatbot-chart';
import { replaceDir } from './output';
import { GeneratedSpec } from './template/expr';

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
  /** Source of generated secrets. @default random */
  readonly generate?: (spec: GeneratedSpec) => string;
}

export interface SynthResult {
  /** The plain manifests (one YAML stream). */
  readonly manifests: string;
  /** The chart files by relative path. */
  readonly chart: Map<string, string>;
}

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkName(what: string, value: string, max: number): void {
  if (value.length > max || !NAME_PATTERN.test(value)) {
    throw new ConfigError(`${what}: must be a DNS label of at most ${max} characters: lower-case letters, digits and "-" (got ${JSON.stringify(value)})`);
  }
}

/** Manifests and chart for the options, without writing anything. */
export function render(options: SynthOptions): SynthResult {
  const release = options.release ?? DEFAULT_RELEASE;
  const namespace = options.namespace ?? DEFAULT_RELEASE;
  // Helm's limit: release names leave room for suffixes within 63 characters.
  checkName('release name', release, 53);
  checkName('namespace', namespace, 63);
  const config = loadConfig({ profile: options.profile ?? DEFAULT_PROFILE, valuesFiles: options.valuesFiles });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version: string = require(path.join(options.root, 'package.json')).version;
  const app = new App({ outdir: options.outdir ?? path.join(options.root, 'dist') });
  const props: TodoChatbotChartProps = { config, release, namespace, version, generate: options.generate };
  const chart = new TodoChatbotChart(app, 'todo-chatbot', props);
  return { manifests: app.synthYaml(), chart: chartFiles(chart, version) };
}

/** Renders and writes dist/ and helm/todo-chatbot/. */
export function synthesize(options: SynthOptions): SynthResult {
  const result = render(options);
  const stateDir = path.join(options.root, '.cdk8s');
  replaceDir(options.outdir ?? path.join(options.root, 'dist'), new Map([['todo-chatbot.k8s.yaml', result.manifests]]), stateDir);
  replaceDir(options.chartDir ?? path.join(options.root, CHART_DIR), result.chart);
  return result;
}
