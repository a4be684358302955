// The mock LLM in the chart: cdk8s-plus objects through tokens, equal in synth
// and on helm 3 and 4, valid and restricted, reachable by the backend only.
import { spawnSync } from 'child_process';
import { ConfigInput, loadConfig } from '../../lib/config';
import { compareManifests, generatedKeys } from '../support/equivalence';
import { HELM_MAJORS, helmTemplate, ROOT, valuesFile } from '../support/helm';
import { K8S_VERSIONS, validateObjects } from '../support/k8s-schema';
import { validityProblems } from '../support/k8s-validity';
import { podSecurityViolations, podSpecOf } from '../support/pod-security';
import { objectsOf } from '../support/render';

const CASES: Array<{ name: string; values: ConfigInput; port: number; pullPolicy: string }> = [
  { name: 'the defaults', values: { ai: { provider: 'mock' } }, port: 8080, pullPolicy: 'IfNotPresent' },
  {
    name: 'every mock setting, pull secrets, common labels, a registry and an OpenShift user',
    values: {
      ai: { provider: 'mock', model: 'gpt-4o-mini', mock: { image: { repository: 'python', tag: '3.12-slim', pullPolicy: 'Always' }, port: 9000, model: 'llama-mock', resources: { limits: { memory: '256Mi' } } } },
      imagePullSecrets: ['regcred', { name: 'mirror' }],
      global: { imageRegistry: 'mirror.example.com' },
      commonLabels: { team: 'chat' },
      commonAnnotations: { 'example.com/owner': 'platform' },
      // OpenShift assigns the user and group.
      backend: { podSecurityContext: { runAsUser: null, runAsGroup: null } },
    } as unknown as ConfigInput,
    port: 9000,
    pullPolicy: 'Always',
  },
];

const mockObjects = (objects: any[]) => objects.filter((o) => o.metadata.name.startsWith('todo-chatbot-mock-llm'));

describe.each(CASES)('the mock LLM with $name', ({ values, port, pullPolicy }) => {
  const synth = objectsOf({ values });

  test.each(HELM_MAJORS)('helm %i renders what synth writes', async (major) => {
    const { objects, result } = await helmTemplate(major, { release: 'todo-chatbot', namespace: 'todo-chatbot', valuesFiles: [valuesFile(values)] });
    expect(result.stderr).toBe('');
    expect(mockObjects(objects).length).toBe(4);
    expect(compareManifests(synth, objects, generatedKeys(loadConfig({ layers: [values] })))).toEqual([]);
  });

  test('valid for Kubernetes 1.28 and 1.34, restricted, with the chart\'s labels and selectors instead of cdk8s-plus\'s', () => {
    for (const version of K8S_VERSIONS) expect(validateObjects(synth, version)).toEqual([]);
    expect(synth.filter((o) => podSpecOf(o)).flatMap(podSecurityViolations)).toEqual([]);
    expect(validityProblems(synth)).toEqual([]);
    const deployment = synth.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-chatbot-mock-llm');
    const selector = { 'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/instance': 'todo-chatbot', 'app.kubernetes.io/component': 'mock-llm' };
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(synth.find((o) => o.kind === 'Service' && o.metadata.name === 'todo-chatbot-mock-llm').spec.selector).toEqual(selector);
    expect(JSON.stringify(mockObjects(synth))).not.toContain('cdk8s.io/');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.securityContext).toEqual(expect.objectContaining({ capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' }, readOnlyRootFilesystem: true }));
    expect(container.imagePullPolicy).toBe(pullPolicy);
  });

  test('only the backend reaches it, on its port; the backend needs no internet for the model', () => {
    const policy = (name: string) => synth.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `todo-chatbot-${name}`).spec;
    expect(policy('mock-llm').ingress).toEqual([{ from: [{ podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/component': 'backend' }) } }], ports: [{ protocol: 'TCP', port }] }]);
    expect(policy('mock-llm').egress).toBeUndefined();
    const egress = policy('backend').egress;
    expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/component': 'mock-llm' }) } }], ports: [{ protocol: 'TCP', port }] });
    expect(JSON.stringify(egress)).not.toContain('0.0.0.0/0');
    const config = synth.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'todo-chatbot-config');
    expect(config.data['ai-base-url']).toBe(`http://todo-chatbot-mock-llm:${port}/v1`);
    // OpenAI clients want some key; no real one is needed or read.
    const env = synth.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-chatbot-backend').spec.template.spec.containers[0].env;
    expect(env.filter((e: any) => /API_KEY$/.test(e.name))).toEqual([{ name: 'OPENAI_API_KEY', value: 'mock-llm-takes-any-key' }, { name: 'GROQ_API_KEY', value: 'mock-llm-takes-any-key' }]);
  });
});

test('no mock with another provider, or with a URL of another mock', () => {
  expect(mockObjects(objectsOf({ values: { ai: { provider: 'groq' } } }))).toEqual([]);
  expect(mockObjects(objectsOf({ values: { ai: { provider: 'mock', baseUrl: 'http://my-mock:8080/v1' } } }))).toEqual([]);
});

test('a synth without the mock never loads cdk8s-plus; packaging the chart builds the mock all the same', () => {
  const loads = (values: ConfigInput, packaged: boolean) => {
    const script = [
      "require('./bin/register');",
      "const { render } = require('./lib/synth.ts');",
      `const r = render({ root: process.cwd(), valuesFiles: [${JSON.stringify(valuesFile(values))}], generate: () => 'g' });`,
      'const kinds = r.objects.map((o) => o.kind);',
      `const files = ${packaged} ? [...r.chart.keys()].filter((f) => f.includes('mock-llm')) : [];`,
      "console.log(JSON.stringify({ plus: Object.keys(require.cache).some((k) => k.includes('cdk8s-plus-28')), deployments: kinds.filter((k) => k === 'Deployment').length, files }));",
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf-8' });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  };
  expect(loads({}, false)).toEqual({ plus: false, deployments: 2, files: [] });
  expect(loads({ ai: { provider: 'mock' } }, false)).toEqual({ plus: true, deployments: 3, files: [] });
  expect(loads({}, true).files.sort()).toEqual(['files/mock-llm/server.py', 'templates/mock-llm/config.yaml', 'templates/mock-llm/deployment.yaml', 'templates/mock-llm/service.yaml', 'templates/network-policies/mock-llm.yaml']);
});
