/**
 * `cluster up` / `cluster down`: a local cluster on minikube (with the
 * ingress, metrics-server and storage addons) or kind (with ports 80/443
 * mapped and ingress-nginx installed and waited for).
 */
import * as crypto from 'crypto';
import * as os from 'os';
import * as path from 'path';
import { bool, CommandSpec, intFlag, OptionSpec, oneOf, ParsedArgs, str, usageLine } from '../args';
import { MINIKUBE_DEFAULT_CPUS, MINIKUBE_DEFAULT_MEMORY_MB, MINIKUBE_MIN_CPUS, MINIKUBE_MIN_MEMORY_MB, memoryMb } from '../cluster-size';
import { confirmByTyping } from '../confirm';
import { Context } from '../context';
import { UsageError } from '../errors';
import { Runner, Step } from '../steps';
import { removeTempFile, writeTempFile } from '../tempfiles';

/** The local cluster tools `cluster` and `images load` support. */
export const DRIVERS = ['minikube', 'kind'] as const;
/** A local cluster tool. */
export type Driver = (typeof DRIVERS)[number];

/** Default cluster names: minikube's own default profile, and a named kind cluster. */
export const DEFAULT_CLUSTER_NAME: Record<Driver, string> = { minikube: 'minikube', kind: 'todo-chatbot' };

/** The kind flavour of ingress-nginx (node ports 80/443, runs on the ingress-ready node). */
export const KIND_INGRESS_MANIFEST =
  'https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.11.3/deploy/static/provider/kind/deploy.yaml';

/** The addons `cluster up` enables on minikube. */
export const MINIKUBE_ADDONS = ['ingress', 'metrics-server', 'storage-provisioner', 'default-storageclass'] as const;

/** kind's cluster config: one node labelled ingress-ready, with ports 80 and 443 on this machine. */
export const KIND_CONFIG = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
  - role: control-plane
    kubeadmConfigPatches:
      - |
        kind: InitConfiguration
        nodeRegistration:
          kubeletExtraArgs:
            node-labels: "ingress-ready=true"
    extraPortMappings:
      - containerPort: 80
        hostPort: 80
        protocol: TCP
      - containerPort: 443
        hostPort: 443
        protocol: TCP
`;

/** The kubeconfig context a cluster gets. */
export function contextOf(driver: Driver, name: string): string {
  return driver === 'kind' ? `kind-${name}` : name;
}

/** Flags that pick the local cluster. */
export const DRIVER_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  driver: { type: 'string', value: 'minikube|kind', description: 'local cluster tool (env TODO_CHATBOT_DRIVER; default minikube)' },
  name: { type: 'string', value: 'NAME', description: 'cluster name (default: minikube for minikube, todo-chatbot for kind)' },
};

/** The driver asked for (flag, then TODO_CHATBOT_DRIVER), not yet validated. */
export function driverName(args: ParsedArgs, env: NodeJS.ProcessEnv): string {
  return str(args, 'driver') ?? (env.TODO_CHATBOT_DRIVER || 'minikube');
}

/** Driver and cluster name from flags and the environment. */
export function driverFrom(spec: CommandSpec, args: ParsedArgs, env: NodeJS.ProcessEnv): { driver: Driver; name: string } {
  const driver = oneOf(spec, { ...args, values: { ...args.values, driver: driverName(args, env) } }, 'driver', DRIVERS, 'minikube');
  const name = str(args, 'name') ?? DEFAULT_CLUSTER_NAME[driver];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw new UsageError(`${spec.name}: cluster name "${name}" must be lower-case letters, digits and "-"`, usageLine(spec));
  }
  return { driver, name };
}

const INGRESS_WAIT = ['wait', '--namespace', 'ingress-nginx', '--for=condition=ready', 'pod', '--selector=app.kubernetes.io/component=controller', '--timeout=180s'];

/** `cluster up`. */
export const clusterUpCommand: CommandSpec = {
  name: 'cluster up',
  summary: 'Start a local cluster with an ingress controller: minikube (default) or kind.',
  details: [
    `minikube: starts with --cpus/--memory (default ${MINIKUBE_DEFAULT_CPUS} CPUs and ${MINIKUBE_DEFAULT_MEMORY_MB} MB: the local profile, the addons`,
    'and the control plane fit with a quarter to spare), enables the ingress, metrics-server, storage-provisioner and',
    'default-storageclass addons, and waits for the ingress controller. --vm-driver picks minikube\'s own',
    'driver (docker, hyperkit, hyperv, ...); without it minikube chooses.',
    'kind: creates the cluster from a config with ports 80/443 mapped to this machine and the node labelled',
    'ingress-ready=true, installs ingress-nginx for kind and waits until it is ready.',
  ].join('\n'),
  options: {
    ...DRIVER_OPTIONS,
    cpus: { type: 'string', value: 'N', description: `CPUs for minikube (default ${MINIKUBE_DEFAULT_CPUS}; at least ${MINIKUBE_MIN_CPUS})` },
    memory: {
      type: 'string',
      value: 'MB',
      description: `memory for minikube in MB, or with g, e.g. 8192 or 8g (default ${MINIKUBE_DEFAULT_MEMORY_MB}; at least ${MINIKUBE_MIN_MEMORY_MB})`,
    },
    'vm-driver': { type: 'string', value: 'NAME', description: "minikube's --driver (docker, hyperkit, hyperv, qemu2, ...)" },
    'ingress-manifest': { type: 'string', value: 'URL', description: 'ingress-nginx manifest for kind (default: controller v1.11.3, kind provider)' },
  },
  tools: (args, env) => (driverName(args, env) === 'kind' ? ['kind', 'kubectl'] : ['minikube', 'kubectl']),
  async run(ctx, args) {
    const spec = clusterUpCommand;
    const { driver, name } = driverFrom(spec, args, ctx.env);
    const runner = new Runner(ctx, { release: 'todo-chatbot', namespace: 'todo-chatbot' });
    const k = (...a: string[]) => ['kubectl', '--context', contextOf(driver, name), ...a];
    if (driver === 'minikube') {
      if (str(args, 'ingress-manifest')) throw new UsageError(`${spec.name}: --ingress-manifest applies to --driver kind only`, usageLine(spec));
      const cpus = intFlag(spec, args, 'cpus', MINIKUBE_DEFAULT_CPUS, MINIKUBE_MIN_CPUS, 256);
      const memory = str(args, 'memory') ?? String(MINIKUBE_DEFAULT_MEMORY_MB);
      const mb = memoryMb(memory);
      if (mb === undefined || mb < MINIKUBE_MIN_MEMORY_MB) {
        throw new UsageError(
          `${spec.name}: --memory must be at least ${MINIKUBE_MIN_MEMORY_MB} megabytes, as a number or a size such as 8g (got "${memory}")`,
          usageLine(spec),
        );
      }
      const vmDriver = str(args, 'vm-driver');
      const p = ['-p', name];
      await runner.run([
        { title: 'start minikube', procs: [{ argv: ['minikube', 'start', ...p, '--cpus', String(cpus), '--memory', memory, ...(vmDriver ? ['--driver', vmDriver] : [])] }] },
        ...MINIKUBE_ADDONS.map((addon): Step => ({ title: `enable the ${addon} addon`, procs: [{ argv: ['minikube', 'addons', 'enable', addon, ...p] }] })),
        { title: 'wait for the ingress controller', procs: [{ argv: k(...INGRESS_WAIT) }] },
      ]);
      runner.done(`Cluster "${name}" is up (kubectl context ${contextOf(driver, name)}).`);
      runner.done(`Next: todo-chatbot images build && todo-chatbot images load && todo-chatbot deploy`);
      runner.done(`The app's host name must resolve to "minikube ip -p ${name}" (or to 127.0.0.1 with "minikube tunnel" on the Docker driver); deploy prints the details.`);
      return 0;
    }
    for (const flag of ['cpus', 'memory', 'vm-driver']) {
      if (str(args, flag) !== undefined) {
        throw new UsageError(`${spec.name}: --${flag} applies to --driver minikube only (kind uses the resources Docker has)`, usageLine(spec));
      }
    }
    const manifest = str(args, 'ingress-manifest') ?? KIND_INGRESS_MANIFEST;
    const configFile = path.join(os.tmpdir(), `todo-chatbot-kind-${crypto.randomBytes(6).toString('hex')}.yaml`);
    await runner.run(
      [
        {
          kind: 'local',
          title: 'write the kind cluster config',
          describe: [`${configFile}:`, ...KIND_CONFIG.trimEnd().split('\n').map((l) => `  ${l}`)],
          perform: () => writeTempFile(configFile, KIND_CONFIG),
        },
        { title: 'create the kind cluster', procs: [{ argv: ['kind', 'create', 'cluster', '--name', name, '--config', configFile, '--wait', '120s'] }] },
        { title: 'install ingress-nginx', procs: [{ argv: k('apply', '-f', manifest) }] },
        { title: 'wait for the ingress-nginx rollout', procs: [{ argv: k('rollout', 'status', 'deployment/ingress-nginx-controller', '--namespace', 'ingress-nginx', '--timeout=180s') }] },
        { title: 'wait for the ingress controller', procs: [{ argv: k(...INGRESS_WAIT) }] },
      ],
      [
        {
          kind: 'local',
          title: 'remove the kind cluster config',
          describe: [`delete ${configFile}`],
          perform: () => removeTempFile(configFile),
        },
      ],
    );
    runner.done(`Cluster "${name}" is up (kubectl context ${contextOf(driver, name)}); ports 80 and 443 reach its ingress.`);
    runner.done('Next: todo-chatbot images build && todo-chatbot images load --driver kind && todo-chatbot deploy --profile kind');
    return 0;
  },
};

/** `cluster down`. */
export const clusterDownCommand: CommandSpec = {
  name: 'cluster down',
  summary: 'Delete the local cluster (or, on minikube with --stop, only stop it).',
  details: 'Deleting removes every volume in the cluster, so it asks you to type the cluster name first unless --yes is given.',
  options: {
    ...DRIVER_OPTIONS,
    stop: { type: 'boolean', description: 'minikube only: stop the cluster and keep its data' },
    yes: { type: 'boolean', short: 'y', description: 'delete without asking' },
  },
  tools: (args, env) => (driverName(args, env) === 'kind' ? ['kind'] : ['minikube']),
  async run(ctx: Context, args) {
    const spec = clusterDownCommand;
    const { driver, name } = driverFrom(spec, args, ctx.env);
    const runner = new Runner(ctx, { release: 'todo-chatbot', namespace: 'todo-chatbot' });
    if (bool(args, 'stop')) {
      if (driver !== 'minikube') throw new UsageError(`${spec.name}: --stop applies to --driver minikube only (kind clusters can only be deleted)`, usageLine(spec));
      await runner.run([{ title: 'stop minikube', procs: [{ argv: ['minikube', 'stop', '-p', name] }] }]);
      runner.done(`Cluster "${name}" is stopped; "todo-chatbot cluster up" starts it again with its data.`);
      return 0;
    }
    await confirmByTyping(ctx, `deletes the ${driver} cluster "${name}" and all its data`, name, bool(args, 'yes'));
    await runner.run([
      driver === 'kind'
        ? { title: 'delete the kind cluster', procs: [{ argv: ['kind', 'delete', 'cluster', '--name', name] }] }
        : { title: 'delete the minikube cluster', procs: [{ argv: ['minikube', 'delete', '-p', name] }] },
    ]);
    runner.done(`Cluster "${name}" is deleted.`);
    return 0;
  },
};
