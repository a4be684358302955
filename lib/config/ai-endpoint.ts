/**
 * Where the backend reaches the LLM, read from ai.baseUrl as expressions, so
 * synth and the chart open the same NetworkPolicy rule: the URL's port (or
 * 443/80 by scheme), and for an in-cluster Service (a bare name, or
 * name.namespace.svc[.cluster.local]) its namespace instead of the internet.
 */
import { and, eq, Expr, hasPrefix, isSet, labelled, matches, not, or, release, regexReplace, ternary, toInt } from '../template/expr';
import { Refs } from './refs';
import { Config } from './schema';

/** The host of an http(s) URL (ai.baseUrl's pattern guarantees one). */
const host = (url: Expr<string>) => labelled('ai.host', 'The host of ai.baseUrl.', regexReplace(url, '^https?://([A-Za-z0-9.-]+).*$', '${1}'));

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
  return labelled('mockLlm.enabled', 'Whether the chart runs its mock LLM: ai.provider is mock and ai.baseUrl is empty.', and(eq(v.ai.provider, 'mock'), not(isSet(v.ai.baseUrl))));
}

export function aiEndpoint(v: Refs<Config>): AiEndpoint {
  const url = v.ai.baseUrl;
  const h = host(url);
  const explicitPort = labelled('ai.urlPort', 'The port written in ai.baseUrl, or nothing.', regexReplace(url, '^https?://[A-Za-z0-9.-]+(:([0-9]+))?([/?#].*)?$', '${2}'));
  const defaultPort = ternary(hasPrefix(url, 'http://'), 80, 443);
  return {
    inCluster: labelled('ai.inCluster', 'Whether ai.baseUrl names a Service in the cluster.', and(isSet(url), matches(h, IN_CLUSTER))),
    namespace: labelled(
      'ai.namespace',
      'The namespace of the in-cluster Service that ai.baseUrl names.',
      ternary(or(matches(h, '^[A-Za-z0-9-]+$'), eq(h, '')), release.namespace, regexReplace(h, '^[A-Za-z0-9-]+\\.([A-Za-z0-9-]+)\\..*$', '${1}')),
    ),
    port: labelled('ai.port', 'The port the backend reaches the LLM on: the one in ai.baseUrl, else 80 or 443 by scheme.', ternary(isSet(explicitPort), toInt(explicitPort), defaultPort)),
  };
}
