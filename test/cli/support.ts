/**
 * A sandbox for running the CLI in-process against fake tools: a temp PATH
 * with fake docker/kubectl/helm/minikube/kind/git, a temp project root with a
 * fake bin/synth.js and a chart folder, and the log of every call they got.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const FAKE = path.join(__dirname, 'fakes', 'fake-tool.js');
export const ALL_TOOLS = ['docker', 'kubectl', 'helm', 'minikube', 'kind', 'git'] as const;
export type FakeToolName = (typeof ALL_TOOLS)[number];

export interface FakeRule {
  tool: FakeToolName | 'synth';
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
}

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

/** Writes an executable that runs the fake as `tool` (a .cmd shim on Windows). */
function writeWrapper(dir: string, tool: string): void {
  const js = `require(${JSON.stringify(FAKE)}).run(${JSON.stringify(tool)}, process.argv.slice(2));\n`;
  if (process.platform === 'win32') {
    fs.writeFileSync(path.join(dir, `${tool}.js`), js);
    fs.writeFileSync(path.join(dir, `${tool}.cmd`), `@"${process.execPath}" "%~dp0${tool}.js" %*\r\n`);
  } else {
    fs.writeFileSync(path.join(dir, tool), `#!${process.execPath}\n${js}`, { mode: 0o755 });
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
    fs.writeFileSync(this.log, '');
    const rulesFile = path.join(this.dir, 'rules.json');
    fs.writeFileSync(rulesFile, JSON.stringify(this.rules));
    let out = '';
    let err = '';
    const answers = opts.answers ? [...opts.answers] : undefined;
    const env: NodeJS.ProcessEnv = {
      PATH: this.bin,
      FAKE_TOOLS_LOG: this.log,
      FAKE_TOOLS_RULES: rulesFile,
      TODO_CHATBOT_ROOT: this.root,
      ...(process.platform === 'win32' ? { PATHEXT: '.COM;.EXE;.BAT;.CMD', SystemRoot: process.env.SystemRoot ?? 'C:\\Windows', ComSpec: process.env.ComSpec ?? 'cmd.exe' } : {}),
      ...(opts.env ?? {}),
    };
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
    const calls = fs
      .readFileSync(this.log, 'utf-8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Call);
    return { code, out, err, calls };
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
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
