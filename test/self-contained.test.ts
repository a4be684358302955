// The repository carries everything its tests and scripts read, and keeps
// secret-bearing files out of git.
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { readSchemaText, schemaFile, vendoredVersions } from '../scripts/k8s-schemas';
import { ROOT } from './support/helm';
import { K8S_VERSIONS } from './support/k8s-schema';
import { tempDir } from './support/tmp';

const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf-8' });

describe('vendored Kubernetes API definitions', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'schemas', 'k8s', 'README.md'), 'utf-8');

  test('every version the tests validate against is vendored, and nothing else', () => {
    expect(vendoredVersions()).toEqual([...K8S_VERSIONS]);
  });

  test.each(K8S_VERSIONS)('%s is intact: its SHA-256 is the one schemas/k8s/README.md records', (version) => {
    const sum = createHash('sha256').update(readSchemaText(version)).digest('hex');
    const recorded = new RegExp(`\\| \`v${version.replace(/\./g, '\\.')}-definitions\\.json\` \\| \`([0-9a-f]{64})\` \\|`).exec(readme);
    expect(recorded?.[1]).toBe(sum);
    expect(fs.statSync(schemaFile(version)).size).toBeLessThan(1024 * 1024);
  });

  test('npm run import regenerates imports/k8s.ts from the vendored 1.28.0 definitions, byte for byte', () => {
    const out = tempDir('import');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'import-k8s.js'), '1.28.0', '--outdir', out], { cwd: ROOT, stdio: 'pipe' });
    const generated = fs.readFileSync(path.join(out, 'k8s.ts'), 'utf-8');
    expect(generated === fs.readFileSync(path.join(ROOT, 'imports', 'k8s.ts'), 'utf-8')).toBe(true);
  });

  test('lib/config/k8s-value-types.json is what scripts/k8s-value-types.js makes of the vendored 1.28.0 definitions', () => {
    const out = path.join(tempDir('value-types'), 'types.json');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'k8s-value-types.js'), '--out', out], { cwd: ROOT, stdio: 'pipe' });
    expect(fs.readFileSync(out, 'utf-8') === fs.readFileSync(path.join(ROOT, 'lib', 'config', 'k8s-value-types.json'), 'utf-8')).toBe(true);
  });

  test('a version that is not vendored is a one-line error', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'import-k8s.js'), '1.99.0', '--outdir', tempDir('import')], { cwd: ROOT, encoding: 'utf-8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^import: no vendored Kubernetes 1\.99\.0 definitions: .*v1\.99\.0-definitions\.json\.gz is missing \(vendored: 1\.28\.0, 1\.34\.0\)$/);
  });
});

describe('the git repository', () => {
  test('no tracked file refers to a folder beside the repository', () => {
    // Built from parts so this file does not match itself.
    const outside = ['..', 'shared'].join('/');
    const hits = git('ls-files', '-z', '--cached', '--others', '--exclude-standard')
      .split('\0')
      .filter((f) => f && fs.existsSync(path.join(ROOT, f)) && !f.endsWith('.gz'))
      .filter((f) => fs.readFileSync(path.join(ROOT, f), 'utf-8').includes(outside));
    expect(hits).toEqual([]);
  });

  test.each(['.env', 'prod.env', '.env.local', '.env.production', 'deploy/staging.env'])('%s is ignored: it holds secret values', (file) => {
    expect(spawnSync('git', ['check-ignore', '--no-index', '-q', file], { cwd: ROOT }).status).toBe(0);
  });

  test.each(['.env.example', 'prod.env.example', 'prod.yaml', 'helm/todo-chatbot/values.yaml'])('%s is not ignored', (file) => {
    expect(spawnSync('git', ['check-ignore', '--no-index', '-q', file], { cwd: ROOT }).status).toBe(1);
  });
});
