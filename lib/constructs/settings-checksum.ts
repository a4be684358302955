/**
 * Checksums that roll a workload's pods when a setting they read changes, and
 * only then. An env var read from a chart-made ConfigMap or Secret is tagged
 * with the value it stands for; a pod's checksums cover the tagged values of
 * its own env vars, so a workload that does not read a key never rolls for it.
 */
import { SETTINGS_CHECKSUMS } from '../config/chart-keys';
import { IConstruct } from 'constructs';
import { and, Dict, Expr, not, Sha256, ternary, ToJson } from '../template/expr';
import { TemplatedChart } from '../template/templated-chart';
import { When } from '../template/tree';

export type SettingsSource = keyof typeof SETTINGS_CHECKSUMS;

interface Read {
  readonly source: SettingsSource;
  /** The key read, which names the value in the checksum. */
  readonly id: string;
  /** What the key holds, as far as the values decide it. */
  readonly value: Expr;
}

const READS = new WeakMap<object, Read>();

/** Tags an env var as reading `id` from a chart-made source whose value is `value`. */
export function settingsRead<T extends object>(envVar: T, source: SettingsSource, id: string, value: Expr): T {
  READS.set(envVar, { source, id, value });
  return envVar;
}

const SOURCE_NAMES: Record<SettingsSource, string> = { configMap: 'ConfigMap', secret: 'Secret' };

/**
 * The checksum annotations of a pod with these env vars: one per kind of
 * source read, over the values of the keys read. A read inside a condition
 * counts only while the condition holds. The values go to a named helper
 * (`<workload>.<source>Settings`), whose text the annotation hashes.
 */
export function settingsChecksums(scope: IConstruct, workload: string, env: readonly unknown[]): Record<string, Expr<string>> {
  const found = new Map<SettingsSource, Map<string, Expr>>();
  const visit = (item: unknown, conditions: Expr<boolean>[]): void => {
    if (item instanceof When) {
      visit(item.then, [...conditions, item.test as Expr<boolean>]);
      visit(item.otherwise, [...conditions, not(item.test)]);
      return;
    }
    const read = item !== null && typeof item === 'object' ? READS.get(item) : undefined;
    if (!read) return;
    const values = found.get(read.source) ?? new Map<string, Expr>();
    found.set(read.source, values);
    const value = conditions.length ? ternary(conditions.length === 1 ? conditions[0] : and(...conditions), read.value, '') : read.value;
    // A key read twice (under different conditions, say) is hashed twice: harmless, and simpler than merging.
    let id = read.id;
    for (let n = 2; values.has(id); n++) id = `${read.id}#${n}`;
    values.set(id, value);
  };
  for (const item of env) visit(item, []);
  const out: Record<string, Expr<string>> = {};
  for (const source of Object.keys(SETTINGS_CHECKSUMS) as SettingsSource[]) {
    const values = found.get(source);
    if (!values) continue;
    const json = new ToJson(new Dict(Object.fromEntries([...values].sort(([a], [b]) => a.localeCompare(b)))));
    const helper = TemplatedChart.of(scope).namedValue(`${workload}.${source}Settings`, json, `The ${SOURCE_NAMES[source]} values the ${workload} pods read, as JSON: their checksum rolls the pods.`);
    out[SETTINGS_CHECKSUMS[source]] = new Sha256(helper);
  }
  return out;
}
