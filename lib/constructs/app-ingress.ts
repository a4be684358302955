import { Construct } from 'constructs';
import type { HttpIngressPath, KubeIngressProps } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Expr, Field, isSet, or, withDefault } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { each, Tpl, when } from '../template/tree';
import { Naming } from './naming';

export interface AppIngressProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** The ingress values. */
  readonly ingress: Refs<Config['ingress']>;
  /** Service of the frontend (path /). */
  readonly frontendService: Expr<string>;
  /** Service of the backend (path /api). */
  readonly backendService: Expr<string>;
}

/**
 * One Ingress: `/api` to the backend, everything else to the frontend, on the
 * host and any extra hosts, optionally with TLS; extra paths come first.
 */
export class AppIngress extends Construct {
  constructor(scope: Construct, id: string, props: AppIngressProps) {
    super(scope, id);
    const i = props.ingress;
    const name = props.naming.name('ingress');
    const path = (p: string, service: Expr<string>): Tpl<HttpIngressPath> => ({
      path: p,
      pathType: i.pathType,
      backend: { service: { name: service, port: { name: 'http' } } },
    });
    const appPaths = [path('/api', props.backendService), path('/', props.frontendService)];
    new TemplatedObject<KubeIngressProps>(this, 'ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      when: i.enabled,
      manifest: {
        metadata: props.naming.metadata(name, 'ingress', { values: i.annotations }),
        spec: {
          ingressClassName: when(isSet(i.className), i.className),
          tls: when(or(i.tls.enabled, isSet(i.extraTls)), [
            when(i.tls.enabled, { hosts: [i.host], secretName: withDefault(i.tls.secretName, props.naming.name('tls')) }),
            each(i.extraTls, 'object', (tls) => tls),
          ]),
          rules: [
            { host: i.host, http: { paths: [each(i.extraPaths, 'object', (p) => p), ...appPaths] } },
            each(i.extraHosts, 'object', (h) => ({ host: new Field<string>(h as Expr<Record<string, unknown>>, 'name', 'string'), http: { paths: appPaths } })),
          ],
        },
      },
    });
  }
}
