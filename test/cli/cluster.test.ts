import * as fs from 'fs';
import { parse } from 'yaml';
import { KIND_CONFIG, KIND_INGRESS_MANIFEST } from '../../lib/cli/commands/cluster';
import { installHint } from '../../lib/cli/tools';
import { commandLines, PRIVATE_MODE, useSandbox } from './support';

const INGRESS_WAIT = 'wait --namespace ingress-nginx --for=condition=ready pod --selector=app.kubernetes.io/component=controller --timeout=180s';

describe('cluster up', () => {
  const box = useSandbox();

  it('starts minikube with the resources, enables the addons and waits for the ingress controller', async () => {
    const r = await box().run(['cluster', 'up']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'minikube start -p minikube --cpus 2 --memory 4096',
      'minikube addons enable ingress -p minikube',
      'minikube addons enable metrics-server -p minikube',
      'minikube addons enable storage-provisioner -p minikube',
      'minikube addons enable default-storageclass -p minikube',
      `kubectl --context minikube ${INGRESS_WAIT}`,
    ]);
    expect(r.out).toContain('[1/6] start minikube\n');
    expect(r.out).toContain('Cluster "minikube" is up (kubectl context minikube).');
  });

  it('passes --cpus, --memory, --vm-driver and --name to minikube', async () => {
    const r = await box().run(['cluster', 'up', '--cpus', '6', '--memory', '8g', '--vm-driver', 'docker', '--name', 'todo']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)[0]).toBe('minikube start -p todo --cpus 6 --memory 8g --driver docker');
    expect(commandLines(r.calls)[5]).toBe(`kubectl --context todo ${INGRESS_WAIT}`);
  });

  it('creates kind from an ingress-ready config on a private temp file, installs ingress-nginx and removes the file', async () => {
    const r = await box().run(['cluster', 'up', '--driver', 'kind']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = commandLines(r.calls);
    const create = r.calls[0];
    const configFile = create.args[create.args.indexOf('--config') + 1];
    expect(lines).toEqual([
      `kind create cluster --name todo-chatbot --config ${configFile} --wait 120s`,
      `kubectl --context kind-todo-chatbot apply -f ${KIND_INGRESS_MANIFEST}`,
      'kubectl --context kind-todo-chatbot rollout status deployment/ingress-nginx-controller --namespace ingress-nginx --timeout=180s',
      `kubectl --context kind-todo-chatbot ${INGRESS_WAIT}`,
    ]);
    expect(create.files?.[configFile]).toEqual({ content: KIND_CONFIG, mode: PRIVATE_MODE });
    expect(fs.existsSync(configFile)).toBe(false);
    const config = parse(KIND_CONFIG);
    expect(config.nodes[0].extraPortMappings).toEqual([
      { containerPort: 80, hostPort: 80, protocol: 'TCP' },
      { containerPort: 443, hostPort: 443, protocol: 'TCP' },
    ]);
    expect(parse(config.nodes[0].kubeadmConfigPatches[0]).nodeRegistration.kubeletExtraArgs['node-labels']).toBe('ingress-ready=true');
    expect(r.out).toContain('[6/6] remove the kind cluster config (runs even if a step above failed)');
  });

  it('removes the kind config even when the cluster cannot be created', async () => {
    const b = box();
    b.rules = [{ tool: 'kind', prefix: ['create'], exit: 1, stderr: 'ERROR: failed to create cluster: port is already allocated\n' }];
    const r = await b.run(['cluster', 'up', '--driver', 'kind']);
    expect(r.code).toBe(1);
    const configFile = r.calls[0].args[r.calls[0].args.indexOf('--config') + 1];
    expect(fs.existsSync(configFile)).toBe(false);
    expect(r.calls).toHaveLength(1);
    expect(r.err).toBe(
      'error: step "create the kind cluster" failed (exit 1)\n  | ERROR: failed to create cluster: port is already allocated\n' +
        'hint: a port the cluster needs (80/443 for kind) is taken: stop whatever listens there, or use the minikube driver\n',
    );
  });

  it('takes the driver from TODO_CHATBOT_DRIVER', async () => {
    const r = await box().run(['cluster', 'up', '--name', 'dev'], { env: { TODO_CHATBOT_DRIVER: 'kind' } });
    expect(r.code).toBe(0);
    expect(r.calls[0].args.slice(0, 4)).toEqual(['create', 'cluster', '--name', 'dev']);
  });

  it('rejects minikube-only flags on kind and bad values', async () => {
    const b = box();
    const cpus = await b.run(['cluster', 'up', '--driver', 'kind', '--cpus', '4']);
    expect(cpus.code).toBe(2);
    expect(cpus.err.split('\n')[0]).toBe('error: cluster up: --cpus applies to --driver minikube only (kind uses the resources Docker has)');
    const driver = await b.run(['cluster', 'up', '--driver', 'k3d']);
    expect(driver.err.split('\n')[0]).toBe('error: cluster up: --driver must be one of minikube, kind (got "k3d")');
    const memory = await b.run(['cluster', 'up', '--memory', 'lots']);
    expect(memory.err.split('\n')[0]).toBe('error: cluster up: --memory must be at least 1800 megabytes, as a number or a size such as 8g (got "lots")');
    const little = await b.run(['cluster', 'up', '--memory', '1g']);
    expect(little.err.split('\n')[0]).toBe('error: cluster up: --memory must be at least 1800 megabytes, as a number or a size such as 8g (got "1g")');
    const few = await b.run(['cluster', 'up', '--cpus', '1']);
    expect(few.err.split('\n')[0]).toBe('error: cluster up: --cpus must be a whole number from 2 to 256 (got "1")');
    expect([...cpus.calls, ...driver.calls, ...memory.calls, ...little.calls, ...few.calls]).toEqual([]);
    const least = await b.run(['cluster', 'up', '--memory', '1800mb']);
    expect(commandLines(least.calls)[0]).toBe('minikube start -p minikube --cpus 2 --memory 1800mb');
  });

  it('hints at memory when minikube cannot get enough', async () => {
    const b = box();
    b.rules = [{ tool: 'minikube', prefix: ['start'], exit: 29, stderr: 'X Exiting due to MK_USAGE: Docker Desktop has only 3921MB memory but you specified 4096MB\n' }];
    const r = await b.run(['cluster', 'up']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: step "start minikube" failed (exit 29)\n');
    expect(r.err).toContain('hint: not enough memory for the cluster: give Docker Desktop (or the VM) more memory, or lower --memory (default 4096 MB, the least minikube takes is 1800 MB)\n');
    expect(r.calls).toHaveLength(1);
  });

  it('prints the kind plan with the config on --dry-run and writes no file', async () => {
    const r = await box().run(['cluster', 'up', '--driver', 'kind', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    const file = /\n {6}(\S+todo-chatbot-kind-[0-9a-f]+\.yaml):\n/.exec(r.out)?.[1] as string;
    expect(file).toBeDefined();
    expect(fs.existsSync(file)).toBe(false);
    expect(r.out).toContain(`      $ kind create cluster --name todo-chatbot --config ${file} --wait 120s\n`);
    expect(r.out).toContain('          node-labels: "ingress-ready=true"\n');
    expect(r.out).toContain('        hostPort: 443\n');
    expect(r.out).not.toContain('is up');
  });
});

describe('cluster down', () => {
  const box = useSandbox();

  it('deletes minikube after the cluster name is typed', async () => {
    const r = await box().run(['cluster', 'down'], { answers: ['minikube'] });
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual(['minikube delete -p minikube']);
  });

  it('deletes kind with --yes, and refuses without a confirmation', async () => {
    const b = box();
    const yes = await b.run(['cluster', 'down', '--driver', 'kind', '--yes']);
    expect(commandLines(yes.calls)).toEqual(['kind delete cluster --name todo-chatbot']);
    const refused = await b.run(['cluster', 'down', '--driver', 'kind']);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('error: refusing to continue without confirmation: this deletes the kind cluster "todo-chatbot" and all its data (pass --yes to confirm)\n');
    expect(refused.calls).toEqual([]);
  });

  it('only stops minikube with --stop', async () => {
    const b = box();
    const r = await b.run(['cluster', 'down', '--stop']);
    expect(commandLines(r.calls)).toEqual(['minikube stop -p minikube']);
    const kind = await b.run(['cluster', 'down', '--stop', '--driver', 'kind']);
    expect(kind.code).toBe(2);
    expect(kind.calls).toEqual([]);
  });
});

describe('cluster without minikube', () => {
  const box = useSandbox(['kubectl', 'kind']);

  it('is a one-line error that says how to install minikube', async () => {
    const r = await box().run(['cluster', 'up']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`error: minikube is not installed (not found on PATH): ${installHint('minikube')}\n`);
    expect(r.calls).toEqual([]);
  });

  it('needs only kind and kubectl for --driver kind', async () => {
    const r = await box().run(['cluster', 'up', '--driver', 'kind']);
    expect(r.code).toBe(0);
    expect(r.calls.map((c) => c.tool)).toEqual(['kind', 'kubectl', 'kubectl', 'kubectl']);
  });
});
