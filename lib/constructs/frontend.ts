import { Construct } from 'constructs';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Expr, str } from '../template/expr';
import { AppConfig, CONFIG_KEYS } from './app-config';
import { AppSecrets } from './app-secrets';
import { Naming } from './naming';
import { imageRegistry } from './pod-options';
import { WebWorkload } from './web-workload';

export interface FrontendProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** All values. */
  readonly values: Refs<Config>;
  /** Non-secret settings. */
  readonly config: AppConfig;
  /** The app Secret. */
  readonly secrets: AppSecrets;
}

/** The Next.js frontend: stateless, rolled with no downtime. */
export class Frontend extends Construct {
  public readonly workload: WebWorkload;
  public readonly name: Expr<string>;

  constructor(scope: Construct, id: string, props: FrontendProps) {
    super(scope, id);
    const { config, secrets } = props;
    const v = props.values.frontend;
    const names = v.envNames;
    this.workload = new WebWorkload(this, 'workload', {
      naming: props.naming,
      component: 'frontend',
      values: v,
      imagePullSecrets: props.values.imagePullSecrets,
      imageRegistry: imageRegistry(props.values),
      sleepCommand: (seconds) => ['node', '-e', str`setTimeout(() => {}, ${seconds} * 1000)`],
      env: [
        { name: names.port, value: str`${v.port}` },
        { name: names.hostname, value: '0.0.0.0' },
        config.env(names.backendUrl, CONFIG_KEYS.backendUrl),
        config.env(names.publicApiUrl, CONFIG_KEYS.publicApiUrl),
        config.env(names.authUrl, CONFIG_KEYS.publicUrl),
        secrets.env(names.authSecret, 'authSecret'),
      ],
      // Next.js writes its image and fetch cache here.
      volumes: [{ name: 'next-cache', emptyDir: { sizeLimit: '512Mi' } }],
      volumeMounts: [{ name: 'next-cache', mountPath: '/app/.next/cache' }],
    });
    this.name = this.workload.name;
  }
}
