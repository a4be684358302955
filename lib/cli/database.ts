/**
 * What `backup` and `restore` need to know about the deployed database, read
 * from the cluster, and the small programs they run inside the pods.
 */
import { componentSelector, kubectl, Target } from './context';
import { CliError } from './errors';
import { Runner } from './steps';

/** Database modes that have a backup (external databases have their own tools). */
export type DatabaseMode = 'sqlite' | 'postgres';
/** Values of --database. */
export const DATABASE_MODES: readonly DatabaseMode[] = ['sqlite', 'postgres'];

/** The backend Deployment as far as backup and restore care. */
export interface BackendInfo {
  readonly replicas: number;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly imagePullSecrets: ReadonlyArray<{ name: string }>;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  /** The SQLite volume claim, when the backend mounts one. */
  readonly sqliteClaim?: string;
  /** Where the claim is mounted. */
  readonly dataDir: string;
  /** The database file. */
  readonly sqlitePath: string;
}

const DEFAULT_DB_FILE = '/data/todo.db';

interface DeploymentJson {
  spec?: {
    replicas?: number;
    template?: {
      spec?: {
        securityContext?: { runAsUser?: number; runAsGroup?: number };
        imagePullSecrets?: Array<{ name: string }>;
        volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
        containers?: Array<{
          name: string;
          image?: string;
          imagePullPolicy?: string;
          env?: Array<{ name: string; value?: string }>;
          volumeMounts?: Array<{ name: string; mountPath: string }>;
        }>;
      };
    };
  };
}

/** Reads the backend Deployment; a dry run assumes the chart's defaults. */
export async function readBackend(runner: Runner, target: Target, defaultImage: string): Promise<BackendInfo> {
  const name = `${target.release}-backend`;
  const json = await runner.query(`read Deployment ${name}`, kubectl(target, 'get', 'deployment', name, '-n', target.namespace, '-o', 'json'), {
    assume: `1 replica of ${defaultImage} with the SQLite volume ${target.release}-sqlite at /data`,
  });
  if (!json.trim()) {
    return {
      replicas: 1, image: defaultImage, imagePullPolicy: 'IfNotPresent', imagePullSecrets: [], runAsUser: 10001, runAsGroup: 10001,
      sqliteClaim: `${target.release}-sqlite`, dataDir: '/data', sqlitePath: DEFAULT_DB_FILE,
    };
  }
  const d = JSON.parse(json) as DeploymentJson;
  const pod = d.spec?.template?.spec ?? {};
  const container = pod.containers?.find((c) => c.name === 'backend') ?? pod.containers?.[0];
  if (!container?.image) throw new CliError(`Deployment ${name} has no backend container`);
  const claimVolume = (pod.volumes ?? []).find((v) => v.persistentVolumeClaim);
  const mount = claimVolume ? container.volumeMounts?.find((m) => m.name === claimVolume.name) : undefined;
  const url = container.env?.find((e) => e.name === 'DATABASE_URL')?.value ?? '';
  const fromUrl = /^sqlite:\/\/\/(\/.+)$/.exec(url)?.[1];
  const dataDir = mount?.mountPath ?? '/data';
  return {
    replicas: d.spec?.replicas ?? 1,
    image: container.image,
    imagePullPolicy: container.imagePullPolicy ?? 'IfNotPresent',
    imagePullSecrets: pod.imagePullSecrets ?? [],
    runAsUser: pod.securityContext?.runAsUser ?? 10001,
    runAsGroup: pod.securityContext?.runAsGroup ?? pod.securityContext?.runAsUser ?? 10001,
    sqliteClaim: claimVolume?.persistentVolumeClaim?.claimName,
    dataDir,
    sqlitePath: fromUrl ?? `${dataDir.replace(/\/$/, '')}/todo.db`,
  };
}

/**
 * The database mode: --database when given, else "postgres" when the
 * StatefulSet <release>-postgres exists, else "sqlite".
 */
export async function detectMode(runner: Runner, target: Target, forced: DatabaseMode | undefined, dryRunGuess: DatabaseMode): Promise<DatabaseMode> {
  if (forced) return forced;
  const name = `${target.release}-postgres`;
  const found = await runner.query(
    `look for StatefulSet ${name}`,
    kubectl(target, 'get', 'statefulset', name, '-n', target.namespace, '--ignore-not-found', '-o', 'name'),
    {
      assume: dryRunGuess === 'postgres' ? 'it exists, so the database is the in-cluster Postgres' : 'it does not exist, so the database is SQLite (--database postgres shows the other plan)',
      dryRunValue: dryRunGuess === 'postgres' ? `statefulset.apps/${name}` : '',
    },
  );
  return found.trim() ? 'postgres' : 'sqlite';
}

/** A running backend pod (the SQLite copy is taken inside it). */
export async function runningBackendPod(runner: Runner, target: Target): Promise<string> {
  // items[*] rather than items[0]: an empty list is an answer, not a jsonpath error.
  const [pod] = (
    await runner.query(
      'find a running backend pod',
      kubectl(target, 'get', 'pods', '-n', target.namespace, '-l', componentSelector(target.release, 'backend'), '--field-selector=status.phase=Running', '-o', 'jsonpath={.items[*].metadata.name}'),
      { assume: 'one runs; <backend-pod> stands for its name', dryRunValue: '<backend-pod>' },
    )
  )
    .trim()
    .split(/\s+/);
  if (!pod) throw new CliError(`no running backend pod in namespace ${target.namespace}: a SQLite backup is taken inside it (see "todo-chatbot status")`);
  return pod;
}

/** The Postgres pod of the release. */
export function postgresPod(release: string): string {
  return `${release}-postgres-0`;
}

/** Python helpers shared by the SQLite scripts: sizes of files, and sizes for people. */
const SQLITE_HELPERS = `def size(*paths):
    return sum(os.path.getsize(p) for p in paths if os.path.exists(p))
def human(n):
    return "%.1f GiB" % (n / 2**30) if n >= 2**30 else "%.1f MiB" % (n / 2**20)
def free(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize
`;

/**
 * Runs in the backend container: copies the live database with SQLite's
 * backup API (consistent while the app writes) to a hidden file next to it,
 * checks the copy and streams it to stdout. The copy stays on the database's
 * volume because the pod's /tmp is a small emptyDir (256Mi).
 */
export const SQLITE_BACKUP_SCRIPT = `import os, re, shutil, sqlite3, sys, time
${SQLITE_HELPERS}src = sys.argv[1]
if not os.path.exists(src):
    sys.exit("backup: %s does not exist" % src)
vol = os.path.dirname(os.path.abspath(src))
stage = os.path.join(vol, ".todo-backup-%d.db" % os.getpid())
# The copy holds every user's data.
os.umask(0o077)
# A killed backup leaves its copy behind; its pid means nothing in another pod, so go by age.
for name in os.listdir(vol):
    old = os.path.join(vol, name)
    if re.fullmatch("[.]todo-backup-[0-9]+[.]db(-journal|-wal|-shm)?", name) and time.time() - os.path.getmtime(old) > 3600:
        try:
            os.remove(old)
        except FileNotFoundError:
            pass
need, room = size(src, src + "-wal"), free(vol)
if need > room:
    sys.exit("backup: needs %s free on %s to stage a consistent copy, %s free: grow database.sqlite.size, or free space" % (human(need), vol, human(room)))
try:
    s = sqlite3.connect("file:%s?mode=rw" % src, uri=True)
    d = sqlite3.connect(stage)
    for c in (s, d):
        # SQLite's own temporary files would go to /tmp.
        c.execute("PRAGMA temp_store=MEMORY")
    s.backup(d)
    s.close()
    ok = d.execute("PRAGMA integrity_check").fetchone()[0]
    d.close()
    if ok != "ok":
        sys.exit("backup: integrity_check failed: %s" % ok)
    with open(stage, "rb") as f:
        shutil.copyfileobj(f, sys.stdout.buffer, 1 << 20)
except sqlite3.Error as e:
    sys.exit("backup: %s" % e)
finally:
    for p in (stage, stage + "-journal", stage + "-wal", stage + "-shm"):
        if os.path.exists(p):
            os.remove(p)
`;

/**
 * Runs in the restore helper pod with the database file and the backup's
 * size: receives the backup on stdin into <file>.restore, checks it, keeps
 * the current database as <file>.pre-restore, then swaps the new file in
 * with one rename. All of it stays on the database's volume.
 */
export const SQLITE_RESTORE_SCRIPT = `import os, shutil, sqlite3, sys
${SQLITE_HELPERS}dst, incoming = sys.argv[1], int(sys.argv[2])
new, keep = dst + ".restore", dst + ".pre-restore"
vol = os.path.dirname(os.path.abspath(dst))
# The backup and a copy of the current database; a leftover .restore is overwritten.
need, room = incoming + size(dst, dst + "-wal"), free(vol) + size(new)
if need > room:
    sys.exit("restore: needs %s free on %s for the backup and a copy of the current database, %s free: grow database.sqlite.size, or free space" % (human(need), vol, human(room)))
try:
    with open(new, "wb") as f:
        shutil.copyfileobj(sys.stdin.buffer, f, 1 << 20)
except OSError as e:
    if os.path.exists(new):
        os.remove(new)
    sys.exit("restore: cannot write %s: %s" % (new, e))
got = os.path.getsize(new)
if got != incoming:
    os.remove(new)
    sys.exit("restore: received %d bytes, expected %d" % (got, incoming))
try:
    c = sqlite3.connect(new)
    c.execute("PRAGMA temp_store=MEMORY")
    ok = c.execute("PRAGMA integrity_check").fetchone()[0]
    c.close()
except sqlite3.DatabaseError as e:
    ok = str(e)
if ok != "ok":
    os.remove(new)
    sys.exit("restore: the backup fails integrity_check: %s" % ok)
if os.path.exists(dst):
    # Copying onto an old .pre-restore would first journal all of its pages.
    if os.path.exists(keep):
        os.remove(keep)
    try:
        old = sqlite3.connect(dst)
        k = sqlite3.connect(keep)
        for c in (old, k):
            c.execute("PRAGMA temp_store=MEMORY")
        old.backup(k)
        k.close()
        old.close()
    except sqlite3.Error:
        os.replace(dst, keep)
for ext in ("-wal", "-shm", "-journal"):
    if os.path.exists(dst + ext):
        os.remove(dst + ext)
os.replace(new, dst)
print("restored %d bytes to %s" % (os.path.getsize(dst), dst))
`;

/** Password from the container's own environment (set from the Secret), never from this machine. */
const PG_ENV = 'export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"; ';
const PG_LOGIN = '--username="${POSTGRES_USER:-todo}" --dbname="${POSTGRES_DB:-todo}"';

/** Runs in the Postgres container: a plain SQL dump to stdout (nothing staged in the pod) that drops and recreates every object on restore. */
export const PG_DUMP_SCRIPT = `${PG_ENV}exec pg_dump ${PG_LOGIN} --clean --if-exists --no-owner --no-privileges`;

/** Runs in the Postgres container: replays a dump streamed on stdin in one transaction, stopping at the first error. */
export const PSQL_RESTORE_SCRIPT = `${PG_ENV}exec psql ${PG_LOGIN} --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --single-transaction`;

/** The short-lived pod that mounts the SQLite volume while the backend is scaled to zero. */
export function restoreHelperPod(target: Target, backend: BackendInfo): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${target.release}-restore`,
      namespace: target.namespace,
      labels: {
        'app.kubernetes.io/name': 'todo-chatbot',
        'app.kubernetes.io/instance': target.release,
        'app.kubernetes.io/component': 'restore',
      },
    },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 2,
      // Removes itself after 30 minutes even if nobody deletes it.
      activeDeadlineSeconds: 1800,
      ...(backend.imagePullSecrets.length ? { imagePullSecrets: backend.imagePullSecrets } : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: backend.runAsUser,
        runAsGroup: backend.runAsGroup,
        fsGroup: backend.runAsGroup,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'restore',
          image: backend.image,
          imagePullPolicy: backend.imagePullPolicy,
          command: ['python', '-c', 'import time; time.sleep(1800)'],
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ['ALL'] },
          },
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          volumeMounts: [
            { name: 'data', mountPath: backend.dataDir },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'data', persistentVolumeClaim: { claimName: backend.sqliteClaim } },
        { name: 'tmp', emptyDir: {} },
      ],
    },
  };
}
