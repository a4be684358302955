import { Construct } from 'constructs';
import { mockLlmEnabled } from './config/ai-endpoint';
import { configRules, targetRules } from './config/rules';
import { inRenderOrder } from './template/check-groups';
import { MIN_KUBE_VERSION } from './config/kube-version';
import { valueRefs } from './config/refs';
import { Config, configSchema } from './config/schema';
import { AppConfig } from './constructs/app-config';
import { AppIngress } from './constructs/app-ingress';
import { AppRoute } from './constructs/app-route';
import { AppSecrets } from './constructs/app-secrets';
import { Backend } from './constructs/backend';
import { Frontend } from './constructs/frontend';
import { MockLlm } from './constructs/mock-llm';
import { APP_NAME, Naming } from './constructs/naming';
import { AppNamespace } from './constructs/namespace';
import { NetworkPolicies } from './constructs/network-policies';
import { imageRegistry } from './constructs/pod-options';
import { Postgres } from './constructs/postgres';
import { SmokeTest } from './constructs/smoke-test';
import { SqliteStorage } from './constructs/sqlite-storage';
import { eq, GeneratedAt, GeneratedSpec, labelled, ternary } from './template/expr';
import { TemplatedChart } from './template/templated-chart';
import { evaluateTree } from './template/tree';

export interface TodoChatbotChartProps {
  /** The validated configuration. */
  readonly config: Config;
  /**
   * Release name: the prefix of every object name.
   * @default 'todo-chatbot'
   */
  readonly release?: string;
  /**
   * Namespace of every object.
   * @default 'todo-chatbot'
   */
  readonly namespace?: string;
  /**
   * Version of the app and chart (package.json).
   * @default '0.1.0'
   */
  readonly version?: string;
  /**
   * Source of generated secret values.
   * @default - random alphanumerics from the crypto module
   */
  readonly generate?: (spec: GeneratedSpec, at: GeneratedAt) => string;
  /**
   * Kubernetes version of the target cluster, for fields that depend on it (the Helm chart asks the cluster).
   * @default MIN_KUBE_VERSION, the oldest the chart supports
   */
  readonly kubeVersion?: string;
  /**
   * Include the Namespace object (plain manifests do; the Helm chart leaves it to --create-namespace).
   * @default true
   */
  readonly namespaceObject?: boolean;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumerics, without modulo bias. */
export function randomAlphanumeric(spec: GeneratedSpec): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomInt } = require('crypto') as typeof import('crypto');
  let out = '';
  for (let i = 0; i < spec.length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

export const DEFAULT_RELEASE = 'todo-chatbot';

/**
 * The whole Todo AI Chatbot: frontend, backend, secrets, settings, database
 * (SQLite volume or in-cluster PostgreSQL), ingress and network policies.
 * Every part exists in every configuration's description; values decide which
 * parts the output holds, so the Helm chart sees all of them.
 */
export class TodoChatbotChart extends TemplatedChart {
  constructor(scope: Construct, id: string, props: TodoChatbotChartProps) {
    const release = props.release ?? DEFAULT_RELEASE;
    const namespace = props.namespace ?? DEFAULT_RELEASE;
    const version = props.version ?? '0.1.0';
    super(scope, id, {
      disableResourceNameHashes: true,
      context: {
        values: props.config,
        release: { name: release, namespace, service: 'Helm' },
        chart: { name: APP_NAME, version, appVersion: version },
        kubeVersion: props.kubeVersion ?? MIN_KUBE_VERSION,
        generate: props.generate ?? randomAlphanumeric,
        scope: new Map(),
      },
    });
    const v = valueRefs(configSchema);
    for (const rule of inRenderOrder([...configRules(v), ...targetRules(v)], (r) => r.path)) this.addCheck({ violated: rule.violated, message: `${rule.path}: ${rule.message}` });

    const naming = new Naming(this, v);
    if (props.namespaceObject ?? true) {
      // Plain manifests only, so its labels are evaluated here rather than templated.
      const labels = evaluateTree(naming.labels('namespace'), this.context) as Record<string, string>;
      new AppNamespace(this, 'namespace', { name: namespace, labels });
    }
    const backendName = naming.name('backend');
    const postgresHost = naming.name('postgres');
    const secrets = new AppSecrets(this, 'secrets', { naming, values: v, postgresHost });
    const mockLlm = new MockLlm(this, 'mock-llm', { naming, values: v, imageRegistry: imageRegistry(v) });
    const llmUrl = labelled('llmUrl', 'The LLM API URL the backend uses: the mock\'s when it runs, else ai.baseUrl.', ternary(mockLlmEnabled(v), mockLlm.url, v.ai.baseUrl));
    const config = new AppConfig(this, 'config', { naming, values: v, backendName, llmUrl });
    const sqlite = new SqliteStorage(this, 'database', { naming, sqlite: v.database.sqlite, when: eq(v.database.mode, 'sqlite') });
    new Postgres(this, 'postgres', {
      naming,
      postgres: v.database.postgres,
      imagePullSecrets: v.imagePullSecrets,
      imageRegistry: imageRegistry(v),
      secrets,
      when: eq(v.database.mode, 'postgres'),
    });
    const backend = new Backend(this, 'backend', { naming, values: v, config, secrets, sqlite });
    const frontend = new Frontend(this, 'frontend', { naming, values: v, config, secrets });
    new AppIngress(this, 'ingress', { naming, ingress: v.ingress, frontendService: frontend.name, backendService: backend.name });
    new AppRoute(this, 'route', {
      naming,
      route: v.httpRoute,
      frontend: { service: frontend.name, port: frontend.workload.servicePort },
      backend: { service: backend.name, port: backend.workload.servicePort },
    });
    new NetworkPolicies(this, 'network-policies', { naming, values: v });
    new SmokeTest(this, 'tests', { naming, values: v, frontendService: frontend.name, backendService: backend.name });
  }
}
