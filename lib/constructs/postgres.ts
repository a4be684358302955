import { Construct } from 'constructs';
import type { KubeServiceProps, KubeStatefulSetProps } from '../../imports/k8s';
import { POSTGRES_ENV_NAMES } from '../config/chart-keys';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { Expr, isSet } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { when } from '../template/tree';
import { AppSecrets } from './app-secrets';
import { DisruptionBudget } from './disruption-budget';
import { Naming } from './naming';
import { containerEnv, extraContainers, extraEnv, extraEnvFrom, extraVolumeMounts, extraVolumes, imageReference, podMetadata, podScheduling, pullSecrets } from './pod-options';
import { restrictedPodSecurityContext } from './pod-security';
import { probes } from './probes';
import { WorkloadServiceAccount } from './service-account';
import { settingsChecksums } from './settings-checksum';

export interface PostgresProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** The database.postgres values. */
  readonly postgres: Refs<Config['database']['postgres']>;
  /** Pull secrets of the pod: names or `{name}` objects. */
  readonly imagePullSecrets: Expr<Array<string | { name: string }>>;
  /** Registry put before the image repository (global.imageRegistry). */
  readonly imageRegistry: Expr<string>;
  /** The app Secret, which holds the password. */
  readonly secrets: AppSecrets;
  /** Everything exists only when this holds (database.mode=postgres). */
  readonly when: Expr<boolean>;
}

const DATA_DIR = '/var/lib/postgresql/data';
const [DB, USER, PASSWORD, PGDATA] = POSTGRES_ENV_NAMES;

/**
 * In-cluster PostgreSQL for local use: a one-replica StatefulSet with a
 * volumeClaimTemplate (the claim outlives the StatefulSet) behind a headless
 * Service. Runs as the image's postgres user under Pod Security "restricted".
 */
export class Postgres extends Construct {
  /** Host name of the server inside the namespace. */
  public readonly host: Expr<string>;
  public readonly name: Expr<string>;

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const { naming, postgres: p } = props;
    const component = 'database';
    this.name = naming.name('postgres');
    this.host = this.name;
    const sa = new WorkloadServiceAccount(this, 'account', { naming, component, defaultName: this.name, account: p.serviceAccount, when: props.when });
    const isReady = ['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', p.username, '-d', p.database];

    new TemplatedObject<KubeServiceProps>(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      when: props.when,
      manifest: {
        metadata: naming.metadata(this.name, component, { values: p.service.annotations }),
        spec: {
          // The JSON field is clusterIP; the imported props spell it clusterIp.
          ...({ clusterIP: 'None' } as object),
          selector: naming.selectorLabels(component) as never,
          ports: [{ name: 'postgres', port: p.port, targetPort: 'postgres', protocol: 'TCP' }],
        },
      },
    });

    new DisruptionBudget(this, 'disruption-budget', { naming, component, name: this.name, budget: p.pdb, when: props.when });

    const env = [
      { name: DB, value: p.database },
      { name: USER, value: p.username },
      props.secrets.env(PASSWORD, 'postgresPassword'),
      // A subdirectory, because the volume root may hold lost+found.
      { name: PGDATA, value: `${DATA_DIR}/pgdata` },
      extraEnv(p),
    ];
    new TemplatedObject<KubeStatefulSetProps>(this, 'statefulset', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      when: props.when,
      manifest: {
        metadata: naming.metadata(this.name, component),
        spec: {
          serviceName: this.name,
          replicas: 1,
          revisionHistoryLimit: p.revisionHistoryLimit,
          updateStrategy: { type: p.updateStrategy.type },
          selector: { matchLabels: naming.selectorLabels(component) as never },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          template: {
            metadata: podMetadata(naming, component, p, settingsChecksums(this, 'postgres', env)) as never,
            spec: {
              ...(podScheduling(naming, component, p) as object),
              serviceAccountName: sa.name,
              automountServiceAccountToken: sa.automountToken as never,
              securityContext: restrictedPodSecurityContext(p.podSecurityContext),
              imagePullSecrets: pullSecrets(props.imagePullSecrets),
              initContainers: when(isSet(p.initContainers), [extraContainers(p, p.initContainers)]),
              containers: [
                {
                  name: 'postgres',
                  image: imageReference(p.image, props.imageRegistry),
                  imagePullPolicy: p.image.pullPolicy,
                  ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
                  env: containerEnv(this, 'postgres', env) as never,
                  envFrom: extraEnvFrom(p),
                  resources: p.resources as never,
                  securityContext: p.containerSecurityContext as never,
                  ...probes(this, 'postgres', { exec: { command: isReady } }, p),
                  volumeMounts: [
                    { name: 'data', mountPath: DATA_DIR },
                    { name: 'run', mountPath: '/var/run/postgresql' },
                    { name: 'tmp', mountPath: '/tmp' },
                    extraVolumeMounts(p),
                  ],
                },
                extraContainers(p, p.sidecars),
              ],
              volumes: [
                { name: 'run', emptyDir: {} },
                { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
                extraVolumes(p),
              ],
            },
          },
          volumeClaimTemplates: [
            {
              // Claim templates cannot change after creation: no label that moves with the version.
              metadata: { name: 'data', labels: naming.selectorLabels(component) as never },
              spec: {
                accessModes: ['ReadWriteOnce'],
                storageClassName: when(isSet(p.storageClass), p.storageClass),
                resources: { requests: { storage: p.size } },
              },
            },
          ],
        },
      },
    });
  }
}

