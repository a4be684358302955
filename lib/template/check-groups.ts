/**
 * Where the rules on values go in the chart: templates/validate/<group>.yaml,
 * one file per top-level key with enough rules (in numbered parts when it has
 * many), the rest in general.yaml.
 * Helm renders the files of a folder in reverse alphabetical order and stops
 * at the first `fail`, so synth checks rules in that same order: both then
 * name the same rule when several are broken.
 */

/** The file of the rules on keys with few rules each. */
export const GENERAL_GROUP = 'general';
/** Fewest rules on one top-level key that get a file of their own. */
const GROUP_MIN = 5;
/** Most rules in one file, so that a file stays short enough to read. */
const GROUP_MAX = 12;

/** Items by file, grouped by the top-level key `keyOf` names (`backend` for `backend.replicaCount: ...`), in Helm's order. */
export function groupsByTopKey<T>(items: readonly T[], keyOf: (item: T) => string): Array<[string, T[]]> {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = /^([A-Za-z][A-Za-z0-9]*)([.:[]|$)/.exec(keyOf(item))?.[1] ?? GENERAL_GROUP;
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  const merged = new Map<string, T[]>();
  for (const [key, list] of byKey) {
    const group = list.length >= GROUP_MIN ? key : GENERAL_GROUP;
    merged.set(group, [...(merged.get(group) ?? []), ...list]);
  }
  const groups: Array<[string, T[]]> = [];
  for (const [group, list] of merged) {
    const parts = Math.ceil(list.length / GROUP_MAX);
    const size = Math.ceil(list.length / parts);
    // Numbered down, so that Helm's reverse order renders the parts in order, and grouping the result again gives the same files.
    for (let i = 0; i < parts; i++) groups.push([parts > 1 ? `${group}-${parts - i}` : group, list.slice(i * size, (i + 1) * size)]);
  }
  return groups.sort((a, b) => (a[0] < b[0] ? 1 : -1));
}

/** Items in the order Helm checks them. */
export function inRenderOrder<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return groupsByTopKey(items, keyOf).flatMap(([, list]) => list);
}
