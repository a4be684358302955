/**
 * Writes output folders all at once: into a temporary sibling first, then
 * swapped in, so a failure never leaves a half-written folder. The last good
 * output is kept aside, because `cdk8s synth` deletes its output folder before
 * running the app; a failed synth restores it.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const SOURCE = '.source';

function backupDir(stateDir: string, dir: string): string {
  const key = crypto.createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
  return path.join(stateDir, 'last-good', key);
}

/** Drops the backups of output folders that no longer exist (e.g. a removed `-o` folder). */
function pruneBackups(stateDir: string): void {
  const root = path.join(stateDir, 'last-good');
  for (const key of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const source = path.join(root, key, SOURCE);
    if (!fs.existsSync(source) || !fs.existsSync(fs.readFileSync(source, 'utf-8'))) fs.rmSync(path.join(root, key), { recursive: true, force: true });
  }
}

function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [rel, content] of files) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** Whether `dir` holds exactly `files` already. */
function holdsExactly(dir: string, files: ReadonlyMap<string, string>): boolean {
  const present = readDir(dir);
  return present.size === files.size && [...files].every(([rel, content]) => present.get(rel) === content);
}

/** Replaces `dir` with exactly `files`, in one rename; a folder that already holds them is left alone. */
export function replaceDir(dir: string, files: ReadonlyMap<string, string>, stateDir?: string): void {
  if (!holdsExactly(dir, files)) swapIn(dir, files);
  if (stateDir) {
    const backup = backupDir(stateDir, dir);
    if (!holdsExactly(backup, new Map([...files, [SOURCE, path.resolve(dir)]]))) {
      fs.rmSync(backup, { recursive: true, force: true });
      writeFiles(backup, files);
      fs.writeFileSync(path.join(backup, SOURCE), path.resolve(dir));
    }
    pruneBackups(stateDir);
  }
}

function swapIn(dir: string, files: ReadonlyMap<string, string>): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  const old = `${dir}.old-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  writeFiles(tmp, files);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const existed = fs.existsSync(dir);
  if (existed) fs.renameSync(dir, old);
  try {
    fs.renameSync(tmp, dir);
  } catch (e) {
    if (existed) fs.renameSync(old, dir);
    throw e;
  } finally {
    fs.rmSync(old, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Puts back the last good output of `dir` if something deleted it. */
export function restoreIfDeleted(dir: string, stateDir: string): boolean {
  const backup = backupDir(stateDir, dir);
  if (fs.existsSync(dir) || !fs.existsSync(backup)) return false;
  fs.cpSync(backup, dir, { recursive: true, filter: (src) => path.basename(src) !== SOURCE });
  return true;
}

/** Every file under a folder, by relative path with forward slashes. */
export function readDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf-8'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}
