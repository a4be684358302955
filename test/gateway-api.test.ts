// The vendored Gateway API CRDs, the HTTPRoute classes generated from them, and
// the strict HTTPRoute validator the tests use.
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../imports/gateway.networking.k8s.io';
import { CRD_FILE, GATEWAY_API_VERSION, readCrdText } from '../scripts/gateway-api-schemas';
import { validateHttpRoute } from './support/gateway-api-schema';
import { ROOT } from './support/helm';
import { tempDir } from './support/tmp';

const IMPORTED = path.join(ROOT, 'imports', 'gateway.networking.k8s.io.ts');

describe('vendored Gateway API CRDs', () => {
  test('the file is intact: its SHA-256 is the one schemas/gateway-api/README.md records, and it is under 1 MiB', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'schemas', 'gateway-api', 'README.md'), 'utf-8');
    const sum = createHash('sha256').update(readCrdText()).digest('hex');
    const name = `v${GATEWAY_API_VERSION}-standard-install.yaml`.replace(/\./g, '\\.');
    const recorded = new RegExp(`\\| \`${name}\` \\| \`([0-9a-f]{64})\` \\|`).exec(readme);
    expect(recorded?.[1]).toBe(sum);
    expect(fs.statSync(CRD_FILE).size).toBeLessThan(1024 * 1024);
  });

  test('scripts/import-gateway-api.js regenerates imports/gateway.networking.k8s.io.ts, byte for byte', () => {
    const out = tempDir('import');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'import-gateway-api.js'), '--outdir', out], {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
    const generated = fs.readFileSync(path.join(out, 'gateway.networking.k8s.io.ts'), 'utf-8');
    expect(generated === fs.readFileSync(IMPORTED, 'utf-8')).toBe(true);
  });
});

/** A route as the app would publish it: /api to the backend, the rest to the frontend. */
function route(): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'todo-chatbot', namespace: 'todo', labels: { app: 'todo-chatbot' } },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway', sectionName: 'https' }],
      hostnames: ['todo.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
          backendRefs: [{ kind: 'Service', name: 'todo-chatbot-backend', port: 8000 }],
        },
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ kind: 'Service', name: 'todo-chatbot-frontend', port: 3000 }],
        },
      ],
    },
  };
}

describe('validateHttpRoute', () => {
  test('accepts a realistic route', () => {
    expect(validateHttpRoute(route())).toEqual([]);
  });

  const bad: [string, (r: any) => void, RegExp][] = [
    ['a misspelt field', (r) => { r.spec.hostname = r.spec.hostnames; }, /\/spec\/hostname: unknown field/],
    ['a port given as a string', (r) => { r.spec.rules[0].backendRefs[0].port = '8000'; }, /\/spec\/rules\/0\/backendRefs\/0\/port: must be integer/],
    ['an unknown apiVersion', (r) => { r.apiVersion = 'gateway.networking.k8s.io/v2'; }, /\/apiVersion: must be "gateway\.networking\.k8s\.io\/v1" \(got "gateway\.networking\.k8s\.io\/v2"\)/],
    ['an unknown kind', (r) => { r.kind = 'HttpRoute'; }, /\/kind: must be "HTTPRoute" \(got "HttpRoute"\)/],
    ['no metadata.name', (r) => { delete r.metadata.name; }, /\/metadata\/name: must be a non-empty string/],
    ['a path type not in the enum', (r) => { r.spec.rules[1].matches[0].path.type = 'Prefix'; }, /\/spec\/rules\/1\/matches\/0\/path\/type: must be one of .*"PathPrefix".*\(got "Prefix"\)/],
    ['an unknown field deep inside', (r) => { r.spec.parentRefs[0].section = 'https'; }, /\/spec\/parentRefs\/0\/section: unknown field/],
  ];

  test.each(bad)('refuses %s, naming the path', (_what, spoil, message) => {
    const r = route();
    spoil(r);
    const errors = validateHttpRoute(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });
});

describe('the generated HttpRoute class', () => {
  test('synthesises a route the strict validator accepts', () => {
    // An app whose output folder is the tests' own temp folder, removed after the file (Testing.chart() leaves one behind).
    const chart = new Chart(new App({ outdir: tempDir('route-app') }), 'test');
    const want = route();
    new HttpRoute(chart, 'route', {
      metadata: want.metadata,
      spec: {
        parentRefs: want.spec.parentRefs,
        hostnames: want.spec.hostnames,
        rules: [
          {
            matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/api' } }],
            backendRefs: [{ kind: 'Service', name: 'todo-chatbot-backend', port: 8000 }],
          },
          {
            matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
            backendRefs: [{ kind: 'Service', name: 'todo-chatbot-frontend', port: 3000 }],
          },
        ],
      },
    });
    const objects = Testing.synth(chart);
    expect(objects).toHaveLength(1);
    expect(validateHttpRoute(objects[0])).toEqual([]);
    expect(objects[0]).toEqual(want);
  });
});
