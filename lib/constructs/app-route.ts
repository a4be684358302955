import { Construct } from 'constructs';
import type { HttpRouteProps } from '../../imports/gateway.networking.k8s.io';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Expr, isSet } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { when } from '../template/tree';
import { Naming } from './naming';

export interface AppRouteProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** The httpRoute values. */
  readonly route: Refs<Config['httpRoute']>;
  /** Service and port of the frontend (path /). */
  readonly frontend: { readonly service: Expr<string>; readonly port: Expr<number> };
  /** Service and port of the backend (path /api). */
  readonly backend: { readonly service: Expr<string>; readonly port: Expr<number> };
}

/**
 * A Gateway API HTTPRoute (gateway.networking.k8s.io/v1), the successor of
 * the Ingress: `/api` to the backend, everything else to the frontend, on the
 * Gateways named in parentRefs. Typed by the classes `cdk8s import` made from
 * the vendored CRD.
 */
export class AppRoute extends Construct {
  constructor(scope: Construct, id: string, props: AppRouteProps) {
    super(scope, id);
    const r = props.route;
    const rule = (path: string, to: AppRouteProps['frontend']) => ({
      matches: [{ path: { type: 'PathPrefix', value: path } }],
      backendRefs: [{ name: to.service, port: to.port }],
    });
    new TemplatedObject<HttpRouteProps>(this, 'route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      when: r.enabled,
      manifest: {
        metadata: props.naming.metadata(props.naming.name('route'), 'route', { values: r.annotations }) as never,
        spec: {
          parentRefs: r.parentRefs as never,
          hostnames: when(isSet(r.hostnames), r.hostnames) as never,
          rules: [rule('/api', props.backend), rule('/', props.frontend)] as never,
        },
      },
    });
  }
}
