/**
 * Where the backend reaches the LLM, read from ai.baseUrl as expressions, so
 * synth and the chart open the same NetworkPolicy rule: the URL's port (or
 * 443/80 by scheme), and for an in-cluster Service (a bare name, or
 * name.namespace.svc[.cluster.local]) its namespace instead of the internet.
 */
import { and, eq, Expr, hasPrefix, isSet, matches, not, or, release, regexReplace, ternary, toInt } from '../template/expr';
import { Refs } from './refs';
import { Config } from './schema';

/** The host of an http(s) URL (ai.baseUrl's pattern guarantees one). */
const host = (url: Expr<string>) => regexReplace(url, '^https?://([A-Za-z0-9.-]+).*$', '${1}');

/** A Service in this namespace (no dot) or name.namespace.svc[.cluster.local]. */
const IN_CLUSTER = '^[A-Za-z0-9-]+$|^[A-Za-z0-9-]+\\.[A-Za-z0-9-]+\\.svc(\\.cluster\\.local)?\\.?$';

export interface AiEndpoint {
  /** True when ai.baseUrl names a Service in the cluster. */
  readonly inCluster: Expr<boolean>;
  /** The namespace of that Service. */
  readonly namespace: Expr<string>;
  /** The port the backend connects to. */
  readonly port: Expr<number>;
}

/** Whether the chart deploys its mock LLM: the mock provider with no URL of another. */
export function mockLlmEnabled(v: Refs<Config>): Expr<boolean> {
  return and(eq(v.ai.provider, 'mock'), not(isSet(v.ai.baseUrl)));
}

export function aiEndpoint(v: Refs<Config>): AiEndpoint {
  const url = v.ai.baseUrl;
  const h = host(url);
  const explicitPort = regexReplace(url, '^https?://[A-Za-z0-9.-]+(:([0-9]+))?([/?#].*)?$', '${2}');
  const defaultPort = ternary(hasPrefix(url, 'http://'), 80, 443);
  return {
    inCluster: and(isSet(url), matches(h, IN_CLUSTER)),
    namespace: ternary(or(matches(h, '^[A-Za-z0-9-]+$'), eq(h, '')), release.namespace, regexReplace(h, '^[A-Za-z0-9-]+\\.([A-Za-z0-9-]+)\\..*$', '${1}')),
    port: ternary(isSet(explicitPort), toInt(explicitPort), defaultPort),
  };
}
