/** Label, annotation, variable, volume and container names the chart sets itself, which values must leave alone. */

/** Labels on every object; the name, instance and component labels also select the pods. */
export const CHART_LABELS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
  'app.kubernetes.io/version',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
  'helm.sh/chart',
] as const;

/** The pod annotation that holds the checksum of the settings a pod reads, by the kind of object that holds them. */
export const SETTINGS_CHECKSUMS = { configMap: 'checksum/config', secret: 'checksum/secret' } as const;

/** Annotations on the pod templates: the checksums that roll the pods when a setting they read changes. */
export const CHART_POD_ANNOTATIONS = Object.values(SETTINGS_CHECKSUMS);

/** Variables the PostgreSQL container gets from the chart. */
export const POSTGRES_ENV_NAMES = ['POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'PGDATA'] as const;

/** The workloads by the key of their values. */
export type WorkloadKey = 'frontend' | 'backend' | 'database.postgres';

/** The container each workload's pods run (extra containers need other names). */
export const CHART_CONTAINERS: Record<WorkloadKey, string> = { frontend: 'frontend', backend: 'backend', 'database.postgres': 'postgres' };

/** Volumes of each workload's pods (the backend's data volume exists with SQLite only, but its name stays reserved). */
export const CHART_VOLUMES: Record<WorkloadKey, readonly string[]> = {
  frontend: ['tmp', 'next-cache'],
  backend: ['tmp', 'data'],
  'database.postgres': ['data', 'run', 'tmp'],
};

/** Folders the chart mounts in each main container (and the backend's SQLite folder, which follows database.sqlite.path). */
export const CHART_MOUNT_PATHS: Record<WorkloadKey, readonly string[]> = {
  frontend: ['/tmp', '/app/.next/cache'],
  backend: ['/tmp'],
  'database.postgres': ['/var/lib/postgresql/data', '/var/run/postgresql', '/tmp'],
};
