/**
 * `secrets apply`: creates or updates the Secret `<release>-env` from a .env
 * file, the idempotent way (`kubectl create --dry-run=client -o yaml` piped
 * to `kubectl apply`). Values reach kubectl only through a 0600 temp file
 * that is deleted afterwards; none is ever printed.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CommandSpec, str, TARGET_OPTIONS, targetFrom } from '../args';
import { instanceSelector, kubectl, Target } from '../context';
import { CliError } from '../errors';
import { ENV_FILE_FLAG, generateSecret, kubectlEnvFile, parseDotenv, SECRET_KEY_NAMES, SECRET_KEYS, SecretKey, secretData } from '../dotenv';
import { Runner } from '../steps';
import { removeTempFile, writeTempFile } from '../tempfiles';

/** Name of the Secret `secrets apply` manages (never the chart's own `<release>-secrets`). */
export function envSecretName(release: string): string {
  return `${release}-env`;
}

type Source = '.env' | 'kept from the cluster' | 'generated';

async function clusterSecret(runner: Runner, target: Target, name: string): Promise<Map<string, string> | undefined> {
  const json = await runner.query(
    `read Secret ${name}`,
    kubectl(target, 'get', 'secret', name, '-n', target.namespace, '--ignore-not-found', '-o', 'json'),
    { assume: `Secret ${name} does not exist`, secretOutput: true },
  );
  return secretData(json);
}

interface DeploymentList {
  items: Array<{
    metadata: { name: string };
    spec: { template: { spec: { containers?: Array<{ env?: Array<{ valueFrom?: { secretKeyRef?: { name: string; key: string } } }> }> } } };
  }>;
}

/**
 * Pods read a Secret when they start, and the chart cannot see into a Secret
 * it did not make: restart the Deployments that read a changed key, so no pod
 * keeps the old value.
 */
async function restartReaders(runner: Runner, target: Target, secret: string, changed: string[]): Promise<void> {
  if (!changed.length) return;
  const json = await runner.query(
    'find the Deployments that read a changed key',
    kubectl(target, 'get', 'deployments', '-n', target.namespace, '-l', instanceSelector(target.release), '-o', 'json'),
    { assume: 'none is deployed yet', dryRunValue: '{"items":[]}' },
  );
  const readers = ((JSON.parse(json || '{"items":[]}') as DeploymentList).items ?? [])
    .filter((d) => (d.spec.template.spec.containers ?? []).some((c) => (c.env ?? []).some((e) => e.valueFrom?.secretKeyRef?.name === secret && changed.includes(e.valueFrom.secretKeyRef.key))))
    .map((d) => d.metadata.name);
  if (readers.length) {
    await runner.run(readers.map((d) => ({ title: `restart ${d}, which reads a changed key`, procs: [{ argv: kubectl(target, 'rollout', 'restart', `deployment/${d}`, '-n', target.namespace) }] })));
    runner.done(`Changed: ${changed.join(', ')}. Restarted ${readers.join(', ')}, which read them.`);
  }
  if (changed.includes('postgres-password')) {
    runner.done(
      'postgres-password changed, but PostgreSQL keeps the password its data was created with: change it in the database too ' +
        `(ALTER USER ... PASSWORD '...' with psql in ${target.release}-postgres-0), or put the old one back.`,
    );
  }
}

/** `secrets apply`. */
export const secretsApplyCommand: CommandSpec = {
  name: 'secrets apply',
  summary: 'Create or update the app Secret <release>-env from a .env file.',
  details: [
    'Keys (← .env variable): auth-secret ← BETTER_AUTH_SECRET, database-url ← DATABASE_URL, openai-api-key ← OPENAI_API_KEY,',
    'groq-api-key ← GROQ_API_KEY, postgres-password ← POSTGRES_PASSWORD. A key the file leaves out keeps its value from the',
    'cluster (<release>-env, else the chart\'s <release>-secrets); a missing auth-secret is generated (48 random characters).',
    'deploy uses <release>-env whenever it exists, unless the values name another Secret. No value is ever printed.',
    'When the Secret existed, the Deployments that read a changed key are restarted, so no pod keeps an old value.',
    `The file is given with ${ENV_FILE_FLAG} FILE: Node reads --env-file itself (it would load the file into its own`,
    'environment, or stop with "node: FILE: not found"), so this command refuses --env-file.',
  ].join('\n'),
  options: {
    ...TARGET_OPTIONS,
    [ENV_FILE_FLAG.slice(2)]: { type: 'string', value: 'FILE', description: 'dotenv file to read (default .env)' },
  },
  refusedOptions: {
    'env-file': `use ${ENV_FILE_FLAG} FILE (Node itself reads --env-file and loads that file into its own environment)`,
  },
  tools: () => ['kubectl'],
  async run(ctx, args) {
    const spec = secretsApplyCommand;
    const target = targetFrom(spec, args, ctx.env);
    const file = path.resolve(ctx.cwd, str(args, ENV_FILE_FLAG.slice(2)) ?? '.env');
    if (!fs.existsSync(file)) throw new CliError(`env file not found: ${file} (pass ${ENV_FILE_FLAG} FILE)`);
    const vars = parseDotenv(fs.readFileSync(file, 'utf-8'), path.basename(file));
    const runner = new Runner(ctx, target);
    const name = envSecretName(target.release);

    const values = new Map<SecretKey, string>();
    const sources = new Map<SecretKey, Source>();
    for (const key of SECRET_KEY_NAMES) {
      const v = vars.get(SECRET_KEYS[key]);
      if (v) {
        values.set(key, v);
        sources.set(key, '.env');
      }
    }
    // Keys the file leaves out keep their cluster values: the auth secret signs live sessions,
    // and the Postgres password was fixed when the database was first created.
    const current = await clusterSecret(runner, target, name);
    for (const secretName of [name, `${target.release}-secrets`]) {
      if (SECRET_KEY_NAMES.every((k) => values.has(k))) break;
      const existing = secretName === name ? current : await clusterSecret(runner, target, secretName);
      for (const [k, v] of existing ?? []) {
        if ((SECRET_KEY_NAMES as string[]).includes(k) && !values.has(k as SecretKey) && v) {
          values.set(k as SecretKey, v);
          sources.set(k as SecretKey, 'kept from the cluster');
        }
      }
    }
    if (!values.has('auth-secret')) {
      values.set('auth-secret', generateSecret());
      sources.set('auth-secret', 'generated');
    }
    const ordered = new Map(SECRET_KEY_NAMES.filter((k) => values.has(k)).map((k) => [k, values.get(k) as string]));
    const content = kubectlEnvFile(ordered);
    runner.protect(ordered.values());
    const envFile = path.join(os.tmpdir(), `todo-chatbot-secret-${crypto.randomBytes(8).toString('hex')}.env`);
    const summary = SECRET_KEY_NAMES.filter((k) => ordered.has(k)).map((k) => `${k} (${sources.get(k)})`);

    await runner.run(
      [
        {
          kind: 'local',
          title: 'write the values to a private temporary file',
          describe: [`${envFile} (mode 0600): ${[...ordered.keys()].map((k) => `${k}=<redacted>`).join(' ')}`],
          perform: () => writeTempFile(envFile, content),
        },
        {
          title: 'ensure the namespace exists',
          procs: [
            { argv: kubectl(target, 'create', 'namespace', target.namespace, '--dry-run=client', '-o', 'yaml') },
            { argv: kubectl(target, 'apply', '-f', '-') },
          ],
        },
        {
          title: `apply Secret ${name}`,
          procs: [
            { argv: kubectl(target, 'create', 'secret', 'generic', name, '-n', target.namespace, `--from-env-file=${envFile}`, '--dry-run=client', '-o', 'yaml') },
            { argv: kubectl(target, 'apply', '-f', '-') },
          ],
        },
      ],
      [
        {
          kind: 'local',
          title: 'delete the temporary file',
          describe: [`delete ${envFile}`],
          perform: () => removeTempFile(envFile),
        },
      ],
    );
    runner.done(`Secret ${name} in namespace ${target.namespace}: ${summary.join(', ')}.`);
    if (current) await restartReaders(runner, target, name, [...ordered.keys()].filter((k) => current.get(k) !== ordered.get(k)));
    const ignored = [...vars.keys()].filter((v) => !(Object.values(SECRET_KEYS) as string[]).includes(v));
    if (ignored.length) runner.done(`Ignored (not keys of the app Secret): ${ignored.join(', ')}.`);
    const empty = SECRET_KEY_NAMES.map((k) => SECRET_KEYS[k]).filter((v) => vars.get(v) === '');
    if (empty.length) runner.done(`Empty in ${path.basename(file)}, so not taken from it: ${empty.join(', ')}.`);
    runner.done(
      `"todo-chatbot deploy" uses this Secret (it passes --set secrets.existingSecret=${name}) unless the values name another one ` +
        `in secrets.existingSecret, as the production profile does: then add --existing-secret ${name}.`,
    );
    return 0;
  },
};
