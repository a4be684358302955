/**
 * Configurations that are valid but will not work as users expect. Each is an
 * expression, so synth and `deploy` print the same line that the chart's
 * NOTES.txt prints after `helm install`.
 */
import { and, eq, Expr, isSet, not } from '../template/expr';
import { valuesContext } from './load';
import { Refs, valueRefs } from './refs';
import { Config, configSchema } from './schema';

export interface Warning {
  /** True when the configuration deserves the warning. */
  readonly applies: Expr<boolean>;
  /** One line: what will go wrong and how to fix it. */
  readonly message: string;
}

/** The LLM providers that need an API key, and the secrets.* value that holds it. */
export const PROVIDER_KEYS = { groq: 'groqApiKey', openai: 'openaiApiKey' } as const;

/** Warnings about a configuration, as expressions over its values. */
export function configWarnings(v: Refs<Config>): Warning[] {
  const s = v.secrets;
  return Object.entries(PROVIDER_KEYS).map(([provider, key]) => ({
    // Only a Secret the chart creates from values shows whether the key is set.
    applies: and(eq(v.ai.provider, provider), s.create, not(isSet(s.existingSecret)), not(isSet(s[key]))),
    message:
      `ai.provider is "${provider}" but secrets.${key} is empty, so chat answers will fail: ` +
      `set secrets.${key} (or secrets.existingSecret), or use ai.provider=mock to run without a key`,
  }));
}

/** The warnings that apply to a concrete configuration. */
export function warningsFor(config: Config): string[] {
  const ctx = valuesContext(config);
  return configWarnings(valueRefs(configSchema)).filter((w) => w.applies.evaluate(ctx)).map((w) => w.message);
}
