/** Each bad input, the key its message must name, and a phrase that says what is allowed. */
export const BAD_INPUTS: Array<{ name: string; values: unknown; message: RegExp }> = [
  { name: 'negative replicas', values: { frontend: { replicaCount: -1 } }, message: /^frontend\.replicaCount: must be a whole number from 0 to 100/ },
  { name: 'non-integer replicas', values: { frontend: { replicaCount: 1.5 } }, message: /^frontend\.replicaCount: must be a whole number/ },
  { name: 'SQLite with two backend replicas', values: { backend: { replicaCount: 2 } }, message: /^backend\.replicaCount: must be 0 or 1 when database\.mode is "sqlite"/ },
  { name: 'SQLite with backend autoscaling', values: { backend: { autoscaling: { enabled: true } } }, message: /^backend\.autoscaling\.enabled: must be false when database\.mode is "sqlite"/ },
  { name: 'empty image tag', values: { backend: { image: { tag: '' } } }, message: /^backend\.image\.tag: must not be empty/ },
  { name: 'host that is not a DNS name', values: { ingress: { host: 'Todo Local' } }, message: /^ingress\.host: must be a DNS name/ },
  { name: 'quantity Kubernetes rejects', values: { backend: { resources: { requests: { memory: '1 GB' } } } }, message: /^backend\.resources\.requests\.memory: must be a Kubernetes quantity/ },
  { name: 'limit below request', values: { frontend: { resources: { requests: { cpu: '1' }, limits: { cpu: '500m' } } } }, message: /^frontend\.resources\.limits\.cpu: must be at least frontend\.resources\.requests\.cpu/ },
  { name: 'memory limit below request', values: { backend: { resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } } }, message: /^backend\.resources\.limits\.memory: must be at least/ },
  { name: 'port out of range', values: { backend: { port: 70000 } }, message: /^backend\.port: must be a port from 1 to 65535/ },
  { name: 'nodePort out of range', values: { frontend: { service: { type: 'NodePort', nodePort: 80 } } }, message: /^frontend\.service\.nodePort: must be 0 .* or a whole number from 30000 to 32767/ },
  { name: 'unknown key (typo)', values: { frontend: { replicas: 2 } }, message: /^unknown key "frontend\.replicas"; did you mean "replicaCount"\?/ },
  { name: 'unknown database mode', values: { database: { mode: 'mysql' } }, message: /^database\.mode: must be one of "sqlite", "postgres", "external"/ },
  { name: 'unknown AI provider', values: { ai: { provider: 'claude' } }, message: /^ai\.provider: must be one of "groq", "openai", "mock"/ },
  { name: 'HPA minReplicas above maxReplicas', values: { frontend: { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 2 } } }, message: /^frontend\.autoscaling\.minReplicas: must not exceed frontend\.autoscaling\.maxReplicas/ },
  { name: 'external database without URL or existing secret', values: { database: { mode: 'external' } }, message: /^secrets\.databaseUrl: is required when database\.mode is "external"/ },
];
