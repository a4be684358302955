/**
 * `backup` and `restore`. SQLite: a consistent copy made with SQLite's backup
 * API inside the backend pod; restore scales the backend to zero and writes
 * the file through a short-lived helper pod that mounts the volume.
 * In-cluster Postgres: pg_dump / psql inside the Postgres pod.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { bool, CommandSpec, oneOf, OptionSpec, str, TARGET_OPTIONS, targetFrom, usageLine } from '../args';
import { componentSelector, kubectl, Target } from '../context';
import { CliError, UsageError } from '../errors';
import {
  BackendInfo, DATABASE_MODES, DatabaseMode, detectMode, PG_DUMP_SCRIPT, postgresPod, PSQL_RESTORE_SCRIPT, readBackend,
  restoreHelperPod, runningBackendPod, SQLITE_BACKUP_SCRIPT, SQLITE_RESTORE_SCRIPT,
} from '../database';
import { IMAGES, localImageTag } from '../project';
import { Runner, Step } from '../steps';
import { rolloutStep } from './deploy';

/** File name of a backup of each kind. */
export const BACKUP_FILE: Record<DatabaseMode, string> = { sqlite: 'todo.db', postgres: 'todo.sql' };

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

const DATABASE_OPTION: Readonly<Record<string, OptionSpec>> = {
  database: { type: 'string', value: 'sqlite|postgres', description: 'database mode (default: detected from the cluster)' },
};

/** A folder name from a time, safe on every file system: 2025-01-31T14-05-09Z. */
export function backupStamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
}

/** What kind of backup a file holds, from its first bytes. */
export function backupKind(file: string): DatabaseMode {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(4096);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  if (n >= SQLITE_HEADER.length && head.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) return 'sqlite';
  if (n > 0 && !head.subarray(0, n).includes(0)) return 'postgres';
  throw new CliError(`${file} is neither a SQLite database nor a SQL dump`);
}

/** The backup file named by --from: the file itself, or the one inside a backup folder. */
export function backupFileFrom(from: string): string {
  if (!fs.existsSync(from)) throw new CliError(`backup not found: ${from}`);
  if (!fs.statSync(from).isDirectory()) return from;
  const found = Object.values(BACKUP_FILE).map((f) => path.join(from, f)).filter((f) => fs.existsSync(f));
  if (found.length !== 1) {
    throw new CliError(`${from} must hold exactly one of ${Object.values(BACKUP_FILE).join(', ')} (found ${found.length})`);
  }
  return found[0];
}

function databaseFlag(spec: CommandSpec, args: Parameters<CommandSpec['run']>[1]): DatabaseMode | undefined {
  return str(args, 'database') === undefined ? undefined : oneOf(spec, args, 'database', DATABASE_MODES, 'sqlite');
}

function requireSqliteVolume(backend: BackendInfo, target: Target): void {
  if (!backend.sqliteClaim) {
    throw new CliError(
      `the backend of ${target.release} mounts no volume claim, so its database is external (database.mode=external): back it up with your provider's tools (e.g. pg_dump against DATABASE_URL, or Neon's branching)`,
    );
  }
}

function checkBackupFile(file: string, mode: DatabaseMode): void {
  const size = fs.statSync(file).size;
  if (size === 0) throw new CliError(`the backup came out empty: ${file}`);
  const head = Buffer.alloc(1024);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  if (mode === 'sqlite' && !head.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    throw new CliError(`the backup is not a SQLite database: ${file}`);
  }
  if (mode === 'postgres' && !head.subarray(0, n).toString('utf-8').includes('PostgreSQL database dump')) {
    throw new CliError(`the backup is not a pg_dump file: ${file}`);
  }
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** `backup`. */
export const backupCommand: CommandSpec = {
  name: 'backup',
  summary: 'Back up the database to backups/<timestamp>/ (SQLite file or Postgres SQL dump).',
  details: [
    'SQLite: copied with SQLite\'s backup API inside the running backend pod (consistent while the app writes) to a hidden',
    'file next to the database on its volume (never the pod\'s small /tmp), checked with PRAGMA integrity_check, streamed',
    'out and removed. The volume needs free space for one copy (database plus -wal); if it lacks it, the backup says so',
    'before copying anything: grow database.sqlite.size or free space.',
    'Postgres (in-cluster): pg_dump inside <release>-postgres-0 with --clean --if-exists, streamed out as it runs, so restore',
    'replaces what is there.',
    'External databases are backed up with the provider\'s tools.',
  ].join('\n'),
  options: {
    ...TARGET_OPTIONS,
    ...DATABASE_OPTION,
    'output-dir': { type: 'string', value: 'DIR', description: 'where backup folders go (default ./backups)' },
  },
  tools: () => ['kubectl'],
  async run(ctx, args) {
    const spec = backupCommand;
    const target = targetFrom(spec, args, ctx.env);
    const forced = databaseFlag(spec, args);
    const runner = new Runner(ctx, target);
    const mode = await detectMode(runner, target, forced, 'sqlite');
    const dir = path.resolve(ctx.cwd, str(args, 'output-dir') ?? 'backups', backupStamp(ctx.now()));
    const file = path.join(dir, BACKUP_FILE[mode]);
    const partial = `${file}.partial`;
    let source: string;
    let copy: Step;
    if (mode === 'sqlite') {
      const backend = await readBackend(runner, target, `${IMAGES.backend}:${localImageTag(ctx.root)}`);
      requireSqliteVolume(backend, target);
      source = await runningBackendPod(runner, target);
      copy = {
        title: `copy the SQLite database out of ${source}`,
        procs: [{ argv: kubectl(target, 'exec', source, '-n', target.namespace, '-c', 'backend', '--', 'python', '-c', SQLITE_BACKUP_SCRIPT, backend.sqlitePath) }],
        stdoutFile: partial,
      };
    } else {
      source = postgresPod(target.release);
      copy = {
        title: `pg_dump in ${source}`,
        procs: [{ argv: kubectl(target, 'exec', source, '-n', target.namespace, '-c', 'postgres', '--', 'sh', '-c', PG_DUMP_SCRIPT) }],
        stdoutFile: partial,
      };
    }
    const manifest = path.join(dir, 'backup.json');
    await runner.run(
      [
        { kind: 'local', title: 'create the backup folder', describe: [`mkdir ${dir}`], perform: () => void fs.mkdirSync(dir, { recursive: true, mode: 0o700 }) },
        copy,
        {
          kind: 'local',
          title: 'check the backup and record it',
          describe: [`check ${path.basename(partial)}, rename it to ${path.basename(file)}, write ${manifest}`],
          perform: () => {
            checkBackupFile(partial, mode);
            fs.renameSync(partial, file);
            const record = {
              release: target.release,
              namespace: target.namespace,
              database: mode,
              source,
              file: path.basename(file),
              bytes: fs.statSync(file).size,
              sha256: sha256(file),
              createdAt: ctx.now().toISOString(),
            };
            fs.writeFileSync(manifest, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
          },
        },
      ],
      [
        {
          kind: 'local',
          title: 'remove unfinished files',
          describe: [`delete ${path.basename(partial)} if it is left, and the folder if it is empty`],
          perform: () => {
            fs.rmSync(partial, { force: true });
            if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
          },
        },
      ],
    );
    if (ctx.dryRun) return 0;
    runner.say(`Backup of ${target.release} (${mode}) written to ${file} (${fs.statSync(file).size} bytes).`);
    runner.say(`Restore it with: todo-chatbot restore --from ${path.relative(ctx.cwd, dir) || dir} --yes`);
    return 0;
  },
};

/** `restore`. */
export const restoreCommand: CommandSpec = {
  name: 'restore',
  summary: 'Restore the database from a backup (replaces the current data; needs --yes).',
  details: [
    'The backend is scaled to 0 first and scaled back afterwards (also after a failure).',
    'SQLite: a helper pod (<release>-restore: the backend image, same non-root user, Pod Security "restricted") mounts the',
    'volume; the file is streamed into <file>.restore on the volume (never the pod\'s /tmp), checked with PRAGMA',
    'integrity_check and swapped in with one rename. The previous database stays next to it as <file>.pre-restore, so the',
    'volume needs free space for the backup plus the current database; the restore checks that before writing anything.',
    'Postgres: the dump is streamed into psql, replayed in one transaction inside <release>-postgres-0; any error rolls it',
    'all back.',
  ].join('\n'),
  options: {
    ...TARGET_OPTIONS,
    ...DATABASE_OPTION,
    from: { type: 'string', value: 'FILE|DIR', description: 'backup file, or a backups/<timestamp> folder (required)' },
    yes: { type: 'boolean', short: 'y', description: 'confirm that the current data is replaced' },
  },
  tools: () => ['kubectl'],
  async run(ctx, args) {
    const spec = restoreCommand;
    const target = targetFrom(spec, args, ctx.env);
    const fromFlag = str(args, 'from');
    if (!fromFlag) throw new UsageError('restore: --from FILE is required', usageLine(spec));
    const file = backupFileFrom(path.resolve(ctx.cwd, fromFlag));
    const kind = backupKind(file);
    const forced = databaseFlag(spec, args);
    if (!bool(args, 'yes') && !ctx.dryRun) {
      throw new CliError(
        `restore replaces the data of release ${target.release} in namespace ${target.namespace}: re-run with --yes to confirm (take a backup first: todo-chatbot backup)`,
      );
    }
    const runner = new Runner(ctx, target);
    const mode = await detectMode(runner, target, forced, kind);
    if (mode !== kind) throw new CliError(`${file} is a ${kind} backup, but release ${target.release} uses ${mode}`);
    const backend = await readBackend(runner, target, `${IMAGES.backend}:${localImageTag(ctx.root)}`);
    const deployment = `deployment/${target.release}-backend`;
    const stop: Step[] = [
      { title: 'scale the backend to 0', procs: [{ argv: kubectl(target, 'scale', deployment, '-n', target.namespace, '--replicas=0') }] },
      {
        title: 'wait for the backend pods to stop',
        procs: [{ argv: kubectl(target, 'wait', 'pod', '-n', target.namespace, '-l', componentSelector(target.release, 'backend'), '--for=delete', '--timeout=120s') }],
      },
    ];
    const restart: Step[] = [
      { title: `scale the backend back to ${backend.replicas}`, procs: [{ argv: kubectl(target, 'scale', deployment, '-n', target.namespace, `--replicas=${backend.replicas}`) }] },
      ...(backend.replicas > 0 ? [rolloutStep(runner, target, 'backend', '5m')] : []),
    ];
    if (mode === 'postgres') {
      const pod = postgresPod(target.release);
      await runner.run(
        [
          ...stop,
          {
            title: `replay the dump with psql in ${pod}`,
            procs: [{ argv: kubectl(target, 'exec', '-i', pod, '-n', target.namespace, '-c', 'postgres', '--', 'sh', '-c', PSQL_RESTORE_SCRIPT) }],
            stdin: { file },
          },
        ],
        restart,
      );
    } else {
      requireSqliteVolume(backend, target);
      const helper = `${target.release}-restore`;
      const removeHelper: Step = {
        title: `delete the helper pod ${helper}`,
        procs: [{ argv: kubectl(target, 'delete', 'pod', helper, '-n', target.namespace, '--ignore-not-found', '--wait=true') }],
      };
      await runner.run(
        [
          ...stop,
          { ...removeHelper, title: `remove a leftover helper pod ${helper}` },
          {
            title: `start the helper pod ${helper}`,
            procs: [{ argv: kubectl(target, 'apply', '-n', target.namespace, '-f', '-') }],
            stdin: {
              data: JSON.stringify(restoreHelperPod(target, backend), null, 2),
              display: `Pod ${helper}: image ${backend.image}, user ${backend.runAsUser}, claim ${backend.sqliteClaim} at ${backend.dataDir}`,
            },
          },
          {
            title: `wait for ${helper}`,
            procs: [{ argv: kubectl(target, 'wait', `pod/${helper}`, '-n', target.namespace, '--for=condition=Ready', '--timeout=180s') }],
          },
          {
            title: `write the database into ${backend.sqliteClaim}`,
            procs: [{ argv: kubectl(target, 'exec', '-i', helper, '-n', target.namespace, '-c', 'restore', '--', 'python', '-c', SQLITE_RESTORE_SCRIPT, backend.sqlitePath, String(fs.statSync(file).size)) }],
            stdin: { file },
          },
        ],
        [removeHelper, ...restart],
      );
    }
    if (ctx.dryRun) return 0;
    runner.say(`Restored ${target.release} (${mode}) from ${file}.`);
    return 0;
  },
};
