import * as path from 'path';
import { installHint } from '../../lib/cli/tools';
import { commandLines, useSandbox } from './support';

const ROLLOUTS = [
  'kubectl rollout status deployment/todo-chatbot-frontend -n todo-chatbot --timeout=5m',
  'kubectl rollout status deployment/todo-chatbot-backend -n todo-chatbot --timeout=5m',
];

describe('deploy', () => {
  const box = useSandbox();

  it('synths, installs with helm, waits for both rollouts and prints the URL', async () => {
    const b = box();
    b.rules = [
      { tool: 'kubectl', args: ['config', 'current-context'], stdout: 'minikube\n' },
      { tool: 'kubectl', prefix: ['get', 'ingress'], stdout: JSON.stringify({ spec: { rules: [{ host: 'todo.local' }] } }) },
    ];
    const r = await b.run(['deploy']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'kubectl config current-context',
      'kubectl get secret todo-chatbot-env -n todo-chatbot --ignore-not-found -o name',
      'synth --profile local',
      `helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace --wait --timeout 5m`,
      ...ROLLOUTS,
      'kubectl get ingress todo-chatbot-ingress -n todo-chatbot --ignore-not-found -o json',
    ]);
    expect(r.calls[2].env).toEqual({ TODO_CHATBOT_RELEASE: 'todo-chatbot', TODO_CHATBOT_NAMESPACE: 'todo-chatbot' });
    expect(r.out).toContain('[1/4] synth\n');
    expect(r.out).toContain('[2/4] helm upgrade\n');
    expect(r.out).toContain(`$ helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace --wait --timeout 5m\n`);
    expect(r.out).toContain('Open http://todo.local\n');
    expect(r.out).toContain('"minikube ip -p minikube"');
    expect(r.out).toContain('run "minikube tunnel -p minikube" in another terminal');
  });

  it('layers the kind profile and user values, and uses the .env Secret when it exists', async () => {
    const b = box();
    const a = b.write('a.yaml', 'x: 1\n');
    const c = b.write('conf/c.yaml', 'y: 2\n');
    const d = b.write('d.yaml', 'z: 3\n');
    b.rules = [
      { tool: 'kubectl', args: ['config', 'current-context'], stdout: 'kind-todo-chatbot\n' },
      { tool: 'kubectl', prefix: ['get', 'secret', 'shop-env'], stdout: 'secret/shop-env\n' },
      { tool: 'kubectl', prefix: ['get', 'ingress'], stdout: JSON.stringify({ spec: { rules: [{ host: 'shop.local' }], tls: [{ secretName: 't' }] } }) },
    ];
    const r = await b.run(['deploy', '--profile', 'kind', '-f', 'a.yaml', '--values', 'conf/c.yaml,d.yaml', '--release', 'shop', '-n', 'apps']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'kubectl config current-context',
      'kubectl get secret shop-env -n apps --ignore-not-found -o name',
      `synth --profile kind --values ${a},${c},${d}`,
      [
        `helm upgrade --install shop ${b.chart} -n apps --create-namespace`,
        `-f ${path.join(b.chart, 'values-kind.yaml')} -f ${a} -f ${c} -f ${d}`,
        '--set secrets.create=false --set secrets.existingSecret=shop-env --wait --timeout 5m',
      ].join(' '),
      'kubectl rollout status deployment/shop-frontend -n apps --timeout=5m',
      'kubectl rollout status deployment/shop-backend -n apps --timeout=5m',
      'kubectl get ingress shop-ingress -n apps --ignore-not-found -o json',
    ]);
    expect(r.calls[2].env).toEqual({ TODO_CHATBOT_RELEASE: 'shop', TODO_CHATBOT_NAMESPACE: 'apps' });
    expect(r.out).toContain('Open https://shop.local\n');
    expect(r.out).toContain('add "127.0.0.1 shop.local" to your hosts file');
  });

  it('passes --existing-secret and --context through without looking for the .env Secret', async () => {
    const b = box();
    const r = await b.run(['deploy', '--profile', 'production', '--existing-secret', 'prod-secrets', '--context', 'prod', '--timeout', '10m']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'synth --profile production',
      [
        `helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace -f ${path.join(b.chart, 'values-production.yaml')}`,
        '--set secrets.create=false --set secrets.existingSecret=prod-secrets --wait --timeout 10m --kube-context prod',
      ].join(' '),
      'kubectl --context prod rollout status deployment/todo-chatbot-frontend -n todo-chatbot --timeout=10m',
      'kubectl --context prod rollout status deployment/todo-chatbot-backend -n todo-chatbot --timeout=10m',
      'kubectl --context prod get ingress todo-chatbot-ingress -n todo-chatbot --ignore-not-found -o json',
    ]);
    expect(r.out).toContain('The release has no ingress.');
    expect(r.out).toContain('kubectl port-forward -n todo-chatbot service/todo-chatbot-frontend 3000:3000');
  });

  it('names the failed step, shows the tail and the pod states, and hints at loading the image', async () => {
    const b = box();
    const noise = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n');
    b.rules = [
      { tool: 'kubectl', args: ['config', 'current-context'], stdout: 'minikube\n' },
      { tool: 'helm', prefix: ['upgrade'], exit: 1, stderr: `${noise}\nError: UPGRADE FAILED: context deadline exceeded\n` },
      { tool: 'kubectl', prefix: ['get', 'pods'], stdout: 'todo-chatbot-backend-7d9\tErrImageNeverPull \ntodo-chatbot-frontend-5c1\t\n' },
    ];
    const r = await b.run(['deploy']);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'error: step "helm upgrade" failed (exit 1)',
      ...Array.from({ length: 9 }, (_, i) => `  | line ${i + 4}`),
      '  | Error: UPGRADE FAILED: context deadline exceeded',
      '  pod todo-chatbot-backend-7d9: ErrImageNeverPull',
      'hint: the cluster cannot find the image: run "todo-chatbot images build" and "todo-chatbot images load" (use --driver kind on kind), then deploy again',
      '',
    ]);
    expect(commandLines(r.calls).slice(-2)).toEqual([
      `helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace --wait --timeout 5m`,
      'kubectl get pods -n todo-chatbot -l app.kubernetes.io/instance=todo-chatbot -o jsonpath={range .items[*]}{.metadata.name}{"\\t"}{range .status.containerStatuses[*]}{.state.waiting.reason}{" "}{end}{"\\n"}{end}',
    ]);
  });

  it('stops at a synth error before touching the cluster', async () => {
    const b = box();
    b.rules = [{ tool: 'synth', exit: 1, stderr: 'error: frontend.port: must be a whole number from 1 to 65535\n' }];
    const r = await b.run(['deploy']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: step "synth" failed (exit 1)\n  | error: frontend.port: must be a whole number from 1 to 65535\n');
    expect(r.calls.map((c) => c.tool)).toEqual(['kubectl', 'kubectl', 'synth']);
  });

  it('suggests choosing a context when kubectl has none', async () => {
    const b = box();
    b.rules = [{ tool: 'kubectl', args: ['config', 'current-context'], exit: 1, stderr: 'error: current-context is not set\n' }];
    const r = await b.run(['deploy']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error: step "current context" failed (exit 1)\n  | error: current-context is not set\n' +
        'hint: kubectl has no cluster selected: start one with "todo-chatbot cluster up", or pick one with "kubectl config use-context NAME" (list them with "kubectl config get-contexts")\n',
    );
    expect(r.calls).toHaveLength(1);
  });

  it('hints at the ingress controller when the admission webhook is missing', async () => {
    const b = box();
    b.rules = [
      { tool: 'helm', prefix: ['upgrade'], exit: 1, stderr: 'Error: Internal error occurred: failed calling webhook "validate.nginx.ingress.kubernetes.io": connection refused\n' },
    ];
    const r = await b.run(['deploy', '--context', 'minikube']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('hint: the ingress controller is missing or not ready: on minikube run "minikube addons enable ingress"');
  });

  it('prints the plan on --dry-run and runs nothing', async () => {
    const b = box();
    const r = await b.run(['deploy', '--dry-run', '--profile', 'kind']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.err).toBe('');
    expect(r.out).toBe(
      [
        'Dry run of "todo-chatbot deploy": the commands are shown, none is run.',
        'check: current context',
        '      $ kubectl config current-context',
        '      (not run in a dry run; assuming a context is set)',
        'check: look for Secret todo-chatbot-env',
        '      $ kubectl get secret todo-chatbot-env -n todo-chatbot --ignore-not-found -o name',
        '      (not run in a dry run; assuming it does not exist, so the chart creates todo-chatbot-secrets (with it, helm gets --set secrets.create=false --set secrets.existingSecret=todo-chatbot-env))',
        '[1/4] synth',
        `      $ TODO_CHATBOT_RELEASE=todo-chatbot TODO_CHATBOT_NAMESPACE=todo-chatbot node ${path.join(b.root, 'bin', 'synth.js')} --profile kind`,
        '[2/4] helm upgrade',
        `      $ helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace -f ${path.join(b.chart, 'values-kind.yaml')} --wait --timeout 5m`,
        '[3/4] rollout of todo-chatbot-frontend',
        '      $ kubectl rollout status deployment/todo-chatbot-frontend -n todo-chatbot --timeout=5m',
        '[4/4] rollout of todo-chatbot-backend',
        '      $ kubectl rollout status deployment/todo-chatbot-backend -n todo-chatbot --timeout=5m',
        'check: read the ingress',
        '      $ kubectl get ingress todo-chatbot-ingress -n todo-chatbot --ignore-not-found -o json',
        '      (not run in a dry run; assuming the ingress host is todo.local (the default))',
        '',
      ].join('\n'),
    );
  });

  it('warns about missing tools in a dry run but still prints the plan', async () => {
    const b = box();
    const r = await b.run(['deploy', '--dry-run'], { env: { PATH: path.join(b.dir, 'empty') } });
    expect(r.code).toBe(0);
    expect(r.err).toBe(`warning: kubectl is not installed: ${installHint('kubectl')}\nwarning: helm is not installed: ${installHint('helm')}\n`);
    expect(r.out).toContain('[2/4] helm upgrade');
  });

  it('rejects a bad profile, a missing values file and a bad timeout', async () => {
    const b = box();
    const bad = await b.run(['deploy', '--profile', 'staging']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('error: deploy: --profile must be one of local, kind, production (got "staging")\nusage: todo-chatbot deploy [options]\n');
    const missing = await b.run(['deploy', '-f', 'nope.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`error: values file not found: ${path.join(b.cwd, 'nope.yaml')}\n`);
    const timeout = await b.run(['deploy', '--timeout', 'soon']);
    expect(timeout.code).toBe(2);
    expect(timeout.err.split('\n')[0]).toBe('error: deploy: --timeout must be a duration such as 5m or 300s (got "soon")');
    expect([...bad.calls, ...missing.calls, ...timeout.calls]).toEqual([]);
  });

  it('streams the checks and the tools output with --verbose', async () => {
    const b = box();
    b.rules = [{ tool: 'helm', prefix: ['upgrade'], stdout: 'Release "todo-chatbot" has been upgraded. Happy Helming!\n' }];
    const r = await b.run(['deploy', '--verbose', '--context', 'c']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('check: $ kubectl --context c get secret todo-chatbot-env -n todo-chatbot --ignore-not-found -o name\n');
    expect(r.err).toContain('Release "todo-chatbot" has been upgraded. Happy Helming!\n');
    expect(r.out).not.toContain('Happy Helming');
  });

  it('takes the release, namespace and profile from the environment', async () => {
    const b = box();
    const r = await b.run(['deploy', '--context', 'x'], { env: { TODO_CHATBOT_RELEASE: 'envrel', TODO_CHATBOT_NAMESPACE: 'envns', TODO_CHATBOT_PROFILE: 'kind' } });
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)[0]).toBe('kubectl --context x get secret envrel-env -n envns --ignore-not-found -o name');
    expect(commandLines(r.calls)[1]).toBe('synth --profile kind');
  });
});

describe('deploy without helm', () => {
  const box = useSandbox(['kubectl']);

  it('is a one-line error naming helm and how to install it', async () => {
    const r = await box().run(['deploy']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`error: helm is not installed (not found on PATH): ${installHint('helm')}\n`);
    expect(r.out).toBe('');
    expect(r.calls).toEqual([]);
  });
});
