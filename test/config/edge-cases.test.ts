// Values at the edges, written as YAML text so synth and Helm read the same
// bytes: each is refused by synth, helm 3 and helm 4 naming the same key, or
// accepted by all three with equal output that Kubernetes would take.
import { ConfigError, validateConfig } from '../../lib/config';
import { readHelmValues } from '../../lib/config/helm-yaml';
import { render } from '../../lib/synth';
import { compareManifests, generatedKeys } from '../support/equivalence';
import { HELM_MAJORS, HelmMajor, parseManifests, ROOT } from '../support/helm';
import { HelmOutcome, helmTemplateMany } from '../support/helm-batch';
import { K8S_VERSIONS, validateObjects } from '../support/k8s-schema';
import { validityProblems } from '../support/k8s-validity';
import { podSecurityViolations, podSpecOf } from '../support/pod-security';
import { PINNED } from '../support/render';
import { tempFile } from '../support/tmp';

interface Case {
  readonly name: string;
  readonly yaml: string;
  /** The key every message names; undefined when all accept. */
  readonly refusedAt?: string;
}

const big = (kib: number) => 'x'.repeat(kib * 1024);

const CASES: Case[] = [
  // YAML 1.1, as Helm reads it.
  { name: 'a YAML 1.1 boolean (yes)', yaml: 'ingress:\n  tls:\n    enabled: yes\n' },
  { name: 'a YAML 1.1 octal user id (010001 is 4097)', yaml: 'frontend:\n  podSecurityContext:\n    runAsUser: 010001\n' },
  { name: 'an integer with an underscore (1_0)', yaml: 'frontend:\n  replicaCount: 1_0\n' },
  { name: 'a merge key', yaml: 'frontend:\n  resources: &r\n    requests:\n      cpu: 200m\nbackend:\n  resources:\n    <<: *r\n' },
  { name: 'a duplicate key (the last wins)', yaml: 'frontend:\n  replicaCount: 2\n  replicaCount: 3\n' },
  // Keys that are data, never object internals.
  { name: '__proto__ at the top level', yaml: '__proto__:\n  frontend:\n    replicaCount: 7\n', refusedAt: '__proto__' },
  { name: '__proto__ as an ingress annotation', yaml: 'ingress:\n  annotations:\n    __proto__: x\n', refusedAt: 'ingress.annotations' },
  // Quantities: bounded so that both sides compare them exactly.
  { name: 'cpu 1e400 against 1e401', yaml: 'frontend:\n  resources:\n    requests:\n      cpu: 1e401\n    limits:\n      cpu: 1e400\n', refusedAt: 'frontend.resources.requests.cpu' },
  { name: 'memory 9007199254740993 against 9007199254740992', yaml: 'backend:\n  resources:\n    requests:\n      memory: "9007199254740993"\n    limits:\n      memory: "9007199254740992"\n', refusedAt: 'backend.resources.requests.memory' },
  { name: 'memory as a number above 2^53', yaml: 'backend:\n  resources:\n    limits:\n      memory: 9007199254740993\n', refusedAt: 'backend.resources.limits.memory' },
  { name: 'a limit of 1e999999999', yaml: 'frontend:\n  resources:\n    limits:\n      cpu: "1e999999999"\n', refusedAt: 'frontend.resources.limits.cpu' },
  { name: 'a request finer than 1m', yaml: 'frontend:\n  resources:\n    requests:\n      cpu: 0.5m\n', refusedAt: 'frontend.resources.requests.cpu' },
  { name: 'a binary fraction finer than 1m (0.0001Ki)', yaml: 'frontend:\n  resources:\n    requests:\n      memory: 0.0001Ki\n', refusedAt: 'frontend.resources.requests.memory' },
  { name: 'a decimal with more digits than float64 keeps', yaml: 'frontend:\n  resources:\n    requests:\n      cpu: "0.10000000000000001"\n', refusedAt: 'frontend.resources.requests.cpu' },
  { name: 'a limit of exactly 1Ti', yaml: 'frontend:\n  resources:\n    limits:\n      memory: 1Ti\n' },
  { name: 'a limit just above 1Ti', yaml: 'frontend:\n  resources:\n    limits:\n      memory: "1099511627777"\n', refusedAt: 'frontend.resources.limits.memory' },
  { name: 'a limit equal to its request in another unit', yaml: 'frontend:\n  resources:\n    requests:\n      memory: 1Gi\n    limits:\n      memory: "1073741824"\n' },
  { name: 'a limit 1m below its request', yaml: 'frontend:\n  resources:\n    requests:\n      cpu: "1.001"\n    limits:\n      cpu: 1e0\n', refusedAt: 'frontend.resources.limits.cpu' },
  { name: 'a volume size of 5Ti (not compared)', yaml: 'database:\n  sqlite:\n    size: 5Ti\n' },
  // Lengths count characters as JSON Schema does, and patterns mean the same in JavaScript and Go.
  { name: 'a public URL with a no-break space', yaml: 'publicUrl: "https://todo.example.com/a\\u00a0b"\n', refusedAt: 'publicUrl' },
  { name: 'a public URL with a vertical tab', yaml: 'publicUrl: "https://todo.example.com/a\\vb"\n', refusedAt: 'publicUrl' },
  { name: 'an extra variable of 8192 emoji', yaml: `backend:\n  env:\n    NOTE: ${'\u{1F600}'.repeat(8192)}\n` },
  { name: 'an extra variable of 8193 characters', yaml: `backend:\n  env:\n    NOTE: ${'x'.repeat(8193)}\n`, refusedAt: 'backend.env' },
  { name: 'an API key of 8192 emoji', yaml: `secrets:\n  groqApiKey: ${'\u{1F600}'.repeat(8192)}\n` },
  { name: 'an API key of 8193 emoji', yaml: `secrets:\n  groqApiKey: ${'\u{1F600}'.repeat(8193)}\n`, refusedAt: 'secrets.groqApiKey' },
  // What Kubernetes would refuse.
  { name: 'an annotation key with a space', yaml: 'ingress:\n  annotations:\n    "bad key": x\n', refusedAt: 'ingress.annotations' },
  { name: 'an annotation key with an empty name', yaml: 'ingress:\n  annotations:\n    "example.com/": x\n', refusedAt: 'ingress.annotations' },
  { name: 'an annotation key with an upper-case prefix', yaml: 'ingress:\n  annotations:\n    Example.COM/note: x\n' },
  { name: 'an annotation key with a prefix of 254 characters', yaml: `ingress:\n  annotations:\n    ${'p'.repeat(250)}.com/x: v\n`, refusedAt: 'ingress.annotations' },
  { name: 'an annotation key with a prefix of 253 characters', yaml: `ingress:\n  annotations:\n    ${'p'.repeat(249)}.com/x: v\n` },
  { name: 'an annotation key with a name of 64 characters', yaml: `ingress:\n  annotations:\n    ${'n'.repeat(64)}: v\n`, refusedAt: 'ingress.annotations' },
  { name: 'an extra variable whose name is not a variable name', yaml: 'frontend:\n  env:\n    1ABC: x\n', refusedAt: 'frontend.env' },
  { name: 'annotations over 256 KiB together', yaml: `ingress:\n  annotations:\n    a.example.com/one: ${big(128)}\n    a.example.com/two: ${big(128)}\n`, refusedAt: 'ingress.annotations' },
  { name: 'annotations just under 256 KiB together', yaml: `ingress:\n  annotations:\n    a.example.com/one: ${big(128)}\n    b: ${'x'.repeat(128 * 1024 - 'a.example.com/one'.length - 1)}\n` },
  { name: 'a storageClass that is not a DNS name', yaml: 'database:\n  sqlite:\n    storageClass: Fast_SSD\n', refusedAt: 'database.sqlite.storageClass' },
  { name: 'a Secret key with a space', yaml: 'secrets:\n  keys:\n    authSecret: "auth secret"\n', refusedAt: 'secrets.keys.authSecret' },
  { name: 'a Secret key starting with ".."', yaml: 'secrets:\n  keys:\n    authSecret: ..auth\n', refusedAt: 'secrets.keys.authSecret' },
  { name: 'two settings on one Secret key', yaml: 'secrets:\n  keys:\n    openaiApiKey: api-key\n    groqApiKey: api-key\n', refusedAt: 'secrets.keys' },
  { name: 'both Services on one nodePort', yaml: 'frontend:\n  service:\n    type: NodePort\n    nodePort: 30080\nbackend:\n  service:\n    type: NodePort\n    nodePort: 30080\n', refusedAt: 'backend.service.nodePort' },
  { name: 'the SQLite file in /tmp', yaml: 'database:\n  sqlite:\n    path: /tmp/todo.db\n', refusedAt: 'database.sqlite.path' },
  { name: 'the SQLite file in /', yaml: 'database:\n  sqlite:\n    path: /todo.db\n', refusedAt: 'database.sqlite.path' },
  { name: 'the SQLite file in /etc', yaml: 'database:\n  sqlite:\n    path: /etc/todo.db\n', refusedAt: 'database.sqlite.path' },
  { name: 'the SQLite file behind ".."', yaml: 'database:\n  sqlite:\n    path: /data/../etc/todo.db\n', refusedAt: 'database.sqlite.path' },
  { name: 'the SQLite file in a folder below /var', yaml: 'database:\n  sqlite:\n    path: /var/lib/todo/todo.db\n' },
  { name: 'an Ingress host that is an IP address', yaml: 'ingress:\n  host: 10.0.0.1\n', refusedAt: 'ingress.host' },
  { name: 'an Ingress host that is an IP address with leading zeros (the API server reads 010.0.0.1 as 10.0.0.1)', yaml: 'ingress:\n  host: 010.0.0.1\n', refusedAt: 'ingress.host' },
  { name: 'an Ingress host with an octet over 255', yaml: 'ingress:\n  host: 10.0.0.256\n' },
  { name: 'two frontend variables with one name', yaml: 'frontend:\n  envNames:\n    port: HOSTNAME\n', refusedAt: 'frontend.envNames' },
  { name: 'an extra variable that overrides a managed one', yaml: 'backend:\n  env:\n    DATABASE_URL: sqlite:////tmp/x.db\n', refusedAt: 'backend.env' },
  { name: 'an extra variable named like a renamed managed one', yaml: 'backend:\n  envNames:\n    aiModel: MODEL\n  env:\n    MODEL: x\n', refusedAt: 'backend.env' },
  { name: 'an extra variable freed by a rename', yaml: 'backend:\n  envNames:\n    aiModel: MODEL\n  env:\n    AI_MODEL: x\n' },
  { name: 'a PDB that keeps the only pod', yaml: 'frontend:\n  pdb:\n    create: true\n    minAvailable: 1\n', refusedAt: 'frontend.pdb.minAvailable' },
  { name: 'a PDB at the autoscaler minimum', yaml: 'database:\n  mode: postgres\nbackend:\n  replicaCount: 3\n  autoscaling:\n    enabled: true\n    minReplicas: 2\n  pdb:\n    create: true\n    minAvailable: 2\n', refusedAt: 'backend.pdb.minAvailable' },
  { name: 'a PDB whose percentage rounds up to every pod (60% of 2 is 2)', yaml: 'frontend:\n  replicaCount: 2\n  pdb:\n    create: true\n    minAvailable: 60%\n', refusedAt: 'frontend.pdb.minAvailable' },
  { name: 'a PDB percentage that leaves one pod free (50% of 2 is 1)', yaml: 'frontend:\n  replicaCount: 2\n  pdb:\n    create: true\n    minAvailable: 50%\n' },
  { name: 'a PDB that lets no pod go', yaml: 'database:\n  mode: postgres\n  postgres:\n    pdb:\n      create: true\n      maxUnavailable: 0%\n', refusedAt: 'database.postgres.pdb.maxUnavailable' },
  { name: 'a PDB with both settings', yaml: 'backend:\n  pdb:\n    create: true\n    minAvailable: 0\n    maxUnavailable: 1\n', refusedAt: 'backend.pdb' },
  { name: 'a PDB below the replica counts', yaml: 'database:\n  mode: postgres\nfrontend:\n  replicaCount: 2\n  pdb:\n    create: true\n    minAvailable: 1\nbackend:\n  replicaCount: 2\n  pdb:\n    create: true\n    maxUnavailable: 50%\n' },
  { name: 'a PDB with the default: one pod down at a time, even for one pod', yaml: 'frontend:\n  pdb:\n    create: true\n' },
  { name: 'a SQLite volume of zero bytes', yaml: 'database:\n  sqlite:\n    size: 0\n', refusedAt: 'database.sqlite.size' },
  { name: 'a PostgreSQL volume of 0Gi', yaml: 'database:\n  mode: postgres\n  postgres:\n    size: 0.0Gi\n', refusedAt: 'database.postgres.size' },
  { name: 'an empty ingress namespace for the network policy', yaml: 'networkPolicy:\n  ingressNamespace: ""\n', refusedAt: 'networkPolicy.ingressNamespace' },
];

function synth(file: string): { objects: any[] } | { error: string } {
  try {
    return { objects: parseManifests(render({ root: ROOT, valuesFiles: [file], generate: PINNED }).manifests) };
  } catch (e) {
    if (e instanceof ConfigError) return { error: e.message };
    throw e;
  }
}

// Every case through each helm major, in as few renders as Helm's errors allow (the accepted together, the refused together).
const helmOutcomes = new Map<HelmMajor, HelmOutcome[]>();
beforeAll(async () => {
  for (const major of HELM_MAJORS) {
    const outcomes: HelmOutcome[] = [];
    for (const refused of [false, true]) {
      const idx = CASES.map((c, i) => (Boolean(c.refusedAt) === refused ? i : -1)).filter((i) => i >= 0);
      const results = await helmTemplateMany(major, idx.map((i) => CASES[i].yaml), 'todo-chatbot', 'todo-chatbot');
      idx.forEach((i, j) => (outcomes[i] = results[j]));
    }
    helmOutcomes.set(major, outcomes);
  }
}, 120000);

describe.each(CASES.map((c, index) => ({ ...c, index })))('$name', ({ yaml, refusedAt, index }) => {
  const file = tempFile('values.yaml', yaml);
  let synthResult: ReturnType<typeof synth>;
  beforeAll(() => {
    synthResult = synth(file);
  });

  test(refusedAt ? `synth refuses it at ${refusedAt}` : 'synth accepts it', () => {
    if (!refusedAt) return expect(synthResult).toHaveProperty('objects');
    expect(synthResult).toHaveProperty('error');
    expect((synthResult as { error: string }).error).toMatch(new RegExp(`^(unknown key ")?${refusedAt.replace(/\./g, '\\.')}[":.\\s]`));
  });

  test.each(HELM_MAJORS)(refusedAt ? `helm %i refuses it at ${refusedAt}` : 'helm %i accepts it with the same objects, valid for Kubernetes', async (major) => {
    const outcome = helmOutcomes.get(major)![index];
    if (refusedAt) {
      expect(outcome).toHaveProperty('error');
      // Helm names nested keys with dots (helm 3) or slashes (helm 4).
      const key = refusedAt.split('.');
      const error = (outcome as { error: string }).error;
      expect(error.includes(key.join('.')) || error.includes(key.join('/'))).toBe(true);
      return;
    }
    expect(outcome).toHaveProperty('objects');
    const { objects, stderr } = outcome as { objects: any[]; stderr: string };
    expect(stderr).toBe('');
    const synthObjects = (synthResult as { objects: any[] }).objects;
    expect(compareManifests(synthObjects, objects, generatedKeys(validateConfig(readHelmValues(yaml))))).toEqual([]);
    for (const version of K8S_VERSIONS) expect(validateObjects(objects, version)).toEqual([]);
    expect(objects.filter((o) => podSpecOf(o)).flatMap(podSecurityViolations)).toEqual([]);
    expect(validityProblems(objects)).toEqual([]);
  });
});
