/**
 * Profiles: partial configurations layered on the schema defaults, like a
 * values file given with `helm -f`. The chart ships them as values-<name>.yaml.
 */
import { ConfigInput } from './schema';

/** Replicas on different nodes where the cluster has them, on one where it has not (the chart adds the selector). */
const SPREAD_ACROSS_NODES = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' as const }];

export const PROFILES = {
  /** minikube: SQLite on a PVC, one replica each, ingress on todo.local (the schema defaults). */
  local: {},
  /** kind: as local, on kind's local-path StorageClass. */
  kind: {
    database: { sqlite: { storageClass: 'standard' } },
  },
  /** A real cluster: external Postgres (e.g. Neon) through an existing Secret, 2+ replicas spread across nodes, HPA, PDB, TLS. */
  production: {
    frontend: {
      image: { tag: '0.1.0' },
      replicaCount: 2,
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6 },
      resources: { requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '1', memory: '768Mi' } },
      pdb: { create: true, minAvailable: 1 },
      topologySpreadConstraints: SPREAD_ACROSS_NODES,
    },
    backend: {
      image: { tag: '0.1.0' },
      replicaCount: 2,
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 8 },
      resources: { requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      pdb: { create: true, minAvailable: 1 },
      topologySpreadConstraints: SPREAD_ACROSS_NODES,
    },
    database: { mode: 'external' },
    secrets: { create: false, existingSecret: 'todo-chatbot-secrets' },
    ingress: {
      host: 'todo.example.com',
      tls: { enabled: true, secretName: 'todo-chatbot-tls' },
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
    },

  },
} satisfies Record<string, ConfigInput>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
export const DEFAULT_PROFILE: ProfileName = 'local';
