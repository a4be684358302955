/**
 * Temporary folders for the tests of one file: made on demand and removed
 * when that file's tests end, so a test run leaves nothing behind.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const made: string[] = [];

// Jest loads this module once per test file, so each file removes its own folders.
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder under the OS temp folder, removed after the current test file. */
export function tempDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`)));
  made.push(dir);
  return dir;
}

let shared: string | undefined;

/** One folder for the whole test file, for small files written by many tests. */
export function fileDir(): string {
  shared ??= tempDir('todo-test');
  return shared;
}

let files = 0;

/** Writes text to a new file in the test file's folder; `name` ends the file name (e.g. values.yaml). */
export function tempFile(name: string, text: string): string {
  const file = path.join(fileDir(), `${++files}-${name}`);
  fs.writeFileSync(file, text);
  return file;
}
