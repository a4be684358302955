/**
 * Many configurations in one `helm template`: an umbrella chart holds one
 * aliased copy of the chart per configuration, and the output is split by
 * `# Source: <umbrella>/charts/<alias>/...`. Helm checks every copy's values
 * against the schema at once and names each failing alias; a `fail` in a
 * template stops the whole render and names its alias; either way the failed
 * configurations are set aside with their message and the rest render again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CHART, HelmMajor, parseManifests, runHelm, templateArgs } from './helm';
import { tempDir, tempFile } from './tmp';

/** What Helm made of one configuration: its objects (and what the render printed on stderr), or the error that names it. */
export type HelmOutcome = { readonly objects: any[]; readonly stderr: string } | { readonly error: string };

const UMBRELLA = 'umbrella';
const alias = (i: number) => `s${i}`;

/** The chart's own version, which each dependency entry must name. */
function chartVersion(): string {
  return /^version:\s*(\S+)/m.exec(fs.readFileSync(path.join(CHART, 'Chart.yaml'), 'utf-8'))![1];
}

/** A values text nested under a key, by indenting every line: the same YAML one level down. */
export function nestValues(key: string, text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (text.trim() === '') return `${key}: {}\n`;
  return `${key}:\n${lines.map((l) => (l === '' ? '' : `  ${l}`)).join('\n')}\n`;
}

/** One configuration through the chart itself: no umbrella to build, so a single render costs least. */
async function helmTemplateOne(major: HelmMajor, text: string, release: string, namespace: string): Promise<HelmOutcome> {
  const file = tempFile('values.yaml', text);
  try {
    const r = await runHelm(major, [...templateArgs(release, CHART, namespace), '-f', file]);
    return r.code === 0 ? { objects: parseManifests(r.stdout), stderr: r.stderr } : { error: r.stderr };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Splits umbrella output into each alias's objects. */
function splitBySource(stdout: string): Map<string, any[]> {
  const out = new Map<string, any[]>();
  for (const doc of stdout.split(/^---$/m)) {
    const source = /^# Source: [^/]+\/charts\/([^/]+)\//m.exec(doc);
    if (!source) continue;
    const objects = parseManifests(doc);
    out.set(source[1], [...(out.get(source[1]) ?? []), ...objects]);
  }
  return out;
}

/** Each failing alias and its part of Helm's message. */
function failures(stderr: string): Map<string, string> {
  const out = new Map<string, string>();
  const exec = /\(\S*?\/charts\/(s\d+)\/templates\/[^)]*\): (.*)/.exec(stderr);
  if (exec) {
    out.set(exec[1], exec[2]);
    return out;
  }
  // Schema errors: a "<alias>:" line, then that alias's lines.
  let current: string | undefined;
  for (const line of stderr.split('\n')) {
    const head = /^(s\d+):\s*$/.exec(line);
    if (head) {
      current = head[1];
      out.set(current, '');
    } else if (current && line.trim()) {
      out.set(current, `${out.get(current)}${line.trim()}\n`);
    }
  }
  return out;
}

/**
 * Renders each values text with one release and namespace, in as few helm
 * processes as Helm's errors allow. Texts are YAML mappings (or empty).
 */
export async function helmTemplateMany(major: HelmMajor, texts: readonly string[], release: string, namespace: string): Promise<HelmOutcome[]> {
  if (texts.length === 1) return [await helmTemplateOne(major, texts[0], release, namespace)];
  const dir = tempDir('umbrella');
  fs.mkdirSync(path.join(dir, 'charts'));
  fs.cpSync(CHART, path.join(dir, 'charts', 'todo-chatbot'), { recursive: true });
  const version = chartVersion();
  const outcomes: Array<HelmOutcome | undefined> = texts.map(() => undefined);
  let pending = texts.map((_, i) => i);
  try {
    while (pending.length) {
      const deps = pending.map((i) => `- name: todo-chatbot\n  version: ${version}\n  alias: ${alias(i)}\n`).join('');
      fs.writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${UMBRELLA}\nversion: 0.1.0\ndependencies:\n${deps}`);
      fs.writeFileSync(path.join(dir, 'values.yaml'), pending.map((i) => nestValues(alias(i), texts[i])).join(''));
      const r = await runHelm(major, templateArgs(release, dir, namespace));
      if (r.code === 0) {
        const byAlias = splitBySource(r.stdout);
        for (const i of pending) outcomes[i] = { objects: byAlias.get(alias(i)) ?? [], stderr: r.stderr };
        break;
      }
      const failed = failures(r.stderr);
      const known = pending.filter((i) => failed.has(alias(i)));
      if (!known.length && (pending.length === 1 || /release name/.test(r.stderr))) {
        // About the render as a whole (Helm checks the release name first): it is every configuration's error.
        for (const i of pending) failed.set(alias(i), r.stderr);
      } else if (!known.length) {
        // An error about the values file as a whole (e.g. YAML Helm cannot read): halves narrow down whose it is.
        const half = Math.ceil(pending.length / 2);
        for (const part of [pending.slice(0, half), pending.slice(half)]) {
          const results = await helmTemplateMany(major, part.map((i) => texts[i]), release, namespace);
          part.forEach((i, j) => (outcomes[i] = results[j]));
        }
        break;
      }
      for (const i of pending.filter((j) => failed.has(alias(j)))) outcomes[i] = { error: failed.get(alias(i)) as string };
      pending = pending.filter((i) => !failed.has(alias(i)));
      if (/execution error at/.test(r.stderr) && pending.length > 1) {
        // Each further `fail` would cost a render of all the rest: render them one by one instead.
        for (const i of pending) outcomes[i] = (await helmTemplateMany(major, [texts[i]], release, namespace))[0];
        break;
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return outcomes as HelmOutcome[];
}
