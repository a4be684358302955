import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PG_DUMP_SCRIPT, PSQL_RESTORE_SCRIPT, SQLITE_BACKUP_SCRIPT, SQLITE_RESTORE_SCRIPT } from '../../lib/cli/database';
import { commandLines, LocalPod, PRIVATE_MODE, PYTHON3, Sandbox, useSandbox } from './support';

const SQLITE_BYTES = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), crypto.randomBytes(4080)]);
const DUMP = '--\n-- PostgreSQL database dump\n--\nSET statement_timeout = 0;\n';
const BACKEND_SELECTOR = 'app.kubernetes.io/instance=todo-chatbot,app.kubernetes.io/component=backend';
const STAMP = '2025-01-31T14-05-09Z';

function backendDeployment(replicas = 2): string {
  return JSON.stringify({
    spec: {
      replicas,
      template: {
        spec: {
          securityContext: { runAsUser: 10001, runAsGroup: 10001 },
          imagePullSecrets: [{ name: 'regcred' }],
          volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'data', persistentVolumeClaim: { claimName: 'todo-chatbot-sqlite' } }],
          containers: [
            {
              name: 'backend',
              image: 'todo-backend:abc1234',
              imagePullPolicy: 'Never',
              env: [{ name: 'DATABASE_URL', value: 'sqlite:////data/todo.db' }],
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/data' }],
            },
          ],
        },
      },
    },
  });
}

describe('backup', () => {
  const box = useSandbox();

  it('copies SQLite out of the running backend pod into backups/<timestamp> and records it', async () => {
    const b = box();
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'deployment'], stdout: backendDeployment() },
      { tool: 'kubectl', prefix: ['get', 'pods'], stdout: 'todo-chatbot-backend-6f7c9 todo-chatbot-backend-81aa2' },
      { tool: 'kubectl', prefix: ['exec'], stdoutBase64: SQLITE_BYTES.toString('base64') },
    ];
    const r = await b.run(['backup']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'kubectl get statefulset todo-chatbot-postgres -n todo-chatbot --ignore-not-found -o name',
      'kubectl get deployment todo-chatbot-backend -n todo-chatbot -o json',
      `kubectl get pods -n todo-chatbot -l ${BACKEND_SELECTOR} --field-selector=status.phase=Running -o jsonpath={.items[*].metadata.name}`,
      `kubectl exec todo-chatbot-backend-6f7c9 -n todo-chatbot -c backend -- python -c ${SQLITE_BACKUP_SCRIPT} /data/todo.db`,
    ]);
    const dir = path.join(b.cwd, 'backups', STAMP);
    expect(fs.readFileSync(path.join(dir, 'todo.db')).equals(SQLITE_BYTES)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['backup.json', 'todo.db']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'backup.json'), 'utf-8'))).toEqual({
      release: 'todo-chatbot',
      namespace: 'todo-chatbot',
      database: 'sqlite',
      source: 'todo-chatbot-backend-6f7c9',
      file: 'todo.db',
      bytes: SQLITE_BYTES.length,
      sha256: crypto.createHash('sha256').update(SQLITE_BYTES).digest('hex'),
      createdAt: '2025-01-31T14:05:09.000Z',
    });
    expect(fs.statSync(path.join(dir, 'todo.db')).mode & 0o777).toBe(PRIVATE_MODE);
    expect(r.out).toContain(`Restore it with: todo-chatbot restore --from ${path.join('backups', STAMP)} --yes`);
  });

  it('dumps the in-cluster Postgres with pg_dump, the password coming from the pod', async () => {
    const b = box();
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'statefulset'], stdout: 'statefulset.apps/todo-chatbot-postgres\n' },
      { tool: 'kubectl', prefix: ['exec'], stdout: DUMP },
    ];
    const r = await b.run(['backup', '--output-dir', 'safe']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'kubectl get statefulset todo-chatbot-postgres -n todo-chatbot --ignore-not-found -o name',
      `kubectl exec todo-chatbot-postgres-0 -n todo-chatbot -c postgres -- sh -c ${PG_DUMP_SCRIPT}`,
    ]);
    expect(PG_DUMP_SCRIPT).toBe(
      'export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"; exec pg_dump --username="${POSTGRES_USER:-todo}" --dbname="${POSTGRES_DB:-todo}" --clean --if-exists --no-owner --no-privileges',
    );
    expect(fs.readFileSync(path.join(b.cwd, 'safe', STAMP, 'todo.sql'), 'utf-8')).toBe(DUMP);
  });

  it('skips detection with --database and refuses an external database', async () => {
    const b = box();
    const external = JSON.parse(backendDeployment());
    external.spec.template.spec.volumes = [{ name: 'tmp', emptyDir: {} }];
    b.rules = [{ tool: 'kubectl', prefix: ['get', 'deployment'], stdout: JSON.stringify(external) }];
    const r = await b.run(['backup', '--database', 'sqlite']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "error: the backend of todo-chatbot mounts no volume claim, so its database is external (database.mode=external): back it up with your provider's tools (e.g. pg_dump against DATABASE_URL, or Neon's branching)\n",
    );
    expect(commandLines(r.calls)).toEqual(['kubectl get deployment todo-chatbot-backend -n todo-chatbot -o json']);
  });

  it('leaves no partial file when the copy fails', async () => {
    const b = box();
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'deployment'], stdout: backendDeployment() },
      { tool: 'kubectl', prefix: ['get', 'pods'], stdout: 'todo-chatbot-backend-6f7c9' },
      { tool: 'kubectl', prefix: ['exec'], stdout: 'SQLite format 3\0half', exit: 1, stderr: 'backup: integrity_check failed: database disk image is malformed\ncommand terminated with exit code 1\n' },
    ];
    const r = await b.run(['backup']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error: step "copy the SQLite database out of todo-chatbot-backend-6f7c9" failed (exit 1)\n' +
        '  | backup: integrity_check failed: database disk image is malformed\n  | command terminated with exit code 1\n',
    );
    expect(fs.existsSync(path.join(b.cwd, 'backups', STAMP))).toBe(false);
  });

  it('refuses a backup that is not a database and removes it', async () => {
    const b = box();
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'deployment'], stdout: backendDeployment() },
      { tool: 'kubectl', prefix: ['get', 'pods'], stdout: 'todo-chatbot-backend-6f7c9' },
      { tool: 'kubectl', prefix: ['exec'], stdout: 'error: unable to upgrade connection' },
    ];
    const r = await b.run(['backup']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`error: the backup is not a SQLite database: ${path.join(b.cwd, 'backups', STAMP, 'todo.db.partial')}\n`);
    expect(fs.existsSync(path.join(b.cwd, 'backups', STAMP))).toBe(false);
  });

  it('needs a running backend pod for SQLite', async () => {
    const b = box();
    b.rules = [{ tool: 'kubectl', prefix: ['get', 'deployment'], stdout: backendDeployment() }];
    const r = await b.run(['backup']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: no running backend pod in namespace todo-chatbot: a SQLite backup is taken inside it (see "todo-chatbot status")\n');
  });

  it('shows the detection and the SQLite plan on --dry-run and writes nothing', async () => {
    const b = box();
    const r = await b.run(['backup', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(fs.existsSync(path.join(b.cwd, 'backups'))).toBe(false);
    expect(r.out).toContain('(not run in a dry run; assuming it does not exist, so the database is SQLite (--database postgres shows the other plan))');
    expect(r.out).toContain(`      $ kubectl exec '<backend-pod>' -n todo-chatbot -c backend -- python -c 'import os, re, shutil, sqlite3, sys, time\n`);
    expect(r.out).toContain(`        > ${path.join(b.cwd, 'backups', STAMP, 'todo.db.partial')}\n`);
  });
});

describe('restore', () => {
  const box = useSandbox();

  it('refuses to overwrite without --yes, before touching the cluster', async () => {
    const b = box();
    b.write('b/todo.db', SQLITE_BYTES);
    const r = await b.run(['restore', '--from', 'b']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error: restore replaces the data of release todo-chatbot in namespace todo-chatbot: re-run with --yes to confirm (take a backup first: todo-chatbot backup)\n',
    );
    expect(r.calls).toEqual([]);
  });

  it('restores SQLite through a restricted helper pod while the backend is scaled to 0', async () => {
    const b = box();
    const file = b.write(`backups/${STAMP}/todo.db`, SQLITE_BYTES);
    b.rules = [{ tool: 'kubectl', prefix: ['get', 'deployment'], stdout: backendDeployment(2) }];
    const r = await b.run(['restore', '--from', `backups/${STAMP}`, '--yes']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'kubectl get statefulset todo-chatbot-postgres -n todo-chatbot --ignore-not-found -o name',
      'kubectl get deployment todo-chatbot-backend -n todo-chatbot -o json',
      'kubectl scale deployment/todo-chatbot-backend -n todo-chatbot --replicas=0',
      `kubectl wait pod -n todo-chatbot -l ${BACKEND_SELECTOR} --for=delete --timeout=120s`,
      'kubectl delete pod todo-chatbot-restore -n todo-chatbot --ignore-not-found --wait=true',
      'kubectl apply -n todo-chatbot -f -',
      'kubectl wait pod/todo-chatbot-restore -n todo-chatbot --for=condition=Ready --timeout=180s',
      `kubectl exec -i todo-chatbot-restore -n todo-chatbot -c restore -- python -c ${SQLITE_RESTORE_SCRIPT} /data/todo.db ${SQLITE_BYTES.length}`,
      'kubectl delete pod todo-chatbot-restore -n todo-chatbot --ignore-not-found --wait=true',
      'kubectl scale deployment/todo-chatbot-backend -n todo-chatbot --replicas=2',
      'kubectl rollout status deployment/todo-chatbot-backend -n todo-chatbot --timeout=5m',
    ]);
    expect(r.calls[7].stdinSha256).toBe(crypto.createHash('sha256').update(SQLITE_BYTES).digest('hex'));
    const pod = JSON.parse(r.calls[5].stdin as string);
    expect(pod.metadata).toEqual({
      name: 'todo-chatbot-restore',
      namespace: 'todo-chatbot',
      labels: { 'app.kubernetes.io/name': 'todo-chatbot', 'app.kubernetes.io/instance': 'todo-chatbot', 'app.kubernetes.io/component': 'restore' },
    });
    expect(pod.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    const [container] = pod.spec.containers;
    expect(container.image).toBe('todo-backend:abc1234');
    expect(container.imagePullPolicy).toBe('Never');
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'todo-chatbot-sqlite' } }, { name: 'tmp', emptyDir: {} }]);
    expect(r.out).toContain(`Restored todo-chatbot (sqlite) from ${file}.`);
  });

  it('scales the backend back up and removes the helper pod when the copy fails', async () => {
    const b = box();
    b.write('todo.db', SQLITE_BYTES);
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'deployment'], stdout: backendDeployment(1) },
      { tool: 'kubectl', prefix: ['exec'], exit: 1, stderr: 'restore: the backup fails integrity_check: file is not a database\ncommand terminated with exit code 1\n' },
    ];
    const r = await b.run(['restore', '--from', 'todo.db', '-y']);
    expect(r.code).toBe(1);
    expect(commandLines(r.calls).slice(-3)).toEqual([
      'kubectl delete pod todo-chatbot-restore -n todo-chatbot --ignore-not-found --wait=true',
      'kubectl scale deployment/todo-chatbot-backend -n todo-chatbot --replicas=1',
      'kubectl rollout status deployment/todo-chatbot-backend -n todo-chatbot --timeout=5m',
    ]);
    expect(r.err).toBe(
      'error: step "write the database into todo-chatbot-sqlite" failed (exit 1)\n' +
        '  | restore: the backup fails integrity_check: file is not a database\n  | command terminated with exit code 1\n',
    );
  });

  it('replays a Postgres dump with psql in one transaction', async () => {
    const b = box();
    b.write('dump.sql', DUMP);
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'statefulset'], stdout: 'statefulset.apps/todo-chatbot-postgres\n' },
      { tool: 'kubectl', prefix: ['get', 'deployment'], stdout: backendDeployment(1) },
    ];
    const r = await b.run(['restore', '--from', 'dump.sql', '--yes', '-n', 'todo-chatbot']);
    expect(r.code).toBe(0);
    expect(commandLines(r.calls)).toEqual([
      'kubectl get statefulset todo-chatbot-postgres -n todo-chatbot --ignore-not-found -o name',
      'kubectl get deployment todo-chatbot-backend -n todo-chatbot -o json',
      'kubectl scale deployment/todo-chatbot-backend -n todo-chatbot --replicas=0',
      `kubectl wait pod -n todo-chatbot -l ${BACKEND_SELECTOR} --for=delete --timeout=120s`,
      `kubectl exec -i todo-chatbot-postgres-0 -n todo-chatbot -c postgres -- sh -c ${PSQL_RESTORE_SCRIPT}`,
      'kubectl scale deployment/todo-chatbot-backend -n todo-chatbot --replicas=1',
      'kubectl rollout status deployment/todo-chatbot-backend -n todo-chatbot --timeout=5m',
    ]);
    expect(r.calls[4].stdin).toBe(DUMP);
    expect(PSQL_RESTORE_SCRIPT).toContain('--set=ON_ERROR_STOP=1 --single-transaction');
    // Streamed from stdin: no file in the pod.
    expect(PSQL_RESTORE_SCRIPT).not.toMatch(/--file|\/tmp/);
  });

  it('refuses a backup of the other database mode', async () => {
    const b = box();
    b.write('dump.sql', DUMP);
    const r = await b.run(['restore', '--from', 'dump.sql', '--yes', '--database', 'sqlite']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`error: ${path.join(b.cwd, 'dump.sql')} is a postgres backup, but release todo-chatbot uses sqlite\n`);
    expect(r.calls).toEqual([]);
  });

  it('checks --from before anything else', async () => {
    const b = box();
    const none = await b.run(['restore', '--yes']);
    expect(none.code).toBe(2);
    expect(none.err).toBe('error: restore: --from FILE is required\nusage: todo-chatbot restore [options]\n');
    const missing = await b.run(['restore', '--from', 'gone', '--yes']);
    expect(missing.err).toBe(`error: backup not found: ${path.join(b.cwd, 'gone')}\n`);
    b.write('empty/readme.txt', 'x');
    const emptyDir = await b.run(['restore', '--from', 'empty', '--yes']);
    expect(emptyDir.err).toBe(`error: ${path.join(b.cwd, 'empty')} must hold exactly one of todo.db, todo.sql (found 0)\n`);
    b.write('bin.dat', Buffer.from([0, 1, 2, 3]));
    const binary = await b.run(['restore', '--from', 'bin.dat', '--yes']);
    expect(binary.err).toBe(`error: ${path.join(b.cwd, 'bin.dat')} is neither a SQLite database nor a SQL dump\n`);
    expect([...none.calls, ...missing.calls, ...emptyDir.calls, ...binary.calls]).toEqual([]);
  });

  it('plans a Postgres restore from a .sql file on --dry-run without --yes', async () => {
    const b = box();
    b.write('dump.sql', DUMP);
    const r = await b.run(['restore', '--from', 'dump.sql', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.out).toContain('(not run in a dry run; assuming it exists, so the database is the in-cluster Postgres)');
    expect(r.out).toContain('[3/5] replay the dump with psql in todo-chatbot-postgres-0\n');
    expect(r.out).toContain(`        < ${path.join(b.cwd, 'dump.sql')}\n`);
    expect(r.out).toContain('[4/5] scale the backend back to 1 (runs even if a step above failed)\n');
  });
});

/** Python tests need python3 and a POSIX file system (os.statvfs); CI has both, so there they always run. */
const withPython = process.env.CI || (PYTHON3 && process.platform !== 'win32') ? it : it.skip;
/** The pod's /tmp in the model: far smaller than the databases below, as its 256Mi is to a large database. */
const TMP_BYTES = 1 << 20;
/** About 2.6 MiB of todos. */
const ROWS = 12_000;

/** Makes a todo database of argv[2] rows; with argv[3] "live", in WAL mode with half of it still in the -wal file, as while the app runs. */
const MAKE_DB = `import os, sqlite3, sys
path, n, live = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "live"
c = sqlite3.connect(path)
if live:
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("CREATE TABLE todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL)")
rows = [(i, "todo %d %s" % (i, os.urandom(100).hex()), i % 2) for i in range(n)]
c.executemany("INSERT INTO todos VALUES (?, ?, ?)", rows[: n // 2])
c.commit()
c.execute("PRAGMA wal_checkpoint(TRUNCATE)" if live else "SELECT 1")
c.executemany("INSERT INTO todos VALUES (?, ?, ?)", rows[n // 2 :])
c.commit()
if live:
    os._exit(0)  # closing would fold the -wal file into the database
c.close()
`;

/** "<integrity_check> <rows> <sha256 of the rows>" of a todo database. */
const INSPECT_DB = `import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
h = hashlib.sha256()
for row in c.execute("SELECT id, title, done FROM todos ORDER BY id"):
    h.update(repr(row).encode())
print(c.execute("PRAGMA integrity_check").fetchone()[0], c.execute("SELECT count(*) FROM todos").fetchone()[0], h.hexdigest())
c.close()
`;

/** Runs a program with this machine's python3 and returns what it printed. */
function python(code: string, ...args: string[]): string {
  const r = spawnSync(PYTHON3 as string, ['-c', code, ...args], { encoding: 'utf-8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout.trim();
}

function makeDb(file: string, rows: number, live = false): string {
  python(MAKE_DB, file, String(rows), live ? 'live' : 'plain');
  return file;
}

function inspectDb(file: string): string {
  return python(INSPECT_DB, file);
}

function bytes(...files: string[]): number {
  return files.reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

/** Sizes as the scripts print them (below 1 GiB). */
function mib(n: number): string {
  return `${(n / 2 ** 20).toFixed(1)} MiB`;
}

/** A modelled pod in the sandbox: <root>/data is the database volume (of dataBytes, else unlimited), <root>/tmp its /tmp. */
function modelPod(b: Sandbox, dataBytes?: number): { spec: LocalPod; data: string; tmp: string } {
  const root = path.join(b.dir, 'pod');
  const data = path.join(root, 'data');
  const tmp = path.join(root, 'tmp');
  fs.mkdirSync(data, { recursive: true });
  fs.mkdirSync(tmp, { recursive: true });
  return { spec: { root, tmpBytes: TMP_BYTES, ...(dataBytes === undefined ? {} : { dataBytes }) }, data, tmp };
}

describe('SQLite backup and restore, run in a modelled pod', () => {
  const box = useSandbox();
  const backupRules = (pod: LocalPod) => [
    { tool: 'kubectl' as const, prefix: ['get', 'deployment'], stdout: backendDeployment(1) },
    { tool: 'kubectl' as const, prefix: ['get', 'pods'], stdout: 'todo-chatbot-backend-6f7c9' },
    { tool: 'kubectl' as const, prefix: ['exec'], runLocal: pod },
  ];

  withPython('the model refuses writes off the data volume and past the size of /tmp', () => {
    const b = box();
    const pod = modelPod(b);
    b.rules = [{ tool: 'kubectl', prefix: ['exec'], runLocal: pod.spec }];
    const py = (code: string, ...args: string[]) => b.tool('kubectl', ['exec', 'p', '--', 'python', '-c', `import os, sqlite3, sys\n${code}`, ...args]);
    const big = `b"0" * ${2 * TMP_BYTES}`;
    const fill = 'c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE t (x)"); c.executemany("INSERT INTO t VALUES (?)", [(os.urandom(4000),)] * 600); c.commit()';

    const fits = py(`open(sys.argv[1], "wb").write(b"0" * 1000); open(sys.argv[2], "wb").write(${big}); print("ok")`, '/tmp/small', '/data/big');
    expect([fits.code, fits.out.toString(), fits.err]).toEqual([0, 'ok\n', '']);
    expect(fs.statSync(path.join(pod.data, 'big')).size).toBe(2 * TMP_BYTES);
    expect(fs.statSync(path.join(pod.tmp, 'small')).size).toBe(1000);

    const tmpFile = py(`open(sys.argv[1], "wb").write(${big})`, '/tmp/big');
    expect(tmpFile.err).toContain('No space left on device');
    const tmpDb = py(fill, '/tmp/big.db');
    expect(tmpDb.err).toContain('database or disk is full');
    const literalTmpDb = py(`sys.argv[1:] = ["/tmp/todo-model-%d.db" % os.getpid()]\n${fill}`);
    expect(literalTmpDb.err).toContain('database or disk is full');
    const rootFs = py('open(sys.argv[1], "wb")', '/app/out');
    expect(rootFs.err).toContain('Read-only file system');
    expect([tmpFile.code, tmpDb.code, literalTmpDb.code, rootFs.code]).toEqual([1, 1, 1, 1]);
    expect(fs.existsSync(path.join(pod.spec.root, 'app'))).toBe(false);
  });

  withPython('backs up a live database larger than the pod\'s /tmp, staging the copy on its own volume', async () => {
    const b = box();
    const pod = modelPod(b);
    const db = makeDb(path.join(pod.data, 'todo.db'), ROWS, true);
    expect(bytes(db, `${db}-wal`)).toBeGreaterThan(2 * TMP_BYTES);
    expect(bytes(`${db}-wal`)).toBeGreaterThan(TMP_BYTES);
    // Copies of killed backups: one old enough to be abandoned, one that may still be running in another pod.
    const stale = path.join(pod.data, '.todo-backup-999991.db');
    const running = path.join(pod.data, '.todo-backup-999992.db');
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(running, 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);
    b.rules = backupRules(pod.spec);

    const r = await b.run(['backup']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const file = path.join(b.cwd, 'backups', STAMP, 'todo.db');
    expect(fs.statSync(file).size).toBeGreaterThan(2 * TMP_BYTES);
    expect(fs.readdirSync(pod.data).sort()).toEqual(['.todo-backup-999992.db', 'todo.db']);
    expect(fs.readdirSync(pod.tmp)).toEqual([]);
    expect(inspectDb(file)).toMatch(new RegExp(`^ok ${ROWS} [0-9a-f]{64}$`));
    expect(inspectDb(file)).toBe(inspectDb(db));
  });

  withPython('refuses a backup when the volume has no room for the copy, and leaves nothing behind', async () => {
    const b = box();
    const db = path.join(b.dir, 'todo.db');
    makeDb(db, ROWS, true);
    const need = bytes(db, `${db}-wal`);
    const pod = modelPod(b, need + bytes(`${db}-shm`) + 300 * 1024);
    for (const f of ['todo.db', 'todo.db-wal', 'todo.db-shm']) fs.renameSync(path.join(b.dir, f), path.join(pod.data, f));
    b.rules = backupRules(pod.spec);

    const r = await b.run(['backup']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error: step "copy the SQLite database out of todo-chatbot-backend-6f7c9" failed (exit 1)\n' +
        `  | backup: needs ${mib(need)} free on ${pod.data} to stage a consistent copy, ${mib(300 * 1024)} free: grow database.sqlite.size, or free space\n`,
    );
    expect(fs.readdirSync(pod.data).sort()).toEqual(['todo.db', 'todo.db-shm', 'todo.db-wal']);
    expect(fs.readdirSync(pod.tmp)).toEqual([]);
    expect(fs.existsSync(path.join(b.cwd, 'backups', STAMP))).toBe(false);
  });

  withPython('restores a database larger than the pod\'s /tmp and keeps the old one as .pre-restore', async () => {
    const b = box();
    const pod = modelPod(b);
    const db = makeDb(path.join(pod.data, 'todo.db'), 50);
    const before = inspectDb(db);
    const backup = makeDb(path.join(b.cwd, 'todo.db'), ROWS);
    expect(bytes(backup)).toBeGreaterThan(2 * TMP_BYTES);
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'deployment'], stdout: backendDeployment(1) },
      { tool: 'kubectl', prefix: ['exec'], runLocal: pod.spec },
    ];

    const r = await b.run(['restore', '--from', 'todo.db', '--yes']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.calls[7].args.slice(-2)).toEqual(['/data/todo.db', String(bytes(backup))]);
    expect(fs.readdirSync(pod.data).sort()).toEqual(['todo.db', 'todo.db.pre-restore']);
    expect(fs.readdirSync(pod.tmp)).toEqual([]);
    expect(inspectDb(db)).toBe(inspectDb(backup));
    expect(inspectDb(`${db}.pre-restore`)).toBe(before);
  });

  withPython('refuses a restore when the volume has no room for the backup and the old copy, before writing anything', async () => {
    const b = box();
    const backup = makeDb(path.join(b.cwd, 'todo.db'), ROWS);
    const pod = modelPod(b, bytes(backup));
    const db = makeDb(path.join(pod.data, 'todo.db'), 50);
    const before = inspectDb(db);
    b.rules = [
      { tool: 'kubectl', prefix: ['get', 'deployment'], stdout: backendDeployment(1) },
      { tool: 'kubectl', prefix: ['exec'], runLocal: pod.spec },
    ];

    const r = await b.run(['restore', '--from', 'todo.db', '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error: step "write the database into todo-chatbot-sqlite" failed (exit 1)\n' +
        `  | restore: needs ${mib(bytes(backup, db))} free on ${pod.data} for the backup and a copy of the current database, ${mib(bytes(backup) - bytes(db))} free: grow database.sqlite.size, or free space\n`,
    );
    expect(commandLines(r.calls).slice(-2)).toEqual([
      'kubectl scale deployment/todo-chatbot-backend -n todo-chatbot --replicas=1',
      'kubectl rollout status deployment/todo-chatbot-backend -n todo-chatbot --timeout=5m',
    ]);
    expect(fs.readdirSync(pod.data)).toEqual(['todo.db']);
    expect(fs.readdirSync(pod.tmp)).toEqual([]);
    expect(inspectDb(db)).toBe(before);
  });
});
