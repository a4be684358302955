/**
 * `deploy`: synth (validates the configuration and regenerates the chart),
 * `helm upgrade --install --wait`, rollout status of both workloads, then the
 * URL to open and how to make its host name resolve.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CommandSpec, list, oneOf, str, TARGET_OPTIONS, targetFrom, usageLine } from '../args';
import { Context, helm, instanceSelector, kubectl, Target } from '../context';
import { CliError, UsageError } from '../errors';
import { chartDir, Profile, PROFILES, profileValuesFile, synthScript } from '../project';
import { Runner, Step } from '../steps';

const TIMEOUT = /^\d+(ms|s|m|h)$/;

/**
 * After a failed rollout: the waiting reason of every container of the
 * release (ImagePullBackOff, CrashLoopBackOff, ...) and why a pod found no
 * node (the scheduler's message), so the hint can name the cause.
 */
export function podDiagnosis(runner: Runner, target: Target): () => Promise<string[]> {
  return async () => {
    const r = await runner.probe(
      'pod states',
      kubectl(
        target,
        'get', 'pods', '-n', target.namespace, '-l', instanceSelector(target.release), '-o',
        'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{range .status.containerStatuses[*]}{.state.waiting.reason}{" "}{end}' +
          '{"\\t"}{range .status.conditions[?(@.reason=="Unschedulable")]}{.message}{end}{"\\n"}{end}',
      ),
      { assume: 'pods are listed' },
    );
    if (!r.ok) return [];
    return r.stdout.split(/\r?\n/).flatMap((line) => {
      const [pod, reasons = '', unschedulable = ''] = line.split('\t');
      const causes = [...reasons.trim().split(/\s+/).filter(Boolean), ...(unschedulable.trim() ? [`Unschedulable (${unschedulable.trim()})`] : [])];
      return causes.length ? [`pod ${pod}: ${causes.join(', ')}`] : [];
    });
  };
}

/** Waits for a Deployment's rollout (with the diagnosis on failure); `fullname` is the object name prefix. */
export function rolloutStep(runner: Runner, target: Target, component: 'frontend' | 'backend', timeout: string, fullname = target.release): Step {
  return {
    title: `rollout of ${fullname}-${component}`,
    procs: [{ argv: kubectl(target, 'rollout', 'status', `deployment/${fullname}-${component}`, '-n', target.namespace, `--timeout=${timeout}`) }],
    diagnose: podDiagnosis(runner, target),
  };
}

/** How to reach the app, by the kind of cluster the context points at. */
export function accessAdvice(context: string, host: string, target: Target): string[] {
  const hosts = 'hosts file: /etc/hosts on Linux and macOS, C:\\Windows\\System32\\drivers\\etc\\hosts on Windows (edit as administrator)';
  if (context.startsWith('kind-')) {
    return [`Make ${host} resolve: add "127.0.0.1 ${host}" to your ${hosts}.`];
  }
  if (context === 'minikube' || context.startsWith('minikube')) {
    return [
      `Make ${host} resolve: add "<address> ${host}" to your ${hosts}, where <address> is the output of "minikube ip -p ${context}".`,
      `With minikube's Docker driver on macOS or Windows that address is not reachable: run "minikube tunnel -p ${context}" in another terminal and use 127.0.0.1.`,
    ];
  }
  return [
    `Make ${host} resolve to the ingress controller: for a local cluster add it to your ${hosts};`,
    `for a real one point DNS at the address in "kubectl get ingress -n ${target.namespace}".`,
  ];
}

/** `deploy`. */
export const deployCommand: CommandSpec = {
  name: 'deploy',
  summary: 'Synth the chart, install or upgrade the release, wait for it, and print the URL.',
  details: [
    'Profiles: local (values.yaml, minikube), kind (adds values-kind.yaml), production (adds values-production.yaml).',
    'The app Secret: --existing-secret NAME; else secrets.existingSecret when the values set it (the production profile does);',
    'else <release>-env when it exists (see "secrets apply"); else the chart creates <fullname>-secrets from the values.',
    'Warnings (e.g. no key for the LLM provider) are printed before anything runs. Only key names of a Secret are read.',
  ].join('\n'),
  options: {
    ...TARGET_OPTIONS,
    profile: { type: 'string', value: 'local|kind|production', description: 'values profile (env TODO_CHATBOT_PROFILE; default local)' },
    values: { type: 'string', short: 'f', multiple: true, value: 'FILE', description: 'extra values file, applied after the profile and TODO_CHATBOT_VALUES (comma lists allowed)' },
    'existing-secret': { type: 'string', value: 'NAME', description: 'use this Secret for the app secrets' },
    timeout: { type: 'string', value: 'DURATION', description: 'how long helm and each rollout may take (default 5m)' },
  },
  tools: () => ['kubectl', 'helm'],
  async run(ctx: Context, args) {
    const spec = deployCommand;
    const target = targetFrom(spec, args, ctx.env);
    const profile: Profile = oneOf(spec, { ...args, values: { ...args.values, profile: str(args, 'profile') ?? (ctx.env.TODO_CHATBOT_PROFILE || undefined) } }, 'profile', PROFILES, 'local');
    const timeout = str(args, 'timeout') ?? '5m';
    if (!TIMEOUT.test(timeout)) throw new UsageError(`deploy: --timeout must be a duration such as 5m or 300s (got "${timeout}")`, usageLine(spec));
    // TODO_CHATBOT_VALUES first, as synth reads it, so the plan and helm see the files synth validates.
    const fromEnv = (ctx.env.TODO_CHATBOT_VALUES ?? '').split(',').map((f) => f.trim()).filter(Boolean);
    const valuesFiles = [...fromEnv, ...list(args, 'values')].map((f) => path.resolve(ctx.cwd, f));
    for (const f of valuesFiles) if (!fs.existsSync(f)) throw new CliError(`values file not found: ${f}`);
    const chart = chartDir(ctx.root);
    const profileFile = profileValuesFile(ctx.root, profile);
    if (!fs.existsSync(path.join(chart, 'Chart.yaml'))) throw new CliError(`chart not found: ${chart} has no Chart.yaml`);
    if (profileFile && !fs.existsSync(profileFile)) throw new CliError(`profile file not found: ${profileFile}`);
    const synth = synthScript(ctx.root);
    if (!fs.existsSync(synth)) throw new CliError(`synth script not found: ${synth}`);

    // Loaded here: only deploy needs the configuration schema, so other commands start faster.
    const plan = await import('../deploy-plan');
    const config = plan.effectiveConfig(profile, valuesFiles);
    const fullname = plan.fullnameOf(config, target.release);

    const runner = new Runner(ctx, target);
    const context =
      target.kubeContext ||
      (await runner.query('current context', ['kubectl', 'config', 'current-context'], { assume: 'a context is set', dryRunValue: '' })).trim();
    const secret = await plan.chooseSecret(runner, target, config, str(args, 'existing-secret'));
    runner.say(plan.secretLine(secret, target));
    const warnings = [...plan.configWarnings(config, secret), ...(await plan.secretWarnings(runner, target, config, secret))];
    for (const w of warnings) ctx.io.err(`warning: ${w}\n`);

    const synthArgs = ['--profile', profile, ...(valuesFiles.length ? ['--values', valuesFiles.join(',')] : [])];
    const helmArgs = [
      'upgrade', '--install', target.release, chart, '-n', target.namespace, '--create-namespace',
      ...(profileFile ? ['-f', profileFile] : []),
      ...valuesFiles.flatMap((f) => ['-f', f]),
      ...(plan.overridesValues(secret) ? ['--set', 'secrets.create=false', '--set', `secrets.existingSecret=${secret.name}`] : []),
      '--wait', '--timeout', timeout,
    ];
    await runner.run([
      {
        title: 'synth',
        procs: [{ argv: [process.execPath, synth, ...synthArgs], env: { TODO_CHATBOT_RELEASE: target.release, TODO_CHATBOT_NAMESPACE: target.namespace } }],
      },
      { title: 'helm upgrade', procs: [{ argv: helm(target, ...helmArgs) }], diagnose: podDiagnosis(runner, target) },
      rolloutStep(runner, target, 'frontend', timeout, fullname),
      rolloutStep(runner, target, 'backend', timeout, fullname),
    ]);

    const entry = await plan.readEntry(runner, target, config);
    if (ctx.dryRun) return 0;
    runner.say('');
    runner.say(`Deployed release ${target.release} to namespace ${target.namespace} (profile ${profile}).`);
    if (!entry) {
      runner.say('The release has no ingress. Reach the frontend with:');
      runner.say(`  kubectl port-forward -n ${target.namespace} service/${fullname}-frontend 3000:${config.frontend.service.port}   then open http://localhost:3000`);
      return 0;
    }
    runner.say(`Open ${entry.tls ? 'https' : 'http'}://${entry.host}`);
    if (entry.fromValues) runner.say(`  (the host and TLS setting in the values: the ingress could not be read: ${entry.fromValues})`);
    for (const line of accessAdvice(context, entry.host, target)) runner.say(`  ${line}`);
    runner.say(`  Pods: kubectl get pods -n ${target.namespace} -l ${instanceSelector(target.release)}`);
    return 0;
  },
};
