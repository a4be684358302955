/**
 * Generated secret values of the plain manifests, kept between synths. The
 * chart keeps its generated values with `lookup`; `kubectl apply -f dist/`
 * has no such thing, so without this file every synth would rotate the auth
 * secret and log every user out. The file is local state: gitignored, mode
 * 0600, one entry per namespace, release, Secret and key.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from './config/errors';
import { GeneratedAt, GeneratedSpec } from './template/expr';

/** Where the values are kept, relative to the project root. */
export const STATE_FILE = path.join('.todo-chatbot', 'generated-secrets.json');

type Entries = Record<string, string>;

/** The generated values of every release synthesized in this checkout. */
export class GeneratedSecrets {
  /** Reads the file; a missing file is an empty store. */
  public static load(file: string): GeneratedSecrets {
    let entries: Entries = {};
    if (fs.existsSync(file)) {
      try {
        const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf-8'));
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
          throw new Error('not a JSON object of strings');
        }
        entries = parsed as Entries;
      } catch (e) {
        throw new ConfigError(`generated secrets file ${file}: ${(e as Error).message}; fix it, or delete it to generate new values (this logs users out)`);
      }
    }
    return new GeneratedSecrets(file, entries);
  }

  private added = false;

  private constructor(public readonly file: string, private readonly entries: Entries) {}

  /** A generator for one release: the kept value, else a new one from `fresh`. */
  public generator(release: string, namespace: string, fresh: (spec: GeneratedSpec) => string): (spec: GeneratedSpec, at: GeneratedAt) => string {
    return (spec, at) => {
      const id = `${namespace}/${release}/${at.secretName}/${at.key}`;
      const kept = this.entries[id];
      if (kept !== undefined && kept.length === spec.length) return kept;
      this.entries[id] = fresh(spec);
      this.added = true;
      return this.entries[id];
    };
  }

  /** Writes the file if a value was added: whole or not at all, readable by its owner only. */
  public save(): void {
    if (!this.added) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp-${process.pid}`;
    const sorted = Object.fromEntries(Object.keys(this.entries).sort().map((k) => [k, this.entries[k]]));
    fs.writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    this.added = false;
  }
}
