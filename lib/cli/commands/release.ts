/**
 * Day-two commands on an installed release: `rollback`, `status` and
 * `uninstall` (which keeps the data volumes unless --purge-data is confirmed).
 */
import { bool, CommandSpec, str, TARGET_OPTIONS, targetFrom, usageLine } from '../args';
import { confirmByTyping } from '../confirm';
import { helm, instanceSelector, kubectl } from '../context';
import { CliError, UsageError } from '../errors';
import { Runner, Step } from '../steps';
import { rolloutStep } from './deploy';
import { envSecretName } from './secrets';

/** `rollback`. */
export const rollbackCommand: CommandSpec = {
  name: 'rollback',
  summary: 'Roll the release back to a previous revision (default: the one before the current).',
  details: 'List the revisions with: helm history <release> -n <namespace>',
  positionals: [{ name: 'REVISION', optional: true }],
  options: {
    ...TARGET_OPTIONS,
    timeout: { type: 'string', value: 'DURATION', description: 'how long helm and each rollout may take (default 5m)' },
  },
  tools: () => ['kubectl', 'helm'],
  async run(ctx, args) {
    const spec = rollbackCommand;
    const target = targetFrom(spec, args, ctx.env);
    const revision = args.positionals[0];
    if (revision !== undefined && !/^[1-9]\d*$/.test(revision)) {
      throw new UsageError(`rollback: REVISION must be a revision number from "helm history" (got "${revision}")`, usageLine(spec));
    }
    const timeout = str(args, 'timeout') ?? '5m';
    if (!/^\d+(ms|s|m|h)$/.test(timeout)) throw new UsageError(`rollback: --timeout must be a duration such as 5m (got "${timeout}")`, usageLine(spec));
    const runner = new Runner(ctx, target);
    await runner.run([
      {
        title: 'helm rollback',
        procs: [{ argv: helm(target, 'rollback', target.release, ...(revision ? [revision] : []), '-n', target.namespace, '--wait', '--timeout', timeout) }],
      },
      rolloutStep(runner, target, 'frontend', timeout),
      rolloutStep(runner, target, 'backend', timeout),
    ]);
    runner.done(`Rolled ${target.release} back to ${revision ? `revision ${revision}` : 'the previous revision'}.`);
    return 0;
  },
};

/** `status`. */
export const statusCommand: CommandSpec = {
  name: 'status',
  summary: "Show the release's Helm status and its workloads, pods, services, ingress and volumes.",
  options: { ...TARGET_OPTIONS },
  tools: () => ['kubectl', 'helm'],
  async run(ctx, args) {
    const target = targetFrom(statusCommand, args, ctx.env);
    const runner = new Runner(ctx, target);
    await runner.run([
      { title: 'helm status', procs: [{ argv: helm(target, 'status', target.release, '-n', target.namespace) }], show: true },
      {
        title: 'objects of the release',
        procs: [{ argv: kubectl(target, 'get', 'deployments,statefulsets,pods,services,ingresses,persistentvolumeclaims', '-n', target.namespace, '-l', instanceSelector(target.release), '-o', 'wide') }],
        show: true,
      },
    ]);
    return 0;
  },
};

/** What the chart keeps on uninstall: data volumes, and the Secret with the password they were made with. */
const KEPT_KINDS = 'persistentvolumeclaims,secrets';

/** `uninstall`. */
export const uninstallCommand: CommandSpec = {
  name: 'uninstall',
  summary: 'Remove the release. Data volumes and the Secret that opens them are kept unless --purge-data is confirmed.',
  details: [
    'The SQLite and Postgres volume claims, and the chart\'s Secret while one of them exists, carry helm.sh/resource-policy:',
    'keep, so "helm uninstall" leaves them and a later deploy finds the data, and the password it was made with, again.',
    '--purge-data deletes every claim and Secret labelled app.kubernetes.io/instance=<release> after you type the release',
    'name (or pass --yes).',
  ].join('\n'),
  options: {
    ...TARGET_OPTIONS,
    'purge-data': { type: 'boolean', description: 'also delete the data volumes and the kept Secret (asks for confirmation)' },
    yes: { type: 'boolean', short: 'y', description: 'confirm --purge-data without asking' },
    timeout: { type: 'string', value: 'DURATION', description: 'how long helm may take (default 5m)' },
  },
  tools: () => ['kubectl', 'helm'],
  async run(ctx, args) {
    const spec = uninstallCommand;
    const target = targetFrom(spec, args, ctx.env);
    const purge = bool(args, 'purge-data');
    if (bool(args, 'yes') && !purge) throw new UsageError('uninstall: --yes only confirms --purge-data; without it nothing needs confirming', usageLine(spec));
    const timeout = str(args, 'timeout') ?? '5m';
    if (!/^\d+(ms|s|m|h)$/.test(timeout)) throw new UsageError(`uninstall: --timeout must be a duration such as 5m (got "${timeout}")`, usageLine(spec));
    if (purge) {
      await confirmByTyping(ctx, `deletes the data volumes and kept Secret of release "${target.release}" in namespace ${target.namespace} for good`, target.release, bool(args, 'yes'));
    }
    const runner = new Runner(ctx, target);
    const installed = await runner.probe('is the release installed', helm(target, 'status', target.release, '-n', target.namespace), {
      assume: 'the release is installed',
    });
    if (!installed.ok && !/not found/i.test(installed.stderr)) {
      throw new CliError(`cannot check release ${target.release}: ${installed.stderr.trim().split(/\r?\n/).pop() ?? 'helm status failed'}`);
    }
    if (!installed.ok && !purge) throw new CliError(`release ${target.release} is not installed in namespace ${target.namespace}: nothing to uninstall`);
    const steps: Step[] = [];
    if (installed.ok) {
      steps.push({ title: 'helm uninstall', procs: [{ argv: helm(target, 'uninstall', target.release, '-n', target.namespace, '--wait', '--timeout', timeout) }] });
    } else {
      runner.say(`Release ${target.release} is not installed; only its volumes and kept Secret are deleted.`);
    }
    if (purge) {
      steps.push({
        title: 'delete the data volumes and the kept Secret',
        procs: [{ argv: kubectl(target, 'delete', KEPT_KINDS, '-n', target.namespace, '-l', instanceSelector(target.release), '--wait=true') }],
      });
    }
    await runner.run(steps);
    if (purge) {
      runner.done(`Release ${target.release}, its data volumes and its kept Secret are gone.`);
    } else {
      const kept = await runner.query(
        'list what was kept',
        kubectl(target, 'get', KEPT_KINDS, '-n', target.namespace, '-l', instanceSelector(target.release), '-o', 'name'),
        { assume: 'the data volume and the Secret are kept' },
      );
      const objects = kept.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      runner.done(`Release ${target.release} is uninstalled.`);
      if (objects.length) runner.done(`Kept: ${objects.join(', ')}. A later deploy with the same release name reuses them; delete them with --purge-data.`);
    }
    runner.done(`A Secret made by "secrets apply" (${envSecretName(target.release)}) is not touched; delete it with: kubectl delete secret ${envSecretName(target.release)} -n ${target.namespace}`);
    return 0;
  },
};
