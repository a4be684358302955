/**
 * One-line messages for invalid configuration: the key path, what is wrong,
 * and what is allowed.
 */
import { z } from 'zod';
import { unwrap } from './refs';

/** A configuration mistake; its message is one line meant for the user. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

/** Edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** The closest known key, if it is close enough to be a typo (or shares a prefix, like replicas/replicaCount). */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    const lowerKey = key.toLowerCase();
    const lowerK = k.toLowerCase();
    const shorter = Math.min(lowerKey.length, lowerK.length);
    let common = 0;
    while (common < shorter && lowerKey[common] === lowerK[common]) common++;
    // A shared stem (replicas / replicaCount) is as telling as a small edit distance.
    const score = common >= Math.max(4, shorter - 2) ? 0.5 : editDistance(lowerKey, lowerK);
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element: z.ZodType;
  valueType: z.ZodType;
  error?: (issue: { code: string; input: unknown }) => unknown;
}
type Node = { def: SchemaDef };

const unwrapNode = (schema: z.ZodType): Node => unwrap(schema) as unknown as Node;

/** The schema at a path, and the first union on the way (a value with two shapes). */
function schemaAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): { node?: Node; union?: { depth: number; node: Node } } {
  let s = unwrapNode(schema);
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    if (s.def.type === 'union') return { union: { depth: i, node: s } };
    if (typeof p === 'number' && s.def.type === 'array') s = unwrapNode(s.def.element);
    else if (typeof p === 'string' && s.def.type === 'record') s = unwrapNode(s.def.valueType);
    else if (s.def.shape && typeof p === 'string' && p in s.def.shape) s = unwrapNode(s.def.shape[p]);
    else return {};
  }
  return { node: s };
}

function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  const { node } = schemaAt(schema, path);
  // Keys that moved are refused wherever they appear, so they are not offered.
  return node?.def.shape ? Object.keys(node.def.shape).filter((k) => unwrapNode(node.def.shape![k]).def.type !== 'never') : [];
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur = input;
  for (const p of path) cur = cur !== null && typeof cur === 'object' && Object.hasOwn(cur, p) ? (cur as Record<PropertyKey, unknown>)[p] : undefined;
  return cur;
}

/**
 * A mistake inside one shape of a value that takes two (a name or an
 * object) is reported at the value, with the value's own message: Helm's
 * validators cannot say which shape was meant either.
 */
function unionIssue(issue: z.core.$ZodIssue, schema: z.ZodType, input: unknown): string | undefined {
  const { union } = schemaAt(schema, issue.path);
  if (!union) return undefined;
  const at = issue.path.slice(0, union.depth);
  const value = valueAt(input, at);
  const message = union.node.def.error?.({ code: 'invalid_union', input: value });
  const text = typeof message === 'string' ? message : typeof message === 'object' && message !== null ? String((message as { message?: unknown }).message) : 'has none of the allowed shapes';
  return `${pathText(at)}: ${text} (got ${describeInput(value)})`;
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  const text = JSON.stringify(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The first issue as one line: `<path>: <problem>`. `input` (what was validated) lets a mistake inside a two-shaped value be reported at the value. */
export function formatIssue(issue: z.core.$ZodIssue, schema: z.ZodType, input?: unknown): string {
  const inUnion = input === undefined ? undefined : unionIssue(issue, schema, input);
  if (inUnion) return inUnion;
  const where = pathText(issue.path);
  const prefix = where ? `${where}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, issue.path);
      const parts = issue.keys.map((k) => {
        const hint = suggestKey(k, known);
        return `unknown key "${where ? `${where}.` : ''}${k}"${hint ? `; did you mean "${hint}"?` : ''}`;
      });
      return `${parts.join('; ')} (allowed keys: ${known.join(', ')})`;
    }
    case 'invalid_key':
      return `${prefix}${issue.issues[0]?.message ?? 'invalid key'}`;
    case 'invalid_value':
      if (issue.message && !issue.message.startsWith('Invalid')) return `${prefix}${issue.message} (got ${describeInput(issue.input)})`;
      return `${prefix}must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describeInput(issue.input)})`;
    case 'invalid_type':
      if (issue.input === undefined) return `${prefix}is required`;
      if (issue.message && !issue.message.startsWith('Invalid input')) return `${prefix}${issue.message} (got ${describeInput(issue.input)})`;
      return `${prefix}must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`} (got ${describeInput(issue.input)})`;
    default:
      return `${prefix}${issue.message} (got ${describeInput(issue.input)})`;
  }
}
