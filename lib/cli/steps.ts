/**
 * Runs a command's plan: read-only checks first, then numbered steps with
 * progress, then cleanup steps that run even after a failure. With --dry-run
 * the same code prints every command instead of running it.
 */
import { Context } from './context';
import { formatCommand, formatDuration, redact, tailLines } from './display';
import { MissingToolError, StepError } from './errors';
import { hintFor, HintContext } from './hints';
import { ProcessResult, ProcessSpec, runPipeline } from './run';
import { installHint, locateTool } from './tools';

/** One process: argv[0] is a tool name (looked up on PATH) or an absolute path. */
export interface Proc {
  readonly argv: readonly string[];
  /** Variables added to this process's environment (not secrets: they are printed). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A step that runs one process, or several joined by pipes. */
export interface CommandStep {
  readonly kind?: 'command';
  /** Short name shown in progress and errors, e.g. "helm upgrade". */
  readonly title: string;
  readonly procs: readonly Proc[];
  /** Input of the first process; `display` is what the plan shows instead of the data. */
  readonly stdin?: { readonly file: string } | { readonly data: string | Buffer; readonly display: string };
  /** Output of the last process goes to this file (mode 0600). */
  readonly stdoutFile?: string;
  /** Print the tool's output to the user (e.g. `status`). */
  readonly show?: boolean;
  /** Values to hide if they ever appear in output. */
  readonly secrets?: readonly string[];
  /** After a failure: gathers lines that explain it (e.g. pod states); never throws. */
  readonly diagnose?: () => Promise<string[]>;
}

/** A step done by this program itself, e.g. writing a file. */
export interface LocalStep {
  readonly kind: 'local';
  readonly title: string;
  /** What the plan shows. */
  readonly describe: readonly string[];
  readonly perform: () => void | Promise<void>;
}

/** A numbered step of a plan. */
export type Step = CommandStep | LocalStep;

/** How a read-only check behaves in a dry run. */
export interface QueryOptions {
  /** What a dry run assumes instead, shown next to the command. */
  readonly assume: string;
  /** The answer a dry run continues with. */
  readonly dryRunValue?: string;
  /** The output is secret: never shown, even with --verbose. */
  readonly secretOutput?: boolean;
}

/** The answer of a check. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

const INDENT = '      ';
const TICK_MS = 10_000;

/** Runs (or, in a dry run, prints) queries and steps for one command. */
export class Runner {
  private readonly secrets: string[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly hintContext: HintContext,
  ) {}

  /** Values that must never appear in anything this runner prints, whichever step shows them. */
  public protect(values: Iterable<string>): void {
    this.secrets.push(...values);
  }

  /** Prints the outcome of a command; a dry run has none, so it prints nothing. */
  public done(text: string): void {
    if (!this.ctx.dryRun) this.say(text);
  }

  /** Prints a line to the user. */
  public say(text = ''): void {
    this.ctx.io.out(`${text}\n`);
  }

  /**
   * A read-only command whose output shapes the plan. Fails like a step when
   * the tool exits non-zero. A dry run prints it and continues with `dryRunValue`.
   */
  public async query(title: string, argv: readonly string[], opts: QueryOptions): Promise<string> {
    const r = await this.probe(title, argv, opts);
    if (!r.ok) throw this.failure(title, r.code, redact(r.stderr || (opts.secretOutput ? '' : r.stdout), this.secrets), []);
    return r.stdout;
  }

  /** Like query, but a non-zero exit is an answer rather than an error. */
  public async probe(title: string, argv: readonly string[], opts: QueryOptions): Promise<ProbeResult> {
    if (this.ctx.dryRun) {
      this.say(`check: ${title}`);
      this.say(`${INDENT}$ ${this.show({ argv })}`);
      this.say(`${INDENT}(not run in a dry run; assuming ${opts.assume})`);
      return { ok: true, code: 0, stdout: opts.dryRunValue ?? '', stderr: '' };
    }
    if (this.ctx.verbose) this.ctx.io.err(`check: $ ${this.show({ argv })}\n`);
    const [r] = await this.exec([{ argv }], {});
    const stdout = r.stdout.toString('utf-8');
    if (this.ctx.verbose && !opts.secretOutput && stdout.trim()) this.ctx.io.err(`${redact(stdout.trimEnd(), this.secrets)}\n`);
    return { ok: r.code === 0 && !r.error, code: r.code, stdout, stderr: r.stderr };
  }

  /**
   * Runs steps in order, numbered [i/n], stopping at the first failure; then
   * the cleanup steps, which run whatever happened.
   */
  public async run(steps: readonly Step[], cleanup: readonly Step[] = []): Promise<void> {
    const total = steps.length + cleanup.length;
    let failure: unknown;
    let n = 0;
    for (const step of steps) {
      n++;
      try {
        await this.runStep(step, n, total, false);
      } catch (e) {
        failure = e;
        break;
      }
    }
    let cleanupFailure: unknown;
    n = steps.length;
    for (const step of cleanup) {
      n++;
      try {
        await this.runStep(step, n, total, true);
      } catch (e) {
        if (failure !== undefined) this.ctx.io.err(`warning: cleanup step "${step.title}" also failed: ${(e as Error).message}\n`);
        cleanupFailure ??= e;
      }
    }
    if (failure !== undefined) throw failure;
    if (cleanupFailure !== undefined) throw cleanupFailure;
  }

  private async runStep(step: Step, n: number, total: number, isCleanup: boolean): Promise<void> {
    this.say(`[${n}/${total}] ${step.title}${isCleanup ? ' (runs even if a step above failed)' : ''}`);
    if (step.kind === 'local') {
      for (const line of step.describe) this.say(`${INDENT}${line}`);
      if (!this.ctx.dryRun) await step.perform();
      return;
    }
    this.say(`${INDENT}$ ${step.procs.map((p) => this.show(p)).join(' | ')}`);
    if (step.stdin) this.say(`${INDENT}  < ${'file' in step.stdin ? step.stdin.file : step.stdin.display}`);
    if (step.stdoutFile) this.say(`${INDENT}  > ${step.stdoutFile}`);
    if (this.ctx.dryRun) return;
    const secrets = [...this.secrets, ...(step.secrets ?? [])];
    const started = Date.now();
    const ticker = this.ctx.io.isTTY
      ? setInterval(() => this.say(`${INDENT}... still running (${formatDuration(Date.now() - started)})`), TICK_MS)
      : undefined;
    let results: ProcessResult[];
    try {
      results = await this.exec(step.procs, {
        stdin: step.stdin ? ('file' in step.stdin ? { file: step.stdin.file } : { data: step.stdin.data }) : undefined,
        stdoutFile: step.stdoutFile,
        onOutput: (chunk, stream) => {
          if (step.show && stream === 'stdout') this.ctx.io.out(redact(chunk.toString('utf-8'), secrets));
          else if (this.ctx.verbose) this.ctx.io.err(redact(chunk.toString('utf-8'), secrets));
        },
      });
    } finally {
      if (ticker) clearInterval(ticker);
    }
    const elapsed = Date.now() - started;
    if (elapsed >= TICK_MS) this.say(`${INDENT}done in ${formatDuration(elapsed)}`);
    const failed = results.find((r) => r.code !== 0 || r.error);
    if (!failed) return;
    const output = failed.error ? `${failed.error.message}\n${failed.stderr}` : failed.stderr || failed.stdout.toString('utf-8');
    let details: string[] = [];
    if (step.diagnose) details = await step.diagnose().catch(() => []);
    throw this.failure(step.title, failed.code, redact(output, secrets), details.map((d) => redact(d, secrets)));
  }

  private failure(title: string, code: number | undefined, output: string, details: string[]): StepError {
    return new StepError(title, code, tailLines(output, 10), hintFor([output, ...details].join('\n'), this.hintContext), details);
  }

  /** Starts processes after finding each tool; a missing tool is a one-line error. */
  private exec(procs: readonly Proc[], extra: Omit<Parameters<typeof runPipeline>[1], 'env' | 'cwd' | 'platform'>): Promise<ProcessResult[]> {
    const specs: ProcessSpec[] = procs.map((p) => {
      const [name, ...args] = p.argv;
      const file = locateTool(name, this.ctx.env, this.ctx.root, this.ctx.platform);
      if (!file) throw new MissingToolError(name, installHint(name, this.ctx.platform));
      return { file, args, env: p.env };
    });
    return runPipeline(specs, { ...extra, env: this.ctx.env, cwd: this.ctx.cwd, platform: this.ctx.platform });
  }

  /** A process as shown to the user: Node itself appears as "node". */
  private show(p: Proc): string {
    const [first, ...rest] = p.argv;
    const name = first === process.execPath ? 'node' : first;
    return formatCommand([name, ...rest], p.env);
  }
}
