/**
 * Compares plain manifests with `helm template` output. The allowed
 * differences: helm test hooks (chart only), the Namespace (plain manifests
 * only), and the values of generated secrets (only their keys are compared).
 */
import { isDeepStrictEqual } from 'util';
import { Config } from '../../lib/config';

export function objectKey(o: any): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

function isHook(o: any): boolean {
  return Boolean(o.metadata?.annotations?.['helm.sh/hook']);
}

/** Secret data with every generated value (not set in the values) masked. */
function maskGenerated(o: any, generatedKeys: ReadonlySet<string>): any {
  if (o.kind !== 'Secret' || !o.data) return o;
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.data as Record<string, string>)) data[k] = generatedKeys.has(k) ? '<generated>' : v;
  return { ...o, data };
}

/** Differences as readable lines; [] when equal. */
export function compareManifests(synth: any[], helm: any[], generatedKeys: ReadonlySet<string>): string[] {
  const a = new Map(synth.filter((o) => o.kind !== 'Namespace').map((o) => [objectKey(o), maskGenerated(o, generatedKeys)]));
  const b = new Map(helm.filter((o) => !isHook(o)).map((o) => [objectKey(o), maskGenerated(o, generatedKeys)]));
  const problems: string[] = [];
  for (const k of a.keys()) if (!b.has(k)) problems.push(`only in synth: ${k}`);
  for (const k of b.keys()) if (!a.has(k)) problems.push(`only in helm: ${k}`);
  for (const [k, v] of a) {
    if (b.has(k) && !isDeepStrictEqual(v, b.get(k))) problems.push(`differs: ${k}\n  synth: ${JSON.stringify(v)}\n  helm:  ${JSON.stringify(b.get(k))}`);
  }
  return problems;
}

/** Secret keys whose values are generated for this configuration. */
export function generatedKeys(c: Config): Set<string> {
  const keys = new Set<string>();
  if (!c.secrets.authSecret) keys.add(c.secrets.keys.authSecret);
  if (c.database.mode === 'postgres' && !c.secrets.postgresPassword) {
    keys.add(c.secrets.keys.postgresPassword);
    keys.add(c.secrets.keys.databaseUrl);
  }
  return keys;
}
