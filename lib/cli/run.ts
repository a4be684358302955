/**
 * Starts processes without a shell: one, or several joined by pipes, with
 * stdin from a buffer or a file and stdout captured or written to a file.
 */
import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import * as fs from 'fs';

/** One process of a pipeline; `file` is already resolved to a path. */
export interface ProcessSpec {
  readonly file: string;
  readonly args: readonly string[];
  /** Variables added to the environment of this process only. */
  readonly env?: Readonly<Record<string, string>>;
}

/** How to connect and start a pipeline. */
export interface RunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Input of the first process; none means an empty stdin. */
  readonly stdin?: { readonly data: Buffer | string } | { readonly file: string };
  /** Output of the last process goes to this file (created with mode 0600) instead of memory. */
  readonly stdoutFile?: string;
  /** Called with every chunk the processes print, e.g. to stream a long build. */
  readonly onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  readonly platform?: NodeJS.Platform;
}

/** How one process of a pipeline ended. */
export interface ProcessResult {
  /** Exit code; undefined when the process was killed or could not start. */
  readonly code: number | undefined;
  /** Captured stdout (empty when it went to a file or into the next process). */
  readonly stdout: Buffer;
  /** The end of stderr (at most 256 KiB). */
  readonly stderr: string;
  /** Why the process could not start, if it could not. */
  readonly error?: Error;
}

const STDERR_KEEP = 256 * 1024;
const CMD_META = /([()\][%!^"`<>&|;, *?])/g;

/**
 * Quotes one argument for a `cmd.exe /d /s /c "..."` command line: first the
 * rules of CommandLineToArgvW (backslashes before a quote are doubled), then
 * every cmd metacharacter is escaped with ^.
 */
export function quoteForCmd(arg: string): string {
  let quoted = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      quoted += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      quoted += '\\'.repeat(backslashes) + ch;
    }
    backslashes = 0;
  }
  quoted += '\\'.repeat(backslashes * 2) + '"';
  return quoted.replace(CMD_META, '^$1');
}

/**
 * How to spawn a file: directly, except Windows batch files (.cmd/.bat),
 * which Node only starts through cmd.exe.
 */
export function spawnArgs(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): { command: string; args: string[]; options: Pick<SpawnOptions, 'windowsVerbatimArguments'> } {
  if (platform === 'win32' && /\.(cmd|bat)$/i.test(file)) {
    const line = [file, ...args].map(quoteForCmd).join(' ');
    const comspec = env.ComSpec ?? env.COMSPEC ?? 'cmd.exe';
    return { command: comspec, args: ['/d', '/s', '/c', `"${line}"`], options: { windowsVerbatimArguments: true } };
  }
  return { command: file, args: [...args], options: {} };
}

/** Runs processes joined by pipes and resolves when all have ended. */
export function runPipeline(specs: readonly ProcessSpec[], opts: RunOptions): Promise<ProcessResult[]> {
  if (specs.length === 0) return Promise.resolve([]);
  const platform = opts.platform ?? process.platform;
  const children: ChildProcess[] = [];
  const stderr: string[] = specs.map(() => '');
  const stdoutChunks: Buffer[] = [];
  const errors: Array<Error | undefined> = specs.map(() => undefined);
  const codes: Array<number | undefined> = specs.map(() => undefined);
  const done: Array<Promise<void>> = [];
  let stdoutFinished: Promise<void> = Promise.resolve();

  specs.forEach((spec, i) => {
    const env = { ...opts.env, ...(spec.env ?? {}) };
    const s = spawnArgs(spec.file, spec.args, env, platform);
    const isFirst = i === 0;
    const isLast = i === specs.length - 1;
    const child = spawn(s.command, s.args, {
      ...s.options,
      cwd: opts.cwd,
      env,
      stdio: [isFirst && !opts.stdin ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    children.push(child);
    // A reader that stops early (or never starts) must not crash the writer.
    child.stdin?.on('error', () => undefined);
    child.stderr?.on('data', (chunk: Buffer) => {
      opts.onOutput?.(chunk, 'stderr');
      stderr[i] = (stderr[i] + chunk.toString('utf-8')).slice(-STDERR_KEEP);
    });
    if (isLast) {
      if (opts.stdoutFile) {
        const out = fs.createWriteStream(opts.stdoutFile, { mode: 0o600 });
        stdoutFinished = new Promise((resolve) => {
          out.on('finish', () => resolve());
          out.on('error', (e) => {
            errors[i] = e;
            resolve();
          });
        });
        child.stdout?.pipe(out);
      } else {
        child.stdout?.on('data', (chunk: Buffer) => {
          opts.onOutput?.(chunk, 'stdout');
          stdoutChunks.push(chunk);
        });
      }
    }
    done.push(
      new Promise((resolve) => {
        child.on('error', (e) => {
          errors[i] = e;
          resolve();
        });
        child.on('close', (code) => {
          codes[i] = code ?? undefined;
          resolve();
        });
      }),
    );
  });

  // Join the pipes: each process's stdout feeds the next one's stdin.
  for (let i = 0; i + 1 < children.length; i++) {
    const from = children[i].stdout;
    const to = children[i + 1].stdin;
    if (from && to) from.pipe(to);
  }
  const first = children[0].stdin;
  if (first && opts.stdin) {
    if ('file' in opts.stdin) {
      const input = fs.createReadStream(opts.stdin.file);
      input.on('error', (e) => {
        errors[0] = e;
        first.end();
      });
      input.pipe(first);
    } else {
      first.end(opts.stdin.data);
    }
  }

  return Promise.all([...done, stdoutFinished]).then(() =>
    specs.map((_, i) => ({
      code: errors[i] && codes[i] === undefined ? undefined : codes[i],
      stdout: i === specs.length - 1 ? Buffer.concat(stdoutChunks) : Buffer.alloc(0),
      stderr: stderr[i],
      error: errors[i],
    })),
  );
}

/** How a process attached to the terminal ended. */
export interface AttachedResult {
  /** Exit code; undefined when it was killed by a signal or could not start. */
  readonly code: number | undefined;
  /** The signal that ended it, if one did. */
  readonly signal?: NodeJS.Signals;
  /** Why it could not start, if it could not. */
  readonly error?: Error;
}

/**
 * Runs one process on this program's own stdin, stdout and stderr (no
 * capture), so it can prompt, page and colour its output as if run directly.
 */
export function runAttached(spec: ProcessSpec, opts: Pick<RunOptions, 'env' | 'cwd' | 'platform'>): Promise<AttachedResult> {
  const env = { ...opts.env, ...(spec.env ?? {}) };
  const s = spawnArgs(spec.file, spec.args, env, opts.platform ?? process.platform);
  return new Promise((resolve) => {
    const child = spawn(s.command, s.args, { ...s.options, cwd: opts.cwd, env, stdio: 'inherit' });
    // A process that cannot start emits 'error' and may never emit 'close'; the first event wins.
    child.on('error', (error) => resolve({ code: undefined, error }));
    child.on('close', (code, signal) => resolve({ code: code ?? undefined, signal: signal ?? undefined }));
  });
}
