import { Construct } from 'constructs';
import type { KubeConfigMapProps } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Expr, labelled, str, ternary, withDefault } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { Naming } from './naming';
import { settingsRead } from './settings-checksum';

export interface AppConfigProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** All values. */
  readonly values: Refs<Config>;
  /** Name of the backend Service. */
  readonly backendName: Expr<string>;
  /** The LLM API base URL the backend uses: ai.baseUrl, or the in-cluster mock's. */
  readonly llmUrl: Expr<string>;
}

/** Keys of the app ConfigMap. */
export const CONFIG_KEYS = {
  aiProvider: 'ai-provider',
  aiModel: 'ai-model',
  aiBaseUrl: 'ai-base-url',
  corsOrigins: 'cors-origins',
  backendUrl: 'backend-url',
  publicUrl: 'public-url',
  publicApiUrl: 'public-api-url',
} as const;

/** The app's non-secret settings as a ConfigMap. */
export class AppConfig extends Construct {
  public readonly name: Expr<string>;
  /** URL users open: publicUrl, else derived from the ingress, else localhost (port-forward). */
  public readonly publicUrl: Expr<string>;
  private readonly data: Readonly<Record<string, Expr>>;

  constructor(scope: Construct, id: string, props: AppConfigProps) {
    super(scope, id);
    const v = props.values;
    this.name = props.naming.name('config');
    const derived = ternary(
      v.ingress.enabled,
      str`${ternary(v.ingress.tls.enabled, 'https', 'http')}://${v.ingress.host}`,
      str`http://localhost:${v.frontend.service.port}`,
    );
    this.publicUrl = labelled('publicUrl', 'The URL users open: publicUrl, else the ingress host, else localhost (port-forward).', withDefault(v.publicUrl, derived));
    this.data = {
      [CONFIG_KEYS.aiProvider]: v.ai.provider,
      [CONFIG_KEYS.aiModel]: v.ai.model,
      [CONFIG_KEYS.aiBaseUrl]: props.llmUrl,
      [CONFIG_KEYS.corsOrigins]: this.publicUrl,
      [CONFIG_KEYS.backendUrl]: labelled('backend.url', 'The backend\'s URL inside the cluster.', str`http://${props.backendName}:${v.backend.service.port}`),
      [CONFIG_KEYS.publicUrl]: this.publicUrl,
      [CONFIG_KEYS.publicApiUrl]: labelled('publicApiUrl', 'The URL the browser calls the API at: the public URL, then /api.', str`${this.publicUrl}/api`),
    };
    new TemplatedObject<KubeConfigMapProps>(this, 'configmap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      manifest: {
        metadata: props.naming.metadata(this.name, 'config'),
        data: this.data as never,
      },
    });
  }

  /** An env var read from a key of this ConfigMap; the pods roll when its value changes. */
  public env(name: string | Expr<string>, key: (typeof CONFIG_KEYS)[keyof typeof CONFIG_KEYS]) {
    return settingsRead({ name, valueFrom: { configMapKeyRef: { name: this.name, key } } }, 'configMap', key, this.data[key]);
  }
}
