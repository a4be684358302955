/**
 * Builds the configuration from the schema defaults, a profile and values
 * files (later wins, like `helm -f`), and validates it: the schema first,
 * then the cross-field rules.
 */
import * as fs from 'fs';
import { z } from 'zod';
import { EvalContext } from '../template/expr';
import { ConfigError, formatIssue } from './errors';
import { readHelmValues, ValuesYamlError } from './helm-yaml';
import { MIN_KUBE_VERSION } from './kube-version';
import { DEFAULT_PROFILE, PROFILE_NAMES, PROFILES, ProfileName } from './profiles';
import { protoEntries, protoEntryIssue, withProtoEntries } from './proto-keys';
import { unwrap, valueRefs } from './refs';
import { configRules } from './rules';
import { inRenderOrder } from '../template/check-groups';
import { Config, configSchema } from './schema';

export interface LoadOptions {
  /** Profile layered first. @default 'local' */
  readonly profile?: string;
  /** YAML files with the shape of the configuration, applied in order. @default [] */
  readonly valuesFiles?: readonly string[];
  /** Inline layers applied after the files (tests, tools). @default [] */
  readonly layers?: readonly unknown[];
  /** Checks the rules across values too; off for a caller that checks them with others, in the chart's order. @default true */
  readonly rules?: boolean;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

const setKey = (o: Record<string, unknown>, k: string, value: unknown) => Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });

/** Helm's merge of the values files given with -f: maps merge key by key, anything else replaces, a null too. Every key is data, "__proto__" too. */
export function mergeUserValues(base: unknown, layer: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(layer)) return layer === undefined ? base : layer;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(layer)) setKey(out, k, mergeUserValues(Object.hasOwn(base, k) ? base[k] : undefined, v));
  return out;
}

/**
 * Helm's coalescing of those values onto the chart's defaults: maps merge key
 * by key, anything else replaces; a null deletes the default it meets, and a
 * null that meets none stays (and fails validation, as in Helm).
 */
export function mergeValues(defaults: unknown, user: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(user)) return user === undefined ? defaults : user;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(user)) {
    if (v === null && Object.hasOwn(defaults, k)) delete out[k];
    else setKey(out, k, mergeValues(Object.hasOwn(defaults, k) ? defaults[k] : undefined, v));
  }
  return out;
}

/** A values file, read exactly as Helm reads it (YAML 1.1 through go-yaml). */
export function readValuesFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new ConfigError(`values file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return readHelmValues(text);
  } catch (e) {
    if (e instanceof ValuesYamlError) throw new ConfigError(`values file ${file}: ${e.message}`);
    throw e;
  }
}

export function profileLayer(name: string): unknown {
  if (!(PROFILE_NAMES as string[]).includes(name)) {
    throw new ConfigError(`profile: must be one of ${PROFILE_NAMES.join(', ')} (got "${name}")`);
  }
  return PROFILES[name as ProfileName];
}

/** A context for evaluating expressions that read the values and, if given, the release (rules, warnings, names). */
export function valuesContext(values: Config, release: EvalContext['release'] = { name: '', namespace: '', service: '' }): EvalContext {
  return {
    values,
    release,
    chart: { name: '', version: '', appVersion: '' },
    kubeVersion: MIN_KUBE_VERSION,
    generate: () => '',
    scope: new Map(),
  };
}

/** Validates a merged input: the schema, then the cross-field rules. */
export function validateConfig(input: unknown, rules = true): Config {
  const result = configSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ConfigError(formatIssue(result.error.issues[0], configSchema, input));
  const protos = protoEntries(configSchema, input);
  for (const entry of protos) {
    const issue = protoEntryIssue(entry);
    if (issue) throw new ConfigError(issue);
  }
  const config = withProtoEntries(result.data, protos);
  if (!rules) return config;
  const ctx = valuesContext(config);
  for (const rule of inRenderOrder(configRules(valueRefs(configSchema)), (r) => r.path)) {
    if (rule.violated.evaluate(ctx)) throw new ConfigError(`${rule.path}: ${rule.message}`);
  }
  return config;
}

/**
 * The first default that a null in the layers removed, as a key path. Helm
 * merges values onto the chart's defaults and a null deletes the key there,
 * so the schema, which requires every key that has a default, refuses it.
 */
function removedDefault(defaults: unknown, merged: unknown, path: string[] = []): string | undefined {
  if (!isPlainObject(defaults) || !isPlainObject(merged)) return undefined;
  for (const k of Object.keys(defaults)) {
    if (!Object.hasOwn(merged, k)) return [...path, k].join('.');
    const inner = removedDefault(defaults[k], merged[k], [...path, k]);
    if (inner) return inner;
  }
  return undefined;
}

/** Adds the defaults of removable settings (optional, with a default in their metadata) that `parse({})` leaves out. */
function withRemovableDefaults(schema: z.ZodType, value: unknown): void {
  const s = unwrap(schema) as unknown as { def: { type: string; shape?: Record<string, z.ZodType> } };
  if (s.def.type !== 'object' || !s.def.shape || !isPlainObject(value)) return;
  for (const [key, child] of Object.entries(s.def.shape)) {
    const meta = z.globalRegistry.get(child) as { default?: unknown } | undefined;
    if (!Object.hasOwn(value, key) && (child as unknown as { def: { type: string } }).def.type === 'optional' && meta?.default !== undefined) value[key] = meta.default;
    withRemovableDefaults(child, value[key]);
  }
}

/** The chart's default values: the schema defaults, removable ones included (what values.yaml holds). */
export function chartDefaults(required: Config = configSchema.parse({})): Config {
  const defaults = structuredClone(required);
  withRemovableDefaults(configSchema, defaults);
  return defaults;
}

/** The configuration for a profile and values files. */
export function loadConfig(options: LoadOptions = {}): Config {
  // A null may remove a removable default, so only the others are checked for removal.
  const required = configSchema.parse({});
  const defaults = chartDefaults(required);
  // The profile is a values file like the others (values-<profile>.yaml in the chart).
  let user: unknown = profileLayer(options.profile ?? DEFAULT_PROFILE);
  for (const file of options.valuesFiles ?? []) user = mergeUserValues(user, readValuesFile(file));
  for (const layer of options.layers ?? []) user = mergeUserValues(user, layer);
  const merged = mergeValues(defaults, user);
  const removed = removedDefault(required, merged);
  if (removed) throw new ConfigError(`${removed}: is required: null removes the default (as in Helm), so set a value or leave the key out`);
  return validateConfig(merged, options.rules ?? true);
}
