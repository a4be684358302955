import * as path from 'path';
import { installHint } from '../../lib/cli/tools';
import { loadConfig, warningsFor } from '../../lib/config';
import { commandLines, useSandbox } from './support';

/** The names of a Secret's non-empty keys, never the values. */
const KEY_NAMES = 'go-template={{range $k, $v := .data}}{{if $v}}{{$k}}{{"\\n"}}{{end}}{{end}}';
/** How the plan shows that argument (quoted for a POSIX shell). */
const KEY_NAMES_SHOWN = `'${KEY_NAMES}'`;
/** The warnings of the default configuration (groq without a key), as deploy prints them. */
const LOCAL_WARNINGS = warningsFor(loadConfig()).map((w) => `warning: ${w}\n`).join('');

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
    expect(r.err).toBe(LOCAL_WARNINGS);
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
    expect(r.out).toContain('App secrets: Secret todo-chatbot-secrets (the chart creates it from the values)\n[1/4] synth\n');
    expect(r.out).toContain('[2/4] helm upgrade\n');
    expect(r.out).toContain(`$ helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace --wait --timeout 5m\n`);
    expect(r.out).toContain('Open http://todo.local\n');
    expect(r.out).toContain('"minikube ip -p minikube"');
    expect(r.out).toContain('run "minikube tunnel -p minikube" in another terminal');
  });

  it('layers the kind profile and user values, and uses the .env Secret when it exists', async () => {
    const b = box();
    const a = b.write('a.yaml', 'backend:\n  env:\n    LOG_LEVEL: debug\n');
    const c = b.write('conf/c.yaml', 'ai:\n  model: llama-3.1-8b-instant\n');
    const d = b.write('d.yaml', 'frontend:\n  replicaCount: 2\n');
    b.rules = [
      { tool: 'kubectl', args: ['config', 'current-context'], stdout: 'kind-todo-chatbot\n' },
      { tool: 'kubectl', args: ['get', 'secret', 'shop-env', '-n', 'apps', '-o', KEY_NAMES], stdout: 'auth-secret\ngroq-api-key\n' },
      { tool: 'kubectl', prefix: ['get', 'secret', 'shop-env'], stdout: 'secret/shop-env\n' },
      { tool: 'kubectl', prefix: ['get', 'ingress'], stdout: JSON.stringify({ spec: { rules: [{ host: 'shop.local' }], tls: [{ secretName: 't' }] } }) },
    ];
    const r = await b.run(['deploy', '--profile', 'kind', '-f', 'a.yaml', '--values', 'conf/c.yaml,d.yaml', '--release', 'shop', '-n', 'apps']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'kubectl config current-context',
      'kubectl get secret shop-env -n apps --ignore-not-found -o name',
      `kubectl get secret shop-env -n apps -o ${KEY_NAMES}`,
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
    expect(r.calls[3].env).toEqual({ TODO_CHATBOT_RELEASE: 'shop', TODO_CHATBOT_NAMESPACE: 'apps' });
    expect(r.out).toContain('App secrets: Secret shop-env (found in namespace apps; made by "todo-chatbot secrets apply")\n');
    expect(r.out).toContain('Open https://shop.local\n');
    expect(r.out).toContain('add "127.0.0.1 shop.local" to your hosts file');
  });

  it('passes --existing-secret and --context through without looking for the .env Secret', async () => {
    const b = box();
    b.rules = [{ tool: 'kubectl', prefix: ['--context', 'prod', 'get', 'secret', 'prod-secrets'], stdout: 'auth-secret\ndatabase-url\ngroq-api-key\n' }];
    const r = await b.run(['deploy', '--profile', 'production', '--existing-secret', 'prod-secrets', '--context', 'prod', '--timeout', '10m']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      `kubectl --context prod get secret prod-secrets -n todo-chatbot -o ${KEY_NAMES}`,
      'synth --profile production',
      [
        `helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace -f ${path.join(b.chart, 'values-production.yaml')}`,
        '--set secrets.create=false --set secrets.existingSecret=prod-secrets --wait --timeout 10m --kube-context prod',
      ].join(' '),
      'kubectl --context prod rollout status deployment/todo-chatbot-frontend -n todo-chatbot --timeout=10m',
      'kubectl --context prod rollout status deployment/todo-chatbot-backend -n todo-chatbot --timeout=10m',
      'kubectl --context prod get ingress todo-chatbot-ingress -n todo-chatbot --ignore-not-found -o json',
    ]);
    expect(r.out).toContain('App secrets: Secret prod-secrets (from --existing-secret)\n');
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
      ...LOCAL_WARNINGS.trimEnd().split('\n'),
      'error: step "helm upgrade" failed (exit 1)',
      ...Array.from({ length: 9 }, (_, i) => `  | line ${i + 4}`),
      '  | Error: UPGRADE FAILED: context deadline exceeded',
      '  pod todo-chatbot-backend-7d9: ErrImageNeverPull',
      'hint: the cluster cannot find the image: run "todo-chatbot images build" and "todo-chatbot images load" (use --driver kind on kind), then deploy again',
      '',
    ]);
    expect(commandLines(r.calls).slice(-2)).toEqual([
      `helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace --wait --timeout 5m`,
      'kubectl get pods -n todo-chatbot -l app.kubernetes.io/instance=todo-chatbot -o jsonpath={range .items[*]}{.metadata.name}{"\\t"}' +
        '{range .status.containerStatuses[*]}{.state.waiting.reason}{" "}{end}{"\\t"}{range .status.conditions[?(@.reason=="Unschedulable")]}{.message}{end}{"\\n"}{end}',
    ]);
  });

  it('names a pod no node has room for, with the scheduler\'s reason, and hints at resources rather than the image', async () => {
    const b = box();
    b.rules = [
      { tool: 'kubectl', args: ['config', 'current-context'], stdout: 'minikube\n' },
      { tool: 'helm', prefix: ['upgrade'], exit: 1, stderr: 'Error: UPGRADE FAILED: context deadline exceeded\n' },
      {
        tool: 'kubectl', prefix: ['get', 'pods'],
        stdout: 'todo-chatbot-backend-7d9\t\t0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available.\ntodo-chatbot-frontend-5c1\t\t\n',
      },
    ];
    const r = await b.run(['deploy']);
    expect(r.code).toBe(1);
    const lines = r.err.split('\n');
    expect(lines).toContain('  pod todo-chatbot-backend-7d9: Unschedulable (0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available.)');
    expect(lines.filter((l) => l.includes('todo-chatbot-frontend'))).toEqual([]);
    expect(lines.find((l) => l.startsWith('hint: '))).toMatch(/^hint: no node has room for a pod or matches its constraints .*lower the requests under resources/);
  });

  it('stops at a synth error before touching the cluster', async () => {
    const b = box();
    b.rules = [{ tool: 'synth', exit: 1, stderr: 'error: frontend.port: must be a whole number from 1 to 65535\n' }];
    const r = await b.run(['deploy']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${LOCAL_WARNINGS}error: step "synth" failed (exit 1)\n  | error: frontend.port: must be a whole number from 1 to 65535\n`);
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

  /** The lines of a dry run from the synth step to the end, which every profile shares but for the profile file. */
  function planSteps(b: ReturnType<typeof box>, profile: string, helmExtra: string): string[] {
    return [
      '[1/4] synth',
      `      $ TODO_CHATBOT_RELEASE=todo-chatbot TODO_CHATBOT_NAMESPACE=todo-chatbot node ${path.join(b.root, 'bin', 'synth.js')} --profile ${profile}`,
      '[2/4] helm upgrade',
      `      $ helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace ${helmExtra}--wait --timeout 5m`,
      '[3/4] rollout of todo-chatbot-frontend',
      '      $ kubectl rollout status deployment/todo-chatbot-frontend -n todo-chatbot --timeout=5m',
      '[4/4] rollout of todo-chatbot-backend',
      '      $ kubectl rollout status deployment/todo-chatbot-backend -n todo-chatbot --timeout=5m',
      'check: read the ingress',
      '      $ kubectl get ingress todo-chatbot-ingress -n todo-chatbot --ignore-not-found -o json',
    ];
  }

  const DRY_RUN_START = [
    'Dry run of "todo-chatbot deploy": the commands are shown, none is run.',
    'check: current context',
    '      $ kubectl config current-context',
    '      (not run in a dry run; assuming a context is set)',
  ];

  const ENV_LOOKUP = [
    'check: look for Secret todo-chatbot-env',
    '      $ kubectl get secret todo-chatbot-env -n todo-chatbot --ignore-not-found -o name',
    '      (not run in a dry run; assuming it does not exist, so the chart creates todo-chatbot-secrets (with it, helm gets --set secrets.create=false --set secrets.existingSecret=todo-chatbot-env))',
    'App secrets: Secret todo-chatbot-secrets (the chart creates it from the values)',
  ];

  it.each([
    { profile: 'local', args: [], valuesFile: undefined },
    { profile: 'kind', args: ['--profile', 'kind'], valuesFile: 'values-kind.yaml' },
  ])('prints the $profile plan on --dry-run, with the default host and the values warning, and runs nothing', async ({ profile, args, valuesFile }) => {
    const b = box();
    const r = await b.run(['deploy', '--dry-run', ...args]);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.err).toBe(LOCAL_WARNINGS);
    expect(r.out).toBe(
      [
        ...DRY_RUN_START,
        ...ENV_LOOKUP,
        ...planSteps(b, profile, valuesFile ? `-f ${path.join(b.chart, valuesFile)} ` : ''),
        '      (not run in a dry run; assuming it serves http://todo.local (ingress.host, without TLS))',
        '',
      ].join('\n'),
    );
  });

  it('prints the production plan with its own Secret, its key check and its TLS host', async () => {
    const b = box();
    const r = await b.run(['deploy', '--dry-run', '--profile', 'production']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.err).toBe('');
    expect(r.out).toBe(
      [
        ...DRY_RUN_START,
        'App secrets: Secret todo-chatbot-secrets (secrets.existingSecret in the values; --existing-secret NAME picks another)',
        'check: keys of Secret todo-chatbot-secrets',
        `      $ kubectl get secret todo-chatbot-secrets -n todo-chatbot -o ${KEY_NAMES_SHOWN}`,
        '      (not run in a dry run; assuming it exists and has a non-empty groq-api-key key)',
        ...planSteps(b, 'production', `-f ${path.join(b.chart, 'values-production.yaml')} `),
        '      (not run in a dry run; assuming it serves https://todo.example.com (ingress.host, with TLS))',
        '',
      ].join('\n'),
    );
    expect(r.out).not.toContain('todo.local');
    expect(r.out).not.toContain('todo-chatbot-env');
  });

  it('names <fullname>-secrets and <fullname>-* objects with fullnameOverride, and says when there is no ingress', async () => {
    const b = box();
    const v = b.write('v.yaml', 'fullnameOverride: shop\ningress:\n  enabled: false\nai:\n  provider: mock\n');
    const r = await b.run(['deploy', '--dry-run', '-f', 'v.yaml', '--release', 'rel']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain(
      [
        'check: look for Secret rel-env',
        '      $ kubectl get secret rel-env -n todo-chatbot --ignore-not-found -o name',
        '      (not run in a dry run; assuming it does not exist, so the chart creates shop-secrets (with it, helm gets --set secrets.create=false --set secrets.existingSecret=rel-env))',
        'App secrets: Secret shop-secrets (the chart creates it from the values)',
        '[1/4] synth',
      ].join('\n'),
    );
    expect(r.out).toContain(`-f ${v} --wait --timeout 5m\n`);
    expect(r.out).toContain('      $ kubectl rollout status deployment/shop-frontend -n todo-chatbot --timeout=5m\n');
    expect(r.out).toContain(
      '      $ kubectl get ingress shop-ingress -n todo-chatbot --ignore-not-found -o json\n      (not run in a dry run; assuming there is none (ingress.enabled is false))\n',
    );
  });

  it('says the Secret must exist when secrets.create is false, and still looks for <release>-env', async () => {
    const b = box();
    b.write('v.yaml', 'secrets:\n  create: false\n');
    const r = await b.run(['deploy', '--dry-run', '-f', 'v.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '(not run in a dry run; assuming it does not exist, so the release uses todo-chatbot-secrets, which must exist (secrets.create is false) (with it,',
    );
    expect(r.out).toContain(
      [
        'App secrets: Secret todo-chatbot-secrets (secrets.create is false, so it must exist already)',
        'check: keys of Secret todo-chatbot-secrets',
        `      $ kubectl get secret todo-chatbot-secrets -n todo-chatbot -o ${KEY_NAMES_SHOWN}`,
      ].join('\n'),
    );
  });

  it('stops at invalid values with the one-line configuration error, before anything runs', async () => {
    const b = box();
    b.write('bad.yaml', 'frontend:\n  replicas: 3\n');
    for (const argv of [['deploy', '-f', 'bad.yaml'], ['deploy', '--dry-run', '-f', 'bad.yaml']]) {
      const r = await b.run(argv);
      expect(r.code).toBe(1);
      expect(r.calls).toEqual([]);
      expect(r.err).toMatch(/^error: unknown key "frontend\.replicas"; did you mean "replicaCount"\? \(allowed keys: [^\n]+\)\n$/);
      expect(r.out).not.toContain('[1/4]');
    }
  });

  it('keeps the Secret the values name instead of <release>-env, and --existing-secret overrides both', async () => {
    const b = box();
    const v = b.write('v.yaml', 'secrets:\n  create: false\n  existingSecret: my-app-secret\n');
    b.rules = [{ tool: 'kubectl', prefix: ['--context', 'c', 'get', 'secret', 'my-app-secret'], stdout: 'groq-api-key\n' }];
    const r = await b.run(['deploy', '-f', 'v.yaml', '--context', 'c']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(commandLines(r.calls).slice(0, 3)).toEqual([
      `kubectl --context c get secret my-app-secret -n todo-chatbot -o ${KEY_NAMES}`,
      `synth --profile local --values ${v}`,
      `helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace -f ${v} --wait --timeout 5m --kube-context c`,
    ]);
    expect(r.out).toContain('App secrets: Secret my-app-secret (secrets.existingSecret in the values; --existing-secret NAME picks another)\n');
    const flag = await b.run(['deploy', '-f', 'v.yaml', '--context', 'c', '--existing-secret', 'todo-chatbot-env']);
    expect(commandLines(flag.calls)[2]).toBe(
      `helm upgrade --install todo-chatbot ${b.chart} -n todo-chatbot --create-namespace -f ${v} --set secrets.create=false --set secrets.existingSecret=todo-chatbot-env --wait --timeout 5m --kube-context c`,
    );
  });

  it('prints the configured host when the live ingress cannot be read', async () => {
    const b = box();
    b.rules = [{ tool: 'kubectl', prefix: ['--context', 'prod', 'get', 'ingress'], exit: 1, stderr: 'Error from server (Forbidden): ingresses.networking.k8s.io is forbidden\n' }];
    const r = await b.run(['deploy', '--profile', 'production', '--context', 'prod']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Open https://todo.example.com\n  (the host and TLS setting in the values: the ingress could not be read: Error from server (Forbidden): ingresses.networking.k8s.io is forbidden)\n',
    );
  });

  it('warns about missing tools in a dry run but still prints the plan', async () => {
    const b = box();
    const r = await b.run(['deploy', '--dry-run'], { env: { PATH: path.join(b.dir, 'empty') } });
    expect(r.code).toBe(0);
    expect(r.err).toBe(`warning: kubectl is not installed: ${installHint('kubectl')}\nwarning: helm is not installed: ${installHint('helm')}\n${LOCAL_WARNINGS}`);
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

  it('gives helm the TODO_CHATBOT_VALUES files that synth reads, before the -f files', async () => {
    const b = box();
    const env = b.write('env.yaml', 'ai:\n  provider: mock\n');
    const flag = b.write('flag.yaml', 'frontend:\n  replicaCount: 2\n');
    const r = await b.run(['deploy', '--context', 'x', '-f', 'flag.yaml'], { env: { TODO_CHATBOT_VALUES: 'env.yaml' } });
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(commandLines(r.calls)).toContain(`synth --profile local --values ${env},${flag}`);
    expect(commandLines(r.calls).find((l) => l.startsWith('helm '))).toContain(`-f ${env} -f ${flag} `);
  });
});

describe('deploy warnings', () => {
  const box = useSandbox();

  it('warns before running when the provider is groq and the values have no key', async () => {
    const b = box();
    const r = await b.run(['deploy', '--context', 'c']);
    expect(r.code).toBe(0);
    expect(LOCAL_WARNINGS).toMatch(/^warning: ai\.provider is "groq" but secrets\.groqApiKey is empty[^\n]*\n$/);
    expect(r.err).toBe(LOCAL_WARNINGS);
  });

  it('does not warn with ai.provider=mock from a values file, nor read any Secret keys', async () => {
    const b = box();
    b.write('mock.yaml', 'ai:\n  provider: mock\n');
    b.rules = [{ tool: 'kubectl', prefix: ['--context', 'c', 'get', 'secret', 'todo-chatbot-env'], stdout: 'secret/todo-chatbot-env\n' }];
    const r = await b.run(['deploy', '--context', 'c', '-f', 'mock.yaml']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(commandLines(r.calls).filter((l) => l.includes('go-template'))).toEqual([]);
  });

  it('warns in one line when the Secret it found lacks the provider key, reading key names only', async () => {
    const b = box();
    b.write('openai.yaml', 'ai:\n  provider: openai\n');
    b.rules = [
      { tool: 'kubectl', args: ['--context', 'c', 'get', 'secret', 'todo-chatbot-env', '-n', 'todo-chatbot', '-o', KEY_NAMES], stdout: 'auth-secret\ngroq-api-key\n' },
      { tool: 'kubectl', prefix: ['--context', 'c', 'get', 'secret', 'todo-chatbot-env'], stdout: 'secret/todo-chatbot-env\n' },
    ];
    const r = await b.run(['deploy', '--context', 'c', '-f', 'openai.yaml']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'warning: ai.provider is "openai" but Secret todo-chatbot-env has no openai-api-key key (or it is empty), so chat answers will fail: ' +
        'add OPENAI_API_KEY to the .env file and run "todo-chatbot secrets apply --from-env-file FILE", or use ai.provider=mock to run without a key\n',
    );
    const lines = commandLines(r.calls);
    expect(lines.indexOf(`kubectl --context c get secret todo-chatbot-env -n todo-chatbot -o ${KEY_NAMES}`)).toBeLessThan(lines.findIndex((l) => l.startsWith('synth')));
    expect(lines.filter((l) => /-o (json|yaml|jsonpath)/.test(l) && l.includes('secret'))).toEqual([]);
  });

  it('does not warn when the found Secret has the key', async () => {
    const b = box();
    b.rules = [
      { tool: 'kubectl', args: ['--context', 'c', 'get', 'secret', 'todo-chatbot-env', '-n', 'todo-chatbot', '-o', KEY_NAMES], stdout: 'auth-secret\ngroq-api-key\n' },
      { tool: 'kubectl', prefix: ['--context', 'c', 'get', 'secret', 'todo-chatbot-env'], stdout: 'secret/todo-chatbot-env\n' },
    ];
    const r = await b.run(['deploy', '--context', 'c']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(commandLines(r.calls)).toContain(`kubectl --context c get secret todo-chatbot-env -n todo-chatbot -o ${KEY_NAMES}`);
    expect(commandLines(r.calls)[2]).toBe('synth --profile local');
  });

  it('warns when the Secret named by the values does not exist, and says how to use the .env Secret', async () => {
    const b = box();
    b.rules = [{ tool: 'kubectl', prefix: ['--context', 'prod', 'get', 'secret'], exit: 1, stderr: 'Error from server (NotFound): secrets "todo-chatbot-secrets" not found\n' }];
    const r = await b.run(['deploy', '--context', 'prod', '--profile', 'production']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'warning: Secret todo-chatbot-secrets does not exist in namespace todo-chatbot, so the pods will not start: create it, or write todo-chatbot-env ' +
        'with "todo-chatbot secrets apply --from-env-file FILE" and deploy with --existing-secret todo-chatbot-env\n',
    );
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
