/**
 * Typed references into the values: `refs.backend.replicaCount` is an
 * expression for `.Values.backend.replicaCount`. Construct code reads values
 * only through these, so every decision it makes is visible to the chart.
 */
import { z } from 'zod';
import { Expr, ExprKind, ValueRef } from '../template/expr';

type Leaf<T> = Expr<T>;
/** Objects with known keys get child references; maps, lists and scalars are leaves. */
export type Refs<T> = T extends readonly unknown[]
  ? Leaf<T>
  : T extends Record<string, unknown>
    ? string extends keyof T
      ? Leaf<T>
      : Leaf<T> & { readonly [K in keyof T]-?: Refs<T[K]> }
    : Leaf<T>;

/** The schema inside defaults, prefaults, optionals, nullables and lazy references. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    const def = (s as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
    if ((def.type === 'default' || def.type === 'prefault' || def.type === 'optional' || def.type === 'nullable') && def.innerType) {
      s = def.innerType;
      continue;
    }
    if (def.type === 'lazy') {
      // The schema zod resolved and keeps, not a fresh one from the getter.
      s = (s as unknown as { _zod: { innerType: z.ZodType } })._zod.innerType;
      continue;
    }
    return s;
  }
}

function kindOfSchema(schema: z.ZodType): ExprKind {
  const s = unwrap(schema);
  const type = (s as unknown as { def: { type: string } }).def.type;
  switch (type) {
    case 'string':
    case 'enum':
      return 'string';
    case 'number':
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
    case 'record':
      return 'object';
    case 'array':
      return 'array';
    case 'union': {
      const options = (s as unknown as { def: { options: z.ZodType[] } }).def.options.map(kindOfSchema);
      return options.every((k) => k === options[0]) ? options[0] : 'any';
    }
    case 'literal': {
      const values = (s as unknown as { def: { values: unknown[] } }).def.values;
      return typeof values[0] === 'number' ? 'number' : typeof values[0] === 'string' ? 'string' : 'any';
    }
    default:
      return 'any';
  }
}

function build(schema: z.ZodType, path: string[]): unknown {
  const ref = new ValueRef(path, kindOfSchema(schema));
  const s = unwrap(schema);
  const def = (s as unknown as { def: { type: string; shape?: Record<string, z.ZodType> } }).def;
  if (def.type !== 'object' || !def.shape) return ref;
  const shape = def.shape;
  const children = new Map<string, unknown>();
  return new Proxy(ref, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && Object.prototype.hasOwnProperty.call(shape, prop)) {
        if (!children.has(prop)) children.set(prop, build(shape[prop], [...path, prop]));
        return children.get(prop);
      }
      if (typeof prop === 'string' && !(prop in target) && prop !== 'then' && prop !== 'toJSON') {
        throw new Error(`no value ${[...path, prop].join('.')} in the configuration schema`);
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** References for every value of a schema. */
export function valueRefs<S extends z.ZodType>(schema: S): Refs<z.output<S>> {
  return build(schema, []) as Refs<z.output<S>>;
}
