/**
 * Facts about the project the command line belongs to: where it is, its
 * version (the image tag), and where the chart and Dockerfiles live.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from './errors';

/** The project root: TODO_CHATBOT_ROOT when set, else the package this file ships in. */
export function projectRoot(env: NodeJS.ProcessEnv): string {
  return env.TODO_CHATBOT_ROOT ? path.resolve(env.TODO_CHATBOT_ROOT) : path.resolve(__dirname, '..', '..');
}

/** The `version` of the project's package.json. */
export function packageVersion(root: string): string {
  const file = path.join(root, 'package.json');
  try {
    const version = (JSON.parse(fs.readFileSync(file, 'utf-8')) as { version?: unknown }).version;
    if (typeof version === 'string' && version) return version;
  } catch {
    // Reported below.
  }
  throw new CliError(`cannot read the version from ${file}`);
}

/** The image tag the chart uses by default: `<version>-local`. */
export function localImageTag(root: string): string {
  return `${packageVersion(root)}-local`;
}

/** The Helm chart directory. */
export function chartDir(root: string): string {
  return path.join(root, 'helm', 'todo-chatbot');
}

/** The synth entry point (validates the config and regenerates dist/ and the chart). */
export function synthScript(root: string): string {
  return path.join(root, 'bin', 'synth.js');
}

/** Deployment profiles and the values file each adds on top of values.yaml. */
export const PROFILES = ['local', 'kind', 'production'] as const;
/** A deployment profile name. */
export type Profile = (typeof PROFILES)[number];

/** The values file of a profile, or undefined for local (values.yaml is the default). */
export function profileValuesFile(root: string, profile: Profile): string | undefined {
  return profile === 'local' ? undefined : path.join(chartDir(root), `values-${profile}.yaml`);
}

/** Image repositories the chart expects. */
export const IMAGES = { backend: 'todo-backend', frontend: 'todo-frontend' } as const;
/** An app component that has an image. */
export type Component = keyof typeof IMAGES;
