// Re-applying dist/ must not rotate generated secrets: they are kept in a
// local state file per namespace and release.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { STATE_FILE } from '../lib/generated-secrets';
import { synthesize, SynthOptions } from '../lib/synth';
import { parseManifests, ROOT, valuesFile } from './support/helm';
import { tempDir } from './support/tmp';

function options(dir: string, extra: Partial<SynthOptions> = {}): SynthOptions {
  return { root: ROOT, outdir: path.join(dir, 'dist'), chartDir: path.join(dir, 'chart'), stateFile: path.join(dir, 'state.json'), backupDir: path.join(dir, 'backup'), ...extra };
}

/** The decoded data of the app Secret in the written manifests. */
function secretData(dir: string): Record<string, string> {
  const objects = parseManifests(fs.readFileSync(path.join(dir, 'dist', 'todo-chatbot.k8s.yaml'), 'utf-8'));
  const secret = objects.find((o) => o.kind === 'Secret');
  return Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
}

describe('generated secrets of the plain manifests', () => {
  test('the same release and namespace get the same values on every synth; the file is private', () => {
    const dir = tempDir('generated');
    synthesize(options(dir));
    const first = secretData(dir)['auth-secret'];
    expect(first).toMatch(/^[A-Za-z0-9]{48}$/);
    synthesize(options(dir));
    expect(secretData(dir)['auth-secret']).toBe(first);
    expect(fs.statSync(path.join(dir, 'state.json')).mode & 0o777).toBe(0o600);
  });

  test('another namespace or release gets its own value, and the first one is still kept', () => {
    const dir = tempDir('generated');
    synthesize(options(dir));
    const first = secretData(dir)['auth-secret'];
    synthesize(options(dir, { namespace: 'team-b' }));
    const other = secretData(dir)['auth-secret'];
    expect(other).not.toBe(first);
    synthesize(options(dir, { release: 'shop' }));
    expect(secretData(dir)['auth-secret']).not.toBe(first);
    synthesize(options(dir));
    expect(secretData(dir)['auth-secret']).toBe(first);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf-8')))).toEqual(
      expect.arrayContaining(['todo-chatbot/todo-chatbot/todo-chatbot-secrets/auth-secret', 'team-b/todo-chatbot/todo-chatbot-secrets/auth-secret', 'todo-chatbot/shop/shop-secrets/auth-secret']),
    );
  });

  test('the PostgreSQL password stays too, and the database URL keeps pairing it with the data', () => {
    const dir = tempDir('generated');
    const postgres = options(dir, { valuesFiles: [valuesFile({ database: { mode: 'postgres' } })] });
    synthesize(postgres);
    const first = secretData(dir);
    expect(first['postgres-password']).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(first['database-url']).toContain(`:${first['postgres-password']}@`);
    synthesize(postgres);
    expect(secretData(dir)).toEqual(first);
  });

  test('a value given in the configuration is used and not stored', () => {
    const dir = tempDir('generated');
    synthesize(options(dir, { valuesFiles: [valuesFile({ secrets: { authSecret: 'from-values', postgresPassword: 'pw' } })] }));
    expect(secretData(dir)['auth-secret']).toBe('from-values');
    expect(fs.existsSync(path.join(dir, 'state.json'))).toBe(false);
  });

  test('a failed synth writes no state', () => {
    const dir = tempDir('generated');
    expect(() => synthesize(options(dir, { valuesFiles: [valuesFile({ backend: { replicaCount: 2 } })] }))).toThrow(/backend\.replicaCount/);
    expect(fs.existsSync(path.join(dir, 'state.json'))).toBe(false);
  });

  test('a damaged state file is a one-line error that says how to recover, and nothing is written', () => {
    const dir = tempDir('generated');
    fs.writeFileSync(path.join(dir, 'state.json'), '{"a": 1}');
    expect(() => synthesize(options(dir))).toThrow(/^generated secrets file .*state\.json: not a JSON object of strings; fix it, or delete it to generate new values \(this logs users out\)$/);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('npx cdk8s synth keeps the file in the project by default, and git ignores it', () => {
    expect(STATE_FILE).toBe(path.join('.todo-chatbot', 'generated-secrets.json'));
    expect(spawnSync('git', ['check-ignore', '--no-index', '-q', STATE_FILE], { cwd: ROOT }).status).toBe(0);
  });
});
