/**
 * The cdk8s app. `npx cdk8s synth` and `npm run synth` run it through
 * bin/synth.js, which reads the options from the environment and flags:
 *   TODO_CHATBOT_PROFILE=local|kind|production   (--profile)
 *   TODO_CHATBOT_VALUES=a.yaml,b.yaml            (--values, later wins)
 *   TODO_CHATBOT_RELEASE, TODO_CHATBOT_NAMESPACE (default todo-chatbot)
 *   TODO_CHATBOT_KUBE_VERSION=1.30               (--kube-version; default 1.28, the oldest supported)
 *   CDK8S_OUTDIR (cdk8s synth -o DIR)             (default dist/)
 *   TODO_CHATBOT_CHART_DIR                       (default helm/todo-chatbot/)
 *   TODO_CHATBOT_STATE_FILE                      (default .todo-chatbot/generated-secrets.json)
 */
import * as path from 'path';
import { ConfigError } from './lib/config/errors';
import { targetKubeVersion } from './lib/config/kube-version';
import { restoreIfDeleted } from './lib/output';
import { synthesize, SynthOptions } from './lib/synth';

export interface Invocation {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
}

function splitList(s: string | undefined): string[] {
  return (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
}

/** Options from flags (which win) and environment variables. */
export function optionsFrom(inv: Invocation): SynthOptions {
  const { env } = inv;
  let profile = env.TODO_CHATBOT_PROFILE || undefined;
  let kubeVersion = env.TODO_CHATBOT_KUBE_VERSION ? targetKubeVersion('TODO_CHATBOT_KUBE_VERSION', env.TODO_CHATBOT_KUBE_VERSION) : undefined;
  const values = splitList(env.TODO_CHATBOT_VALUES);
  const args = [...inv.argv];
  const flagValues: string[] = [];
  while (args.length) {
    const arg = args.shift() as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = () => {
      const v = inline ?? args.shift();
      if (v === undefined || v === '') throw new ConfigError(`${flag}: needs a value`);
      return v;
    };
    if (flag === '--profile') profile = take();
    else if (flag === '--values' || flag === '-f') flagValues.push(...splitList(take()));
    else if (flag === '--kube-version') kubeVersion = targetKubeVersion(flag, take());
    else throw new ConfigError(`unknown option ${JSON.stringify(arg)} (allowed: --profile NAME, --values FILE[,FILE], --kube-version VERSION)`);
  }
  const cwd = process.cwd();
  return {
    root: inv.root,
    profile,
    kubeVersion,
    valuesFiles: [...values, ...flagValues].map((f) => path.resolve(cwd, f)),
    release: env.TODO_CHATBOT_RELEASE || undefined,
    namespace: env.TODO_CHATBOT_NAMESPACE || undefined,
    chartDir: env.TODO_CHATBOT_CHART_DIR ? path.resolve(cwd, env.TODO_CHATBOT_CHART_DIR) : undefined,
    outdir: env.CDK8S_OUTDIR ? path.resolve(cwd, env.CDK8S_OUTDIR) : path.join(inv.root, 'dist'),
    stateFile: env.TODO_CHATBOT_STATE_FILE ? path.resolve(cwd, env.TODO_CHATBOT_STATE_FILE) : undefined,
    chartCacheDir: path.join(inv.root, '.cdk8s', 'chart'),
  };
}

/** Runs a synth; returns the process exit code. Errors are one line, with no stack trace. */
export function main(inv: Invocation): number {
  let options: SynthOptions | undefined;
  try {
    options = optionsFrom(inv);
    const { warnings } = synthesize(options);
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    return 0;
  } catch (e) {
    const err = e as Error;
    const outdir = options?.outdir ?? path.join(inv.root, 'dist');
    restoreIfDeleted(outdir, path.join(inv.root, '.cdk8s'));
    if (err instanceof ConfigError) process.stderr.write(`error: ${err.message}\n`);
    else process.stderr.write(`error: synth failed: ${err.message}${inv.env.DEBUG ? `\n${err.stack}` : ' (set DEBUG=1 for details)'}\n`);
    return 1;
  }
}
