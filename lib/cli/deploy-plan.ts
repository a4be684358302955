/**
 * The read-only checks `deploy` makes before and after it changes anything:
 * which Secret the release uses, whether that Secret holds the LLM key, and
 * where the ingress sends users. Each answers from the configuration when
 * the cluster cannot (a dry run, or a read that fails).
 */
import type { Config } from '../config';
import { kubectl, Target } from './context';
import { tailLines } from './display';
import {
  AppSecret,
  describeSecret,
  fullnameOf,
  ingressFromValues,
  KEY_NAMES_TEMPLATE,
  missingKeyWarning,
  missingSecretWarning,
  providerKey,
  secretFromValues,
  withoutEnvSecret,
} from './release-config';
import { envSecretName } from './commands/secrets';
import { Runner } from './steps';

export { configWarnings, effectiveConfig, fullnameOf, overridesValues } from './release-config';

/**
 * The Secret the release will use: --existing-secret, else the values'
 * secrets.existingSecret (never replaced unasked), else `<release>-env` when
 * `secrets apply` made it, else what the values say (`<fullname>-secrets`).
 */
export async function chooseSecret(runner: Runner, target: Target, config: Config, flag: string | undefined): Promise<AppSecret> {
  if (flag) return { name: flag, source: 'flag' };
  const fallback = secretFromValues(config, target.release);
  if (fallback.source === 'values') return fallback;
  const name = envSecretName(target.release);
  const found = await runner.query(`look for Secret ${name}`, kubectl(target, 'get', 'secret', name, '-n', target.namespace, '--ignore-not-found', '-o', 'name'), {
    assume: `it does not exist, so ${withoutEnvSecret(fallback)} (with it, helm gets --set secrets.create=false --set secrets.existingSecret=${name})`,
  });
  return found.trim() ? { name, source: 'env' } : fallback;
}

/** The line that says which Secret the release uses. */
export function secretLine(secret: AppSecret, target: Target): string {
  return `App secrets: ${describeSecret(secret, target.namespace)}`;
}

/**
 * Warnings about a Secret the chart does not create: it is missing, or it
 * lacks the LLM provider's key. Reads key names only, never values.
 */
export async function secretWarnings(runner: Runner, target: Target, config: Config, secret: AppSecret): Promise<string[]> {
  if (secret.source === 'chart') return [];
  const need = providerKey(config);
  // A Secret just found exists; only its keys are in question.
  if (secret.source === 'env' && !need) return [];
  const r = await runner.probe(
    `keys of Secret ${secret.name}`,
    kubectl(target, 'get', 'secret', secret.name, '-n', target.namespace, '-o', `go-template=${KEY_NAMES_TEMPLATE}`),
    {
      assume: need ? `it exists and has a non-empty ${need.secretKey} key` : 'it exists',
      dryRunValue: need ? `${need.secretKey}\n` : '',
    },
  );
  const envSecret = envSecretName(target.release);
  if (!r.ok) {
    if (/NotFound|not found/.test(r.stderr)) return [missingSecretWarning(secret, target.namespace, envSecret)];
    const why = tailLines(r.stderr, 1)[0] ?? `exit ${r.code}`;
    return [`cannot read the key names of Secret ${secret.name} (${why}), so deploy cannot check that it holds what the app needs`];
  }
  const keys = r.stdout.split(/\r?\n/).map((k) => k.trim()).filter(Boolean);
  const warning = missingKeyWarning(config, secret, keys, envSecret);
  return warning ? [warning] : [];
}

/** Where users reach the app. */
export interface Entry {
  readonly host: string;
  readonly tls: boolean;
  /** Why the values were used instead of the live ingress, if they were. */
  readonly fromValues?: string;
}

function parseIngress(json: string): { host: string; tls: boolean } | undefined {
  if (!json.trim()) return undefined;
  const spec = (JSON.parse(json) as { spec?: { rules?: Array<{ host?: string }>; tls?: unknown[] } }).spec ?? {};
  const host = spec.rules?.[0]?.host;
  return host ? { host, tls: (spec.tls ?? []).length > 0 } : undefined;
}

/**
 * The live ingress of the release; the configured host and TLS when it
 * cannot be read; undefined when the release has none.
 */
export async function readEntry(runner: Runner, target: Target, config: Config): Promise<Entry | undefined> {
  const configured = ingressFromValues(config);
  const r = await runner.probe(
    'read the ingress',
    kubectl(target, 'get', 'ingress', `${fullnameOf(config, target.release)}-ingress`, '-n', target.namespace, '--ignore-not-found', '-o', 'json'),
    {
      assume: configured
        ? `it serves ${configured.tls ? 'https' : 'http'}://${configured.host} (ingress.host, ${configured.tls ? 'with' : 'without'} TLS)`
        : 'there is none (ingress.enabled is false)',
      dryRunValue: configured ? JSON.stringify({ spec: { rules: [{ host: configured.host }], tls: configured.tls ? [{}] : [] } }) : '',
    },
  );
  let reason = r.ok ? undefined : (tailLines(r.stderr, 1)[0] ?? `exit ${r.code}`);
  if (r.ok) {
    try {
      return parseIngress(r.stdout);
    } catch {
      reason = 'kubectl did not print JSON';
    }
  }
  return configured ? { ...configured, fromValues: reason } : undefined;
}
