/**
 * The Helm chart's files depend only on the project's sources and package
 * versions, never on the values of a synth, so a synth reuses the files the
 * last build of the same sources made. The key is a hash of the contents of
 * every input: a change to any of them builds the chart again.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** Files and folders (relative to the project root) whose contents make the chart. */
export const CHART_INPUTS = ['main.ts', 'lib', 'package.json', 'package-lock.json'];
/** Bumped when what the cache holds changes shape. */
const FORMAT = 'chart-files-1';

function addInput(hash: crypto.Hash, root: string, rel: string): void {
  const full = path.join(root, rel);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    hash.update(`missing\0${rel}\0`);
    return;
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) addInput(hash, root, `${rel}/${name}`);
    return;
  }
  const content = fs.readFileSync(full);
  hash.update(`file\0${rel}\0${content.length}\0`).update(content);
}

/** The content hash of the chart's inputs under `root`. */
export function chartInputsKey(root: string, inputs: readonly string[] = CHART_INPUTS): string {
  const hash = crypto.createHash('sha256').update(FORMAT).update('\0').update(process.version);
  for (const rel of inputs) addInput(hash, root, rel);
  return hash.digest('hex');
}

/**
 * The chart files for the sources under `root`: read from `cacheDir` when they
 * were built from the same inputs, else built and kept there (one entry: the
 * latest build replaces the others).
 */
export function cachedChartFiles(root: string, cacheDir: string, build: () => Map<string, string>): Map<string, string> {
  const key = chartInputsKey(root);
  const file = path.join(cacheDir, `chart-${key}.json`);
  try {
    return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf-8')) as Record<string, string>));
  } catch {
    // Not built from these inputs yet.
  }
  const files = build();
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    for (const old of fs.readdirSync(cacheDir).filter((f) => /^chart-[0-9a-f]{64}\.json$/.test(f))) fs.rmSync(path.join(cacheDir, old), { force: true });
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(files)));
    fs.renameSync(tmp, file);
  } catch {
    // A read-only checkout still synthesizes; it just builds the chart every time.
  }
  return files;
}
