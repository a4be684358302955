/** Label, annotation and variable names the chart sets itself, which values must leave alone. */

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

/** Annotations on the frontend and backend pod templates: the checksum that rolls them when their settings change. */
export const CHART_POD_ANNOTATIONS = ['checksum/config'] as const;

/** Variables the PostgreSQL container gets from the chart. */
export const POSTGRES_ENV_NAMES = ['POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'PGDATA'] as const;
