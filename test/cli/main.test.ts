import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMMANDS } from '../../lib/cli/main';
import { REPO_ROOT, useSandbox } from './support';

const ENV_FILE_REFUSAL = 'use --from-env-file FILE (Node itself reads --env-file and loads that file into its own environment)';

describe('todo-chatbot', () => {
  const box = useSandbox();

  it('lists the commands on --help and help', async () => {
    const b = box();
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await b.run(argv);
      expect(r.code).toBe(0);
      expect(r.out.split('\n').slice(0, 3)).toEqual(['todo-chatbot: build, deploy and operate the Todo AI Chatbot on Kubernetes.', '', 'usage: todo-chatbot <command> [options]']);
      for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name} `);
    }
    const none = await b.run([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('usage: todo-chatbot <command> [options]');
  });

  it('has --help on every command, with --dry-run among the options', async () => {
    const b = box();
    for (const c of COMMANDS.filter((x) => !x.passThrough)) {
      const r = await b.run([...c.name.split(' '), '--help']);
      expect(r.code).toBe(0);
      expect(r.out.startsWith(`${c.summary}\n\nusage: todo-chatbot ${c.name} [options]`)).toBe(true);
      expect(r.out).toContain('      --dry-run ');
      const viaHelp = await b.run(['help', ...c.name.split(' ')]);
      expect(viaHelp.out).toBe(r.out);
    }
    expect(COMMANDS.map((c) => c.name)).toEqual([
      'doctor', 'cluster up', 'cluster down', 'images build', 'images load', 'secrets apply',
      'deploy', 'rollback', 'status', 'uninstall', 'backup', 'restore', 'helm',
    ]);
    expect(COMMANDS.filter((x) => x.passThrough).map((x) => x.name)).toEqual(['helm']);
  });

  it('says in the overview which command passes its arguments on', async () => {
    const r = await box().run(['--help']);
    expect(r.out).toContain('\nEvery command but helm takes --dry-run (print the commands, run none), --verbose and --help.\n');
    expect(r.out).toContain('\n"todo-chatbot helm ARGS..." passes every argument to helm; "todo-chatbot help helm" explains it.\n');
  });

  it('prints the package version', async () => {
    const r = await box().run(['--version']);
    expect(r.out).toBe('0.1.0\n');
  });

  it('reports unknown commands, subcommands, flags and missing values in one line plus usage', async () => {
    const b = box();
    const cases: Array<[string[], string]> = [
      [['deploi'], 'error: unknown command "deploi"\nusage: todo-chatbot <command> [options]   (todo-chatbot --help lists the commands)\n'],
      [['cluster'], 'error: cluster: missing subcommand (up or down)\nusage: todo-chatbot cluster up|down [options]\n'],
      [['images', 'push'], 'error: images: unknown subcommand "push" (build or load)\nusage: todo-chatbot images build|load [options]\n'],
      [['deploy', '--force'], 'error: deploy: unknown option --force\nusage: todo-chatbot deploy [options]\n'],
      [['deploy', '-n'], 'error: deploy: --namespace needs a value\nusage: todo-chatbot deploy [options]\n'],
      [['deploy', '--dry-run=yes'], 'error: deploy: --dry-run takes no value\nusage: todo-chatbot deploy [options]\n'],
      [['status', 'extra'], 'error: status: unexpected argument "extra"\nusage: todo-chatbot status [options]\n'],
      [['status', '--release', 'Bad_Name'], 'error: status: release "Bad_Name" must be lower-case letters, digits and "-", at most 53 characters\nusage: todo-chatbot status [options]\n'],
      [['secrets', 'apply', '--from-env-file='], 'error: secrets apply: --from-env-file needs a value\nusage: todo-chatbot secrets apply [options]\n'],
      [['secrets', 'apply', '--env-file', '.env'], `error: secrets apply: --env-file is not accepted: ${ENV_FILE_REFUSAL}\n`],
      [['secrets', 'apply', '--dry-run', '--env-file=prod.env'], `error: secrets apply: --env-file is not accepted: ${ENV_FILE_REFUSAL}\n`],
    ];
    for (const [argv, err] of cases) {
      const r = await b.run(argv);
      expect({ argv, code: r.code, err: r.err, calls: r.calls.length }).toEqual({ argv, code: 2, err, calls: 0 });
    }
  });

  it('runs as a real process: exit codes, plain one-line errors, no stack trace', () => {
    const b = box();
    const bin = path.join(REPO_ROOT, 'bin', 'todo-chatbot.js');
    const env = { PATH: path.join(b.dir, 'nothing-here'), TODO_CHATBOT_ROOT: b.root };
    const missing = spawnSync(process.execPath, [bin, 'status'], { env, cwd: b.cwd, encoding: 'utf-8' });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^error: kubectl is not installed \(not found on PATH\): .+\n$/);
    const help = spawnSync(process.execPath, [bin, 'status', '--help'], { env, cwd: b.cwd, encoding: 'utf-8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: todo-chatbot status [options]');
    const usage = spawnSync(process.execPath, [bin, 'status', '--bogus'], { env, cwd: b.cwd, encoding: 'utf-8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the test sandbox', () => {
  const box = useSandbox();
  let previous: string | undefined;

  it('lives in the OS temp folder while a test runs', () => {
    previous = box().dir;
    expect(fs.existsSync(previous)).toBe(true);
    expect(previous.startsWith(fs.realpathSync(os.tmpdir()))).toBe(true);
  });

  it('is removed after its test', () => {
    expect(previous).toBeDefined();
    expect(fs.existsSync(previous as string)).toBe(false);
  });
});
