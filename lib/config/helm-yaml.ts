/**
 * Reads a values file the way Helm does, so synth and the chart see the same
 * values from the same bytes. Helm parses YAML with go-yaml v2 and converts
 * the result to JSON (sigs.k8s.io/yaml), which means:
 * - YAML 1.1 scalars: yes/no/on/off/y/n are booleans, 010 is octal, 1_000 is
 *   1000, 0x/0o/0b prefixes are integers, and every number becomes a float64;
 * - `<<` merge keys apply where they stand: a later merge overrides an earlier
 *   key, and in a list of maps the first map wins;
 * - a duplicate key keeps its last value;
 * - map keys become strings: integers exactly, booleans as true/false, floats
 *   in Go's shortest float32 form;
 * - .inf and .nan cannot become JSON values, so such a file is refused
 *   (as keys they are written .inf, -.inf and .nan).
 * Where helm 3 and helm 4 read a file differently (more than one YAML
 * document) the file is refused.
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node, parseAllDocuments, Scalar, YAMLMap } from 'yaml';

/** A values file Helm would refuse, or one helm 3 and helm 4 would read differently. */
export class ValuesYamlError extends Error {}

const TAG = 'tag:yaml.org,2002:';
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSES = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NAN = new Set(['.nan', '.NaN', '.NAN']);
const INFINITY = /^([-+]?)\.(inf|Inf|INF)$/;
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** An integer as go-yaml reads it (kept exact, for map keys), or a float, string, boolean or null. */
type Resolved = { kind: 'int'; value: bigint } | { kind: 'float'; value: number } | { kind: 'bool'; value: boolean } | { kind: 'null' } | { kind: 'str'; value: string };

/** Go's strconv.ParseInt(s, 0, 64), falling back to ParseUint: undefined when neither accepts it. */
function goInteger(s: string): bigint | undefined {
  const m = GO_INT.exec(s);
  if (!m) return undefined;
  const [, sign, body] = m;
  const lower = body.toLowerCase();
  const digits = lower.startsWith('0o') ? `0o${lower.slice(2)}` : lower.length > 1 && lower.startsWith('0') && !/^0[xb]/.test(lower) ? `0o${lower.slice(1)}` : lower;
  const magnitude = BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value < INT64_MIN || value > UINT64_MAX) return undefined;
  // ParseUint takes no sign: a signed value must fit int64.
  if (value > 2n ** 63n - 1n && sign !== '') return undefined;
  return value;
}

/** How go-yaml v2 resolves an untagged plain scalar. */
function resolvePlain(text: string): Resolved {
  if (NULLS.has(text)) return { kind: 'null' };
  if (TRUES.has(text)) return { kind: 'bool', value: true };
  if (FALSES.has(text)) return { kind: 'bool', value: false };
  if (NAN.has(text)) return { kind: 'float', value: NaN };
  const inf = INFINITY.exec(text);
  if (inf) return { kind: 'float', value: inf[1] === '-' ? -Infinity : Infinity };
  const first = text[0] ?? '';
  if (first === '.') {
    // Go's ParseFloat: an underscore only between two digits.
    const digitsOnly = /^(?:[^_]|(?<=[0-9])_(?=[0-9]))*$/.test(text) ? text.replace(/_/g, '') : '';
    const n = GO_FLOAT.test(digitsOnly) ? Number(digitsOnly) : NaN;
    return Number.isFinite(n) ? { kind: 'float', value: n } : { kind: 'str', value: text };
  }
  if (!/[-+0-9]/.test(first)) return { kind: 'str', value: text };
  const plain = text.replace(/_/g, '');
  const int = goInteger(plain);
  if (int !== undefined) return { kind: 'int', value: int };
  if (GO_FLOAT.test(plain)) {
    const n = Number(plain);
    // Go refuses a float out of range, and the scalar stays a string.
    if (Number.isFinite(n)) return { kind: 'float', value: n };
  }
  return { kind: 'str', value: text };
}

function resolveScalar(node: Scalar, where: string): Resolved {
  const text = String(node.value);
  const tag = node.tag;
  if (!tag) return node.type === Scalar.PLAIN || node.type === undefined ? resolvePlain(text) : { kind: 'str', value: text };
  // go-yaml leaves a scalar with a tag of its own (!foo, !) as the string it reads.
  if (!tag.startsWith(TAG)) return { kind: 'str', value: text };
  const name = tag.slice(TAG.length);
  if (name === 'str') return { kind: 'str', value: text };
  if (name === 'binary') return { kind: 'str', value: Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf-8') };
  if (!['int', 'float', 'bool', 'null'].includes(name)) {
    throw new ValuesYamlError(`${where || 'top level'}: the tag !!${name} is not supported in values (use plain YAML)`);
  }
  const r = resolvePlain(text);
  if (name === 'float' && r.kind === 'int') return { kind: 'float', value: Number(r.value) };
  if (r.kind !== name) throw new ValuesYamlError(`${where || 'top level'}: "${text}" cannot be read as !!${name}`);
  return r;
}

function toValue(r: Resolved, where: string): unknown {
  switch (r.kind) {
    case 'int':
      return Number(r.value);
    case 'float':
      if (!Number.isFinite(r.value)) throw new ValuesYamlError(`${where || 'top level'}: .inf and .nan have no JSON form, so Helm cannot read them as values`);
      return r.value;
    case 'null':
      return null;
    default:
      return r.value;
  }
}

/**
 * A float map key as sigs.k8s.io/yaml writes it: .nan, .inf and -.inf (also
 * for a float too large for float32), else Go's FormatFloat(f, 'g', -1, 32).
 */
function goFloat32Key(f: number): string {
  const x = Math.fround(f);
  if (Number.isNaN(x)) return '.nan';
  if (!Number.isFinite(x)) return x > 0 ? '.inf' : '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const e = x.toExponential(p - 1);
    if (Math.fround(Number(e)) === x) {
      const [mantissa, power] = e.split('e');
      digits = mantissa.replace('-', '').replace('.', '');
      exp = Number(power);
      break;
    }
  }
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.padEnd(exp + 1, '0');
  const fraction = digits.slice(exp + 1);
  return `${sign}${whole.slice(0, exp + 1)}${fraction ? `.${fraction}` : ''}`;
}

/** A map key as sigs.k8s.io/yaml turns it into a JSON object key. */
function keyString(r: Resolved, where: string): string {
  switch (r.kind) {
    case 'str':
      return r.value;
    case 'int':
      return r.value.toString();
    case 'bool':
      return String(r.value);
    case 'float':
      return goFloat32Key(r.value);
    case 'null':
      throw new ValuesYamlError(`${where}: a map key is null (~ or empty), which Helm cannot read: quote it or remove it`);
  }
}

/** Sets a key as data: "__proto__" and friends are ordinary keys here. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

class Reader {
  private readonly seen = new Map<Node, unknown>();
  constructor(private readonly doc: Document) {}

  /** The node an alias stands for; any other node as it is. */
  private deref(node: unknown): unknown {
    return isAlias(node) ? (node as Alias).resolve(this.doc) : node;
  }

  public value(node: unknown, where: string): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.value(this.deref(node), where);
    const cached = this.seen.get(node as Node);
    if (cached !== undefined) return cached;
    let out: unknown;
    if (isScalar(node)) out = toValue(resolveScalar(node, where), where);
    else if (isSeq(node)) out = node.items.map((item, i) => this.value(item, `${where}[${i}]`));
    else if (isMap(node)) out = this.map(node, where);
    else throw new ValuesYamlError(`${where}: unsupported YAML node`);
    this.seen.set(node as Node, out);
    return out;
  }

  private map(node: YAMLMap, where: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const origins = new Map<string, string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = this.deref(pair.key);
      if (isScalar(keyNode) && !keyNode.tag && keyNode.type === Scalar.PLAIN && keyNode.value === '<<') {
        this.merge(out, pair.value, where);
        continue;
      }
      if (!isScalar(keyNode)) {
        throw new ValuesYamlError(`${where}: a map key is a ${isMap(keyNode) ? 'map' : isSeq(keyNode) ? 'list' : 'null'}, which Helm cannot read`);
      }
      const resolved = resolveScalar(keyNode, where);
      const key = keyString(resolved, where);
      // go-yaml keeps keys of different types apart (1 and "1", 1 and 1.0) and then writes each as "1", in an order that varies.
      const identity = `${resolved.kind}:${'value' in resolved ? String(resolved.value) : ''}`;
      const before = origins.get(key);
      if (before !== undefined && before !== identity) throw new ValuesYamlError(`${where || 'top level'}: two different keys both read as "${key}": write it once`);
      origins.set(key, identity);
      put(out, key, this.value(pair.value, where ? `${where}.${key}` : key));
    }
    return out;
  }

  /** go-yaml v2's merge: a map sets its keys over what is there; a list merges its maps last to first. */
  private merge(out: Record<string, unknown>, value: unknown, where: string): void {
    const target = this.deref(value);
    const maps = isMap(target) ? [target] : isSeq(target) ? [...target.items].reverse() : undefined;
    const message = `${where || 'top level'}: a << merge needs a map or a list of maps`;
    if (!maps) throw new ValuesYamlError(message);
    for (const item of maps) {
      const m = this.deref(item);
      if (!isMap(m)) throw new ValuesYamlError(message);
      for (const [k, v] of Object.entries(this.value(m, where) as Record<string, unknown>)) put(out, k, v);
    }
  }
}

function isEmptyDocument(doc: Document): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && !c.tag && c.type === Scalar.PLAIN && c.value === '');
}

/**
 * The values in a YAML text, as Helm reads them: a plain object (empty for an
 * empty file). Throws ValuesYamlError with a one-line reason otherwise.
 */
export function readHelmValues(text: string): Record<string, unknown> {
  const docs = parseAllDocuments(text, { version: '1.1', schema: 'failsafe', merge: false, uniqueKeys: false, strict: false, prettyErrors: false });
  if (!Array.isArray(docs)) return {};
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) throw new ValuesYamlError(`not valid YAML: ${error.message.split('\n')[0]}`);
  }
  if (docs.slice(1).some((d) => !isEmptyDocument(d))) {
    throw new ValuesYamlError('has more than one YAML document ("---"): helm 3 reads only the first and helm 4 merges them all; keep one');
  }
  const first = docs[0];
  if (!first || isEmptyDocument(first)) return {};
  const values = new Reader(first).value(first.contents, '');
  if (values === null) return {};
  if (typeof values !== 'object' || Array.isArray(values)) throw new ValuesYamlError('must be a YAML mapping of configuration keys');
  return values as Record<string, unknown>;
}
