import { Construct } from 'constructs';
import type { KubePersistentVolumeClaimProps } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { and, Expr, isSet, not, withDefault } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { when } from '../template/tree';
import { Naming } from './naming';

export interface SqliteStorageProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** The database.sqlite values. */
  readonly sqlite: Refs<Config['database']['sqlite']>;
  /** The claim exists only when this holds (database.mode=sqlite). */
  readonly when: Expr<boolean>;
}

/** Annotation that makes `helm uninstall` leave an object in place. */
export const KEEP_ON_UNINSTALL = { 'helm.sh/resource-policy': 'keep' };

/**
 * The PersistentVolumeClaim that holds the SQLite file; uninstalling keeps
 * it. With database.sqlite.existingClaim the chart uses that claim instead.
 */
export class SqliteStorage extends Construct {
  /** The claim the backend mounts. */
  public readonly claimName: Expr<string>;

  constructor(scope: Construct, id: string, props: SqliteStorageProps) {
    super(scope, id);
    const own = props.naming.name('sqlite');
    this.claimName = withDefault(props.sqlite.existingClaim, own);
    new TemplatedObject<KubePersistentVolumeClaimProps>(this, 'pvc', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      when: and(props.when, not(isSet(props.sqlite.existingClaim))),
      manifest: {
        metadata: props.naming.metadata(own, 'database', { fixed: KEEP_ON_UNINSTALL }),
        spec: {
          accessModes: ['ReadWriteOnce'],
          // An empty class means the cluster default; "" in the spec would disable provisioning.
          storageClassName: when(isSet(props.sqlite.storageClass), props.sqlite.storageClass),
          resources: { requests: { storage: props.sqlite.size } },
        },
      },
    });
  }
}
