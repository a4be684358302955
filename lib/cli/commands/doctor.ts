/**
 * `doctor`: which tools are installed and their versions, whether Docker and
 * the cluster answer, and how to install what is missing.
 */
import { CommandSpec } from '../args';
import { kubectl } from '../context';
import { Runner } from '../steps';
import { describeToolSource, DOCTOR_TOOLS, findTool, installHint, TOOLS, ToolName } from '../tools';

/** Tools every workflow needs; minikube and kind are alternatives. */
const REQUIRED: readonly ToolName[] = ['docker', 'kubectl', 'helm'];

/** The version in a tool's version output. */
export function parseVersion(tool: ToolName, output: string): string {
  if (tool === 'kubectl') {
    try {
      const v = (JSON.parse(output) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
      if (v) return v;
    } catch {
      // Older kubectl prints text; fall through.
    }
  }
  return /v?\d+\.\d+(?:\.\d+)?[\w.+-]*/.exec(output)?.[0] ?? (output.trim().split(/\r?\n/)[0] || 'unknown');
}

function serverVersion(output: string): string | undefined {
  try {
    return (JSON.parse(output) as { serverVersion?: { gitVersion?: string } }).serverVersion?.gitVersion;
  } catch {
    return undefined;
  }
}

/** `doctor`. */
export const doctorCommand: CommandSpec = {
  name: 'doctor',
  summary: 'Check the tools (docker, kubectl, helm, minikube, kind), Docker and the cluster.',
  details: 'Exit code 0 when docker, kubectl and helm are installed, Docker runs and the cluster answers; 1 otherwise.',
  options: {
    context: { type: 'string', value: 'NAME', description: 'kubeconfig context to check (default: the current one)' },
  },
  tools: () => [],
  async run(ctx, args) {
    const runner = new Runner(ctx, { release: 'todo-chatbot', namespace: 'todo-chatbot' });
    const target = { kubeContext: typeof args.values.context === 'string' ? args.values.context : '' };
    const rows: Array<[string, string, string]> = [];
    const notes: string[] = [];
    const problems: string[] = [];
    const present = new Set<ToolName>();
    for (const name of DOCTOR_TOOLS) {
      const info = TOOLS[name];
      const where = findTool(name, ctx.env, ctx.root, ctx.platform);
      if (!where) {
        rows.push([name, 'missing', `${info.purpose}; install: ${installHint(name, ctx.platform)}`]);
        if (REQUIRED.includes(name)) problems.push(`${name} is not installed`);
        continue;
      }
      present.add(name);
      const r = await runner.probe(`${name} version`, [name, ...info.versionArgs], { assume: `${name} prints its version` });
      const version = r.ok ? parseVersion(name, r.stdout) : `installed, but "${name} ${info.versionArgs.join(' ')}" failed`;
      rows.push([name, version, info.purpose]);
      // Two helms may be around (PATH and .tools/helm3): say which one every command runs.
      if (name === 'helm') {
        const run = where.source === 'bundled' ? '; run it as "todo-chatbot helm ARGS..."' : '';
        notes.push(`  helm in use: ${where.path}, ${describeToolSource(where)}${run}`);
      }
    }
    if (!present.has('minikube') && !present.has('kind')) {
      notes.push('  note: neither minikube nor kind is installed: one of them is needed for a local cluster (not for a remote one)');
    }

    const status: string[] = [];
    if (present.has('docker')) {
      const r = await runner.probe('docker daemon', ['docker', 'info', '--format', '{{.ServerVersion}}'], { assume: 'Docker is running' });
      if (r.ok) status.push(`  docker    running (engine ${r.stdout.trim()})`);
      else {
        status.push('  docker    not running: start Docker Desktop (or the docker service)');
        problems.push('Docker is not running');
      }
    }
    if (present.has('kubectl')) {
      const current = target.kubeContext
        ? { ok: true, stdout: target.kubeContext }
        : await runner.probe('current context', ['kubectl', 'config', 'current-context'], { assume: 'a context is set', dryRunValue: '<context>' });
      if (!current.ok || !current.stdout.trim()) {
        status.push('  context   none: start a cluster with "todo-chatbot cluster up" or pick one with "kubectl config use-context NAME"');
        problems.push('no kubeconfig context is set');
      } else {
        status.push(`  context   ${current.stdout.trim()}`);
        const r = await runner.probe('cluster', kubectl(target, 'version', '-o', 'json', '--request-timeout=5s'), { assume: 'the cluster answers' });
        const server = serverVersion(r.stdout);
        if (r.ok && server) status.push(`  cluster   reachable (Kubernetes ${server})`);
        else {
          status.push('  cluster   not reachable: start it with "todo-chatbot cluster up", or check "kubectl config use-context"');
          problems.push('the cluster is not reachable');
        }
      }
    }
    if (ctx.dryRun) return 0;
    runner.say('Tools:');
    const width = Math.max(...rows.map(([, v]) => v.length));
    rows.forEach(([name, version, what]) => runner.say(`  ${name.padEnd(9)} ${version.padEnd(width)}  ${what}`));
    notes.forEach((n) => runner.say(n));
    if (status.length) {
      runner.say('Status:');
      status.forEach((s) => runner.say(s));
    }
    if (problems.length) {
      ctx.io.err(`error: not ready: ${problems.join('; ')}\n`);
      return 1;
    }
    runner.say('Ready.');
    return 0;
  },
};
