/**
 * What `deploy` will apply, read from the same configuration synth builds:
 * which Secret the chart uses, which host the ingress serves, which LLM key
 * the backend needs. `deploy` loads this module only when it runs, so other
 * commands start without the configuration schema.
 */
import { Config, ConfigError, configSchema, fullnameExpr, loadConfig, PROVIDER_KEYS, valueRefs, valuesContext, warningsFor } from '../config';
import { ENV_FILE_FLAG, SECRET_KEYS } from './dotenv';
import { CliError } from './errors';

/** The configuration for a profile and values files; a mistake is the command line's one-line error. */
export function effectiveConfig(profile: string, valuesFiles: readonly string[]): Config {
  try {
    return loadConfig({ profile, valuesFiles });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message);
    throw e;
  }
}

/** The prefix of every object name, by the chart's own rule (fullnameOverride, else the release name). */
export function fullnameOf(config: Config, release: string): string {
  return String(fullnameExpr(valueRefs(configSchema)).evaluate(valuesContext(config, { name: release, namespace: '', service: 'Helm' })));
}

/** Why the chart uses the Secret it uses. */
export type SecretSource = 'flag' | 'values' | 'env' | 'chart' | 'expected';

/** The app Secret of a release. */
export interface AppSecret {
  readonly name: string;
  readonly source: SecretSource;
}

/**
 * The Secret the values alone point at: secrets.existingSecret, else
 * `<fullname>-secrets`, which the chart creates (secrets.create) or expects.
 */
export function secretFromValues(config: Config, release: string): AppSecret {
  if (config.secrets.existingSecret) return { name: config.secrets.existingSecret, source: 'values' };
  return { name: `${fullnameOf(config, release)}-secrets`, source: config.secrets.create ? 'chart' : 'expected' };
}

/** Whether deploy passes --set secrets.existingSecret for this Secret (the values do not name it already). */
export function overridesValues(secret: AppSecret): boolean {
  return secret.source === 'flag' || secret.source === 'env';
}

/** The Secret the release will use and why, e.g. "Secret x-env (found in namespace ns; ...)". */
export function describeSecret(secret: AppSecret, namespace: string): string {
  const why: Record<SecretSource, string> = {
    flag: 'from --existing-secret',
    values: 'secrets.existingSecret in the values; --existing-secret NAME picks another',
    env: `found in namespace ${namespace}; made by "todo-chatbot secrets apply"`,
    chart: 'the chart creates it from the values',
    expected: 'secrets.create is false, so it must exist already',
  };
  return `Secret ${secret.name} (${why[secret.source]})`;
}

/** What happens when `<release>-env` is not there, as the dry run says it. */
export function withoutEnvSecret(fallback: AppSecret): string {
  return fallback.source === 'chart'
    ? `the chart creates ${fallback.name}`
    : `the release uses ${fallback.name}, which must exist (secrets.create is false)`;
}

/** The configuration as it will be applied: an existing Secret from deploy replaces the one in the values. */
export function withSecret(config: Config, secret: AppSecret): Config {
  if (!overridesValues(secret)) return config;
  return { ...config, secrets: { ...config.secrets, create: false, existingSecret: secret.name } };
}

/** The warnings about the configuration as applied (see lib/config/warnings.ts). */
export function configWarnings(config: Config, secret: AppSecret): string[] {
  return warningsFor(withSecret(config, secret));
}

/** The Secret key the LLM provider needs, or undefined when it needs none (mock). */
export function providerKey(config: Config): { provider: string; valuesKey: string; secretKey: string } | undefined {
  const provider = config.ai.provider;
  if (!Object.hasOwn(PROVIDER_KEYS, provider)) return undefined;
  const valuesKey = PROVIDER_KEYS[provider as keyof typeof PROVIDER_KEYS];
  return { provider, valuesKey, secretKey: config.secrets.keys[valuesKey] };
}

/** kubectl's go-template that prints the names of a Secret's non-empty keys, one a line (never a value). */
export const KEY_NAMES_TEMPLATE = '{{range $k, $v := .data}}{{if $v}}{{$k}}{{"\\n"}}{{end}}{{end}}';

/**
 * The warning when an existing Secret lacks the provider's key. `keys` are the
 * Secret's non-empty key names; `envSecret` is the Secret `secrets apply` writes.
 */
export function missingKeyWarning(config: Config, secret: AppSecret, keys: readonly string[], envSecret: string): string | undefined {
  const need = providerKey(config);
  if (!need || keys.includes(need.secretKey)) return undefined;
  const variable = (SECRET_KEYS as Record<string, string | undefined>)[need.secretKey];
  const fix =
    secret.name === envSecret && variable
      ? `add ${variable} to the .env file and run "todo-chatbot secrets apply ${ENV_FILE_FLAG} FILE"`
      : `add the key ${need.secretKey} to Secret ${secret.name}`;
  return (
    `ai.provider is "${need.provider}" but Secret ${secret.name} has no ${need.secretKey} key (or it is empty), so chat answers will fail: ` +
    `${fix}, or use ai.provider=mock to run without a key`
  );
}

/** The warning when the Secret the release needs does not exist. */
export function missingSecretWarning(secret: AppSecret, namespace: string, envSecret: string): string {
  const apply = `"todo-chatbot secrets apply ${ENV_FILE_FLAG} FILE"`;
  const fix = secret.name === envSecret ? `create it with ${apply}` : `create it, or write ${envSecret} with ${apply} and deploy with --existing-secret ${envSecret}`;
  return `Secret ${secret.name} does not exist in namespace ${namespace}, so the pods will not start: ${fix}`;
}

/** Where the ingress sends users, from the values; undefined when there is no ingress. */
export function ingressFromValues(config: Config): { host: string; tls: boolean } | undefined {
  return config.ingress.enabled ? { host: config.ingress.host, tls: config.ingress.tls.enabled } : undefined;
}
