/**
 * What every command receives: where it runs, how it talks to the user, and
 * whether it only shows its plan (--dry-run).
 */
import { Io } from './io';

/** The environment a command runs in. */
export interface Context {
  readonly io: Io;
  readonly env: NodeJS.ProcessEnv;
  /** Directory relative paths on the command line are resolved against. */
  readonly cwd: string;
  /** Project root: holds package.json, bin/synth.js, helm/ and docker/. */
  readonly root: string;
  readonly platform: NodeJS.Platform;
  /** Print the commands instead of running them. */
  readonly dryRun: boolean;
  /** Stream every tool's output. */
  readonly verbose: boolean;
  /** The current time (backup folder names). */
  now(): Date;
}

/** The release a command works on, and where. */
export interface Target {
  readonly release: string;
  readonly namespace: string;
  /** kubeconfig context; empty uses the current one. */
  readonly kubeContext: string;
}

/** A kubectl command line for the target's context. */
export function kubectl(target: Pick<Target, 'kubeContext'>, ...args: string[]): string[] {
  return ['kubectl', ...(target.kubeContext ? ['--context', target.kubeContext] : []), ...args];
}

/** A helm command line for the target's context. */
export function helm(target: Pick<Target, 'kubeContext'>, ...args: string[]): string[] {
  return ['helm', ...args, ...(target.kubeContext ? ['--kube-context', target.kubeContext] : [])];
}

/** Label selector of every pod (and volume claim) of a release. */
export function instanceSelector(release: string): string {
  return `app.kubernetes.io/instance=${release}`;
}

/** Label selector of one component's pods (release and component identify them whatever nameOverride says). */
export function componentSelector(release: string, component: 'frontend' | 'backend' | 'database'): string {
  return `${instanceSelector(release)},app.kubernetes.io/component=${component}`;
}
