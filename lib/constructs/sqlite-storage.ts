import { Construct } from 'constructs';
import type { KubePersistentVolumeClaimProps } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Expr, isSet } from '../template/expr';
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

/** The PersistentVolumeClaim that holds the SQLite file; uninstalling keeps it. */
export class SqliteStorage extends Construct {
  public readonly claimName: Expr<string>;

  constructor(scope: Construct, id: string, props: SqliteStorageProps) {
    super(scope, id);
    this.claimName = props.naming.name('sqlite');
    new TemplatedObject<KubePersistentVolumeClaimProps>(this, 'pvc', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      when: props.when,
      manifest: {
        metadata: props.naming.metadata(this.claimName, 'database', { fixed: KEEP_ON_UNINSTALL }),
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
