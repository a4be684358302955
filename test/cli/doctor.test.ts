import { parseVersion } from '../../lib/cli/commands/doctor';
import { installHint } from '../../lib/cli/tools';
import * as path from 'path';
import { BUNDLED_HELM, commandLines, FakeRule, HAS_BUNDLED_HELM, useSandbox } from './support';

const VERSIONS: FakeRule[] = [
  { tool: 'docker', args: ['--version'], stdout: 'Docker version 27.3.1, build ce12230\n' },
  { tool: 'docker', prefix: ['info'], stdout: '27.3.1\n' },
  { tool: 'kubectl', args: ['version', '--client', '-o', 'json'], stdout: JSON.stringify({ clientVersion: { gitVersion: 'v1.31.2' } }) },
  { tool: 'kubectl', args: ['config', 'current-context'], stdout: 'minikube\n' },
  { tool: 'kubectl', prefix: ['version', '-o', 'json'], stdout: JSON.stringify({ clientVersion: { gitVersion: 'v1.31.2' }, serverVersion: { gitVersion: 'v1.31.0' } }) },
  { tool: 'helm', args: ['version', '--short'], stdout: 'v3.16.2+g13654a5\n' },
  { tool: 'minikube', args: ['version', '--short'], stdout: 'v1.34.0\n' },
  { tool: 'kind', args: ['version'], stdout: 'kind v0.24.0 go1.22.6 linux/amd64\n' },
];

describe('doctor', () => {
  const box = useSandbox(['docker', 'kubectl', 'helm', 'minikube', 'kind']);

  it('lists every tool with its version, Docker and the cluster', async () => {
    const b = box();
    b.rules = VERSIONS;
    const r = await b.run(['doctor']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'docker --version',
      'kubectl version --client -o json',
      'helm version --short',
      'minikube version --short',
      'kind version',
      'docker info --format {{.ServerVersion}}',
      'kubectl config current-context',
      'kubectl version -o json --request-timeout=5s',
    ]);
    expect(r.out).toBe(
      [
        'Tools:',
        '  docker    27.3.1            builds the images',
        '  kubectl   v1.31.2           talks to the cluster',
        '  helm      v3.16.2+g13654a5  installs the chart',
        '  minikube  v1.34.0           local cluster (default driver)',
        '  kind      v0.24.0           local cluster in Docker (--driver kind)',
        `  helm in use: ${path.join(b.bin, 'helm')}, on PATH`,
        'Status:',
        '  docker    running (engine 27.3.1)',
        '  context   minikube',
        '  cluster   reachable (Kubernetes v1.31.0)',
        'Ready.',
        '',
      ].join('\n'),
    );
  });

  it('fails when Docker is down and the cluster does not answer', async () => {
    const b = box();
    b.rules = [
      { tool: 'docker', prefix: ['info'], exit: 1, stderr: 'Cannot connect to the Docker daemon\n' },
      { tool: 'kubectl', prefix: ['version', '-o', 'json'], exit: 1, stdout: JSON.stringify({ clientVersion: { gitVersion: 'v1.31.2' } }), stderr: 'connection refused\n' },
      ...VERSIONS,
    ];
    const r = await b.run(['doctor']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('  docker    not running: start Docker Desktop (or the docker service)\n');
    expect(r.out).toContain('  cluster   not reachable: start it with "todo-chatbot cluster up", or check "kubectl config use-context"\n');
    expect(r.err).toBe('error: not ready: Docker is not running; the cluster is not reachable\n');
  });

  it('checks the context given with --context instead of the current one', async () => {
    const b = box();
    b.rules = [{ tool: 'kubectl', includes: ['version', '--request-timeout=5s'], stdout: JSON.stringify({ serverVersion: { gitVersion: 'v1.30.0' } }) }, ...VERSIONS];
    const r = await b.run(['doctor', '--context', 'kind-todo-chatbot']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls).slice(-1)).toEqual(['kubectl --context kind-todo-chatbot version -o json --request-timeout=5s']);
    expect(r.out).toContain('  context   kind-todo-chatbot\n  cluster   reachable (Kubernetes v1.30.0)\n');
    expect(r.calls.map((c) => c.args.join(' '))).not.toContain('config current-context');
  });

  it('prints the checks on --dry-run without running them', async () => {
    const r = await box().run(['doctor', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.out).toContain('check: helm version\n      $ helm version --short\n');
    expect(r.out).toContain('check: cluster\n      $ kubectl version -o json --request-timeout=5s\n');
  });
});

describe('doctor with helm only in .tools/helm3', () => {
  const box = useSandbox(['docker', 'kubectl', 'minikube']);

  (HAS_BUNDLED_HELM ? it : it.skip)('says it uses the bundled helm, with its path, and asks it for its version', async () => {
    const b = box();
    const bundled = b.installBundledHelm();
    b.rules = [{ tool: BUNDLED_HELM, args: ['version', '--short'], stdout: 'v3.17.3+ge4da497\n' }, ...VERSIONS];
    const r = await b.run(['doctor']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toContain(`${BUNDLED_HELM} version --short`);
    expect(r.out).toContain('  helm      v3.17.3+ge4da497  installs the chart\n');
    expect(r.out).toContain(`\n  helm in use: ${bundled}, bundled with this project (.tools/helm3); run it as "todo-chatbot helm ARGS..."\n`);
    expect(r.out).not.toContain('on PATH');
  });
});

describe('doctor with tools missing', () => {
  const box = useSandbox(['docker', 'kubectl']);

  it('says how to install each missing tool and fails for a required one', async () => {
    const b = box();
    b.rules = VERSIONS;
    const r = await b.run(['doctor']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`  helm      missing  installs the chart; install: ${installHint('helm')}\n`);
    expect(r.out).toContain(`  kind      missing  local cluster in Docker (--driver kind); install: ${installHint('kind')}\n`);
    expect(r.out).toContain('  note: neither minikube nor kind is installed: one of them is needed for a local cluster (not for a remote one)\n');
    expect(r.err).toBe('error: not ready: helm is not installed\n');
    expect(r.calls.map((c) => c.tool)).not.toContain('helm');
    expect(r.out).not.toContain('helm in use');
  });
});

describe('parseVersion', () => {
  it('reads each tool format', () => {
    expect(parseVersion('kubectl', '{"clientVersion":{"gitVersion":"v1.30.1"}}')).toBe('v1.30.1');
    expect(parseVersion('kubectl', 'Client Version: v1.29.0\n')).toBe('v1.29.0');
    expect(parseVersion('kind', 'kind v0.23.0 go1.22.3 darwin/arm64')).toBe('v0.23.0');
    expect(parseVersion('docker', 'Docker version 26.1.4, build 5650f9b')).toBe('26.1.4');
    expect(parseVersion('helm', 'garbage\n')).toBe('garbage');
  });
});

describe('install hints', () => {
  it('differ per platform', () => {
    expect(installHint('kubectl', 'darwin')).toBe('brew install kubectl (or https://kubernetes.io/docs/tasks/tools/)');
    expect(installHint('helm', 'win32')).toBe('winget install Helm.Helm (or https://helm.sh/docs/intro/install/)');
    expect(installHint('kind', 'linux')).toBe('see https://kind.sigs.k8s.io/docs/user/quick-start/#installation');
    expect(installHint('minikube', 'freebsd')).toBe('see https://minikube.sigs.k8s.io/docs/start/');
  });
});
