import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './support/helm';
import { tempDir } from './support/tmp';

/** Loads a TypeScript file through bin/register.js in a fresh Node process. */
function load(file: string): string {
  const script = `require(${JSON.stringify(path.join(ROOT, 'bin', 'register.js'))}); process.stdout.write(String(require(${JSON.stringify(file)}).value));`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf-8' });
}

describe('the run-time TypeScript loader', () => {
  test('strips types, and a changed file is transpiled again rather than served from the cache', () => {
    const dir = tempDir('register');
    const file = path.join(dir, 'mod.ts');
    fs.writeFileSync(file, 'interface T { n: number }\nconst t: T = { n: 1 };\nexport const value: number = t.n;\n');
    expect(load(file)).toBe('1');
    expect(load(file)).toBe('1');
    fs.writeFileSync(file, 'export const value: string = "changed";\n');
    expect(load(file)).toBe('changed');
  });

  test('a changed JavaScript module runs its new code, not the compiled code cached for the old', () => {
    const dir = tempDir('register');
    const file = path.join(dir, 'mod.js');
    fs.writeFileSync(file, 'exports.value = "first";\n');
    expect(load(file)).toBe('first');
    expect(load(file)).toBe('first');
    fs.writeFileSync(file, 'exports.value = "second";\n');
    expect(load(file)).toBe('second');
  });
});
