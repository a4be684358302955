/**
 * "__proto__" is an ordinary key in values, as it is for Helm. zod skips it in
 * maps (records) so it cannot replace a prototype; these helpers validate such
 * entries with the map's own key and value schemas and put them back into the
 * parsed configuration as plain data. In objects with fixed keys zod already
 * reports it as an unknown key.
 */
import { z } from 'zod';
import { unwrap } from './refs';

const PROTO = '__proto__';

/** An own "__proto__" entry of a map in the input. */
export interface ProtoEntry {
  readonly path: readonly string[];
  readonly value: unknown;
  readonly keySchema: z.ZodType;
  readonly valueSchema: z.ZodType;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
}

const defOf = (s: z.ZodType) => (s as unknown as { def: Def }).def;

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Every "__proto__" key of a map (a record in the schema) in the input. */
export function protoEntries(schema: z.ZodType, input: unknown, path: string[] = []): ProtoEntry[] {
  if (!isObject(input)) return [];
  const def = defOf(unwrap(schema));
  if (def.type === 'record' && def.keyType && def.valueType) {
    return Object.hasOwn(input, PROTO) ? [{ path, value: input[PROTO], keySchema: def.keyType, valueSchema: def.valueType }] : [];
  }
  if (def.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape).flatMap(([key, child]) => (Object.hasOwn(input, key) ? protoEntries(child, input[key], [...path, key]) : []));
}

/** The first problem with an entry, as `<path>: <message>`, or undefined when the map's schemas accept it. */
export function protoEntryIssue(entry: ProtoEntry): string | undefined {
  const where = [...entry.path, PROTO].join('.');
  const key = entry.keySchema.safeParse(PROTO);
  if (!key.success) return `${entry.path.join('.')}: ${key.error.issues[0].message} (got "${PROTO}")`;
  const value = entry.valueSchema.safeParse(entry.value);
  if (!value.success) return `${where}: ${value.error.issues[0].message}`;
  return undefined;
}

/** The parsed configuration with each entry set back as a data property. */
export function withProtoEntries<T>(config: T, entries: readonly ProtoEntry[]): T {
  for (const entry of entries) {
    let target: unknown = config;
    for (const key of entry.path) target = (target as Record<string, unknown>)[key];
    Object.defineProperty(target, PROTO, { value: entry.valueSchema.parse(entry.value), enumerable: true, writable: true, configurable: true });
  }
  return config;
}
