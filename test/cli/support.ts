/**
 * A sandbox for running the CLI in-process against fake tools: a temp PATH
 * with fake docker/kubectl/helm/minikube/kind/git, a temp project root with a
 * fake bin/synth.js and a chart folder, and the log of every call they got.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const FAKE = path.join(__dirname, 'fakes', 'fake-tool.js');
/** The real entry point, for tests that run the command as its own process. */
export const BIN = path.join(REPO_ROOT, 'bin', 'todo-chatbot.js');
/** What the helm bundled in <root>/.tools/helm3 records as its name, to tell it from the helm on PATH. */
export const BUNDLED_HELM = 'bundled-helm';
/** True where the project uses a bundled helm (the npm package ships a Linux x64 binary only). */
export const HAS_BUNDLED_HELM = process.platform === 'linux' && process.arch === 'x64';
export const ALL_TOOLS = ['docker', 'kubectl', 'helm', 'minikube', 'kind', 'git'] as const;
export type FakeToolName = (typeof ALL_TOOLS)[number];

export interface FakeRule {
  tool: FakeToolName | 'synth' | typeof BUNDLED_HELM;
  /** Exact arguments. */
  args?: string[];
  /** Leading arguments. */
  prefix?: string[];
  /** Arguments that must all appear. */
  includes?: string[];
  stdout?: string;
  stdoutBase64?: string;
  stderr?: string;
  exit?: number;
  /** Run the command after `--` of `kubectl exec` with python3, as in the pod modelled by fakes/pod-python.py. */
  runLocal?: LocalPod;
}

/** The pod a runLocal rule models: the volumes and what else the script may write. */
export interface LocalPod {
  /** Holds the pod's paths: <root>/data is the database volume, <root>/tmp the pod's /tmp. */
  root: string;
  /** Size limit of the pod's /tmp. */
  tmpBytes: number;
  /** Size of the database volume; unlimited when left out. */
  dataBytes?: number;
}

/**
 * The interpreter of the python3 on PATH, which runLocal rules need (the file
 * itself: the fakes run with a PATH of their own, where a launcher script such
 * as pyenv's finds nothing); undefined where there is none.
 */
export const PYTHON3: string | undefined = (() => {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf-8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
})();

export interface Call {
  tool: string;
  args: string[];
  stdin?: string;
  stdinSha256?: string;
  files?: Record<string, { content: string; mode: number }>;
  env?: Record<string, string>;
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
  calls: Call[];
}

export interface RunOptions {
  /** Answers to the CLI's questions, in order; undefined means "no terminal". */
  answers?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** Options of a run as a separate process. */
export interface SpawnOptions {
  /** What the process reads on stdin (closed after it). */
  input?: string;
  env?: Record<string, string>;
}

// Every sandbox folder not yet removed: a safety net for tests that make one by hand.
const live = new Set<string>();
afterAll(() => {
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
  live.clear();
});

/** Writes an executable `file` that runs the fake as `tool` (a .cmd shim on Windows). */
function writeWrapper(dir: string, tool: string, file = tool): void {
  fs.mkdirSync(dir, { recursive: true });
  const js = `require(${JSON.stringify(FAKE)}).run(${JSON.stringify(tool)}, process.argv.slice(2));\n`;
  if (process.platform === 'win32') {
    fs.writeFileSync(path.join(dir, `${file}.js`), js);
    fs.writeFileSync(path.join(dir, `${file}.cmd`), `@"${process.execPath}" "%~dp0${file}.js" %*\r\n`);
  } else {
    fs.writeFileSync(path.join(dir, file), `#!${process.execPath}\n${js}`, { mode: 0o755 });
  }
}

export class Sandbox {
  public readonly dir: string;
  public readonly bin: string;
  public readonly root: string;
  public readonly cwd: string;
  public readonly log: string;
  public rules: FakeRule[] = [];
  /** The time the CLI sees. */
  public now = new Date('2025-01-31T14:05:09.000Z');

  constructor(tools: readonly FakeToolName[] = ALL_TOOLS) {
    this.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-')));
    live.add(this.dir);
    this.bin = path.join(this.dir, 'bin');
    this.root = path.join(this.dir, 'project');
    this.cwd = path.join(this.dir, 'work');
    this.log = path.join(this.dir, 'calls.jsonl');
    for (const d of [this.bin, this.cwd, path.join(this.root, 'bin'), path.join(this.root, 'helm', 'todo-chatbot'), path.join(this.root, 'docker')]) {
      fs.mkdirSync(d, { recursive: true });
    }
    for (const t of tools) writeWrapper(this.bin, t);
    fs.writeFileSync(path.join(this.root, 'package.json'), JSON.stringify({ name: 'todo-chatbot-k8s', version: '0.1.0' }));
    fs.writeFileSync(path.join(this.root, 'bin', 'synth.js'), `require(${JSON.stringify(FAKE)}).run('synth', process.argv.slice(2));\n`);
    for (const f of ['Chart.yaml', 'values.yaml', 'values-kind.yaml', 'values-production.yaml']) {
      fs.writeFileSync(path.join(this.root, 'helm', 'todo-chatbot', f), '{}\n');
    }
    for (const f of ['backend.Dockerfile', 'frontend.Dockerfile', 'backend.dockerignore', 'frontend.dockerignore']) {
      const real = path.join(REPO_ROOT, 'docker', f);
      fs.writeFileSync(path.join(this.root, 'docker', f), fs.existsSync(real) ? fs.readFileSync(real) : `# ${f}\n`);
    }
  }

  /** Puts a fake helm where `npm install` extracts the bundled one; it records itself as BUNDLED_HELM. */
  installBundledHelm(): string {
    const dir = path.join(this.root, '.tools', 'helm3');
    writeWrapper(dir, BUNDLED_HELM, 'helm');
    return path.join(dir, 'helm');
  }

  /** Path of the chart folder. */
  get chart(): string {
    return path.join(this.root, 'helm', 'todo-chatbot');
  }

  /** Writes a file under the working directory and returns its absolute path. */
  write(rel: string, content: string | Buffer): string {
    const file = path.join(this.cwd, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  /** Runs `todo-chatbot <argv>` in-process and returns what it printed and the calls the fakes got. */
  async run(argv: string[], opts: RunOptions = {}): Promise<CliResult> {
    const env = this.prepare(opts.env);
    let out = '';
    let err = '';
    const answers = opts.answers ? [...opts.answers] : undefined;
    const code = await main({
      argv,
      env,
      cwd: opts.cwd ?? this.cwd,
      now: () => this.now,
      io: {
        out: (t) => {
          out += t;
        },
        err: (t) => {
          err += t;
        },
        isTTY: false,
        ask: async (q) => {
          out += q;
          return answers ? answers.shift() : undefined;
        },
      },
    });
    return { code, out, err, calls: this.calls() };
  }

  /**
   * Runs the real `node bin/todo-chatbot.js <argv>` as a child process, so
   * Node's own handling of the command line and inherited stdio are part of the test.
   */
  spawn(argv: string[], opts: SpawnOptions = {}): CliResult {
    const env = this.prepare(opts.env);
    const r = spawnSync(process.execPath, [BIN, ...argv], { env, cwd: this.cwd, input: opts.input ?? '', encoding: 'utf-8' });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr, calls: this.calls() };
  }

  /** Calls one fake tool directly, answering from the rules, e.g. to check what a rule models. */
  tool(name: FakeToolName, args: string[], input: string | Buffer = ''): { code: number; out: Buffer; err: string } {
    const r = spawnSync(path.join(this.bin, name), args, { env: this.prepare(), input });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr.toString('utf-8') };
  }

  /** Empties the call log, writes the rules, and returns the environment the command runs with. */
  private prepare(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    fs.writeFileSync(this.log, '');
    const rulesFile = path.join(this.dir, 'rules.json');
    fs.writeFileSync(rulesFile, JSON.stringify(this.rules));
    return {
      PATH: this.bin,
      FAKE_TOOLS_LOG: this.log,
      FAKE_TOOLS_RULES: rulesFile,
      TODO_CHATBOT_ROOT: this.root,
      ...(PYTHON3 ? { FAKE_PYTHON3: PYTHON3 } : {}),
      ...(process.platform === 'win32' ? { PATHEXT: '.COM;.EXE;.BAT;.CMD', SystemRoot: process.env.SystemRoot ?? 'C:\\Windows', ComSpec: process.env.ComSpec ?? 'cmd.exe' } : {}),
      ...extra,
    };
  }

  private calls(): Call[] {
    return fs
      .readFileSync(this.log, 'utf-8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Call);
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    live.delete(this.dir);
  }
}

/** Each call as "tool arg arg ...", for compact sequence assertions. */
export function commandLines(calls: readonly Call[]): string[] {
  return calls.map((c) => [c.tool, ...c.args].join(' '));
}

/** Creates a sandbox per test and removes it afterwards. */
export function useSandbox(tools?: readonly FakeToolName[]): () => Sandbox {
  let box: Sandbox | undefined;
  beforeEach(() => {
    box = new Sandbox(tools);
  });
  afterEach(() => {
    box?.cleanup();
    box = undefined;
  });
  return () => {
    if (!box) throw new Error('sandbox used outside a test');
    return box;
  };
}

/** Mode of a file written with 0600 (Windows reports every writable file as 0666). */
export const PRIVATE_MODE = process.platform === 'win32' ? 0o666 : 0o600;
