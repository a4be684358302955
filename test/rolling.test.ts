// A changed Secret or ConfigMap value rolls exactly the workloads that read
// it: their pod templates change, and no other workload's does. Which
// workload reads what comes from the rendered pods themselves (env, envFrom,
// volumes), not from the chart's code.
import { ConfigInput } from '../lib/config';
import { objectsOf } from './support/render';

const WORKLOADS = new Set(['Deployment', 'StatefulSet']);
const SOURCES = new Set(['Secret', 'ConfigMap']);

const BASES: Array<{ name: string; values: ConfigInput }> = [
  { name: 'SQLite', values: {} },
  { name: 'PostgreSQL', values: { database: { mode: 'postgres' } } },
  { name: 'an external database', values: { database: { mode: 'external' }, secrets: { databaseUrl: 'postgresql://u:p@db.example.com/todo' } } },
  { name: 'an existing Secret', values: { secrets: { existingSecret: 'todo-secrets' } } },
];

/**
 * Each change alters at least one key of a Secret or ConfigMap the chart
 * makes in some base. `direct` names workloads whose pod spec also holds the
 * value itself, so they change whatever they read.
 */
const CHANGES: Array<{ name: string; set: ConfigInput; direct?: string[] }> = [
  { name: 'the auth secret', set: { secrets: { authSecret: 'rotated' } } },
  { name: 'the Groq key', set: { secrets: { groqApiKey: 'gsk-rotated' } } },
  { name: 'the OpenAI key', set: { secrets: { openaiApiKey: 'sk-rotated' } } },
  { name: 'the external database URL', set: { secrets: { databaseUrl: 'postgresql://u:p@other.example.com/todo' } } },
  { name: 'the PostgreSQL password', set: { secrets: { postgresPassword: 'rotated' } } },
  { name: 'the PostgreSQL user', set: { database: { postgres: { username: 'app' } } }, direct: ['todo-chatbot-postgres'] },
  { name: 'the PostgreSQL database', set: { database: { postgres: { database: 'tasks' } } }, direct: ['todo-chatbot-postgres'] },
  { name: 'the PostgreSQL port', set: { database: { postgres: { port: 5433 } } } },
  { name: 'the LLM provider', set: { ai: { provider: 'openai' } } },
  { name: 'the model', set: { ai: { model: 'llama-3.3-70b-versatile' } } },
  { name: 'the LLM base URL', set: { ai: { baseUrl: 'https://llm.example.com/v1' } } },
  { name: 'the ingress host', set: { ingress: { host: 'todo.example.com' } } },
  { name: 'HTTPS', set: { ingress: { tls: { enabled: true } } } },
  { name: 'the public URL', set: { publicUrl: 'https://chat.example.com' } },
  { name: 'the backend Service port', set: { backend: { service: { port: 8080 } } } },
];

function merge(a: any, b: any): any {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in a ? merge(a[k], v) : v;
  return out;
}

/** `Secret/name/key` of every data key of the chart's Secrets and ConfigMaps, with its value. */
function sourceKeys(objects: any[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of objects.filter((x) => SOURCES.has(x.kind))) {
    for (const [k, v] of Object.entries(o.data ?? {})) out.set(`${o.kind}/${o.metadata.name}/${k}`, String(v));
  }
  return out;
}

/** What a pod spec reads: `Kind/name/key`, or `Kind/name/*` for a whole source. */
function readsOf(spec: any): string[] {
  const reads: string[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of c.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      const m = e.valueFrom?.configMapKeyRef;
      if (s) reads.push(`Secret/${s.name}/${s.key}`);
      if (m) reads.push(`ConfigMap/${m.name}/${m.key}`);
    }
    for (const f of c.envFrom ?? []) {
      if (f.secretRef) reads.push(`Secret/${f.secretRef.name}/*`);
      if (f.configMapRef) reads.push(`ConfigMap/${f.configMapRef.name}/*`);
    }
  }
  for (const v of spec.volumes ?? []) {
    if (v.secret) reads.push(`Secret/${v.secret.secretName}/*`);
    if (v.configMap) reads.push(`ConfigMap/${v.configMap.name}/*`);
    for (const p of v.projected?.sources ?? []) {
      if (p.secret) reads.push(`Secret/${p.secret.name}/*`);
      if (p.configMap) reads.push(`ConfigMap/${p.configMap.name}/*`);
    }
  }
  return reads;
}

function reads(read: string, key: string): boolean {
  return read === key || (read.endsWith('/*') && key.startsWith(read.slice(0, -1)));
}

function templates(objects: any[]): Map<string, any> {
  return new Map(objects.filter((o) => WORKLOADS.has(o.kind)).map((o) => [o.metadata.name, o.spec.template]));
}

interface Outcome {
  readonly changedKeys: string[];
  readonly readers: string[];
  readonly rolled: string[];
}

function outcome(before: any[], after: any[]): Outcome {
  const [a, b] = [sourceKeys(before), sourceKeys(after)];
  const changedKeys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
  const [ta, tb] = [templates(before), templates(after)];
  const readers = [...tb.entries()].filter(([, t]) => readsOf(t.spec).some((r) => changedKeys.some((k) => reads(r, k)))).map(([n]) => n).sort();
  const rolled = [...tb.keys()].filter((n) => ta.has(n) && JSON.stringify(ta.get(n)) !== JSON.stringify(tb.get(n))).sort();
  return { changedKeys, readers, rolled };
}

const CASES = BASES.flatMap((base) => CHANGES.map((change) => ({ base: base.name, change: change.name, values: base.values, set: change.set, direct: change.direct ?? [] })));

describe('a changed setting rolls exactly the workloads that read it', () => {
  const baseObjects = new Map(BASES.map((b) => [b.name, objectsOf({ values: b.values })]));
  const covered = new Set<string>();

  test.each(CASES)('$base, $change', ({ base, values, set, direct }) => {
    const before = baseObjects.get(base) as any[];
    const after = objectsOf({ values: merge(values, set) });
    const o = outcome(before, after);
    o.changedKeys.forEach((k) => covered.add(`${base}: ${k}`));
    const existing = new Set(templates(after).keys());
    const expected = [...new Set([...o.readers, ...direct.filter((n) => existing.has(n))])].sort();
    expect({ changedKeys: o.changedKeys, rolled: o.rolled }).toEqual({ changedKeys: o.changedKeys, rolled: expected });
  });

  test('every key of every Secret and ConfigMap the chart makes is changed by some case above', () => {
    const all = BASES.flatMap((b) => [...sourceKeys(baseObjects.get(b.name) as any[]).keys()].map((k) => `${b.name}: ${k}`));
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((k) => !covered.has(k))).toEqual([]);
  });

  test('the readers come from the pods: the backend reads the LLM key, the frontend does not, and both read the auth secret', () => {
    const spec = (name: string) => (templates(baseObjects.get('SQLite') as any[]).get(name) as any).spec;
    expect(readsOf(spec('todo-chatbot-backend'))).toEqual(expect.arrayContaining(['Secret/todo-chatbot-secrets/groq-api-key', 'Secret/todo-chatbot-secrets/auth-secret']));
    expect(readsOf(spec('todo-chatbot-frontend'))).toEqual(expect.arrayContaining(['Secret/todo-chatbot-secrets/auth-secret']));
    expect(readsOf(spec('todo-chatbot-frontend'))).not.toContain('Secret/todo-chatbot-secrets/groq-api-key');
  });
});
