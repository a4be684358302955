/**
 * Command definitions and flag parsing (Node's util.parseArgs, strict): an
 * unknown flag or a missing value is a one-line error with the usage line.
 */
import { parseArgs } from 'util';
import { Context, Target } from './context';
import { UsageError } from './errors';
import { ToolName } from './tools';

/** One flag of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Placeholder of the value in help, e.g. FILE. */
  readonly value?: string;
  readonly description: string;
}

/** One positional argument of a command. */
export interface PositionalSpec {
  readonly name: string;
  readonly optional?: boolean;
}

/** Parsed flag values by flag name. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** A command line after parsing. */
export interface ParsedArgs {
  readonly values: Values;
  readonly positionals: readonly string[];
}

/** A command: its name, help, flags, the tools it needs, and what it does. */
export interface CommandSpec {
  /** "deploy", or "cluster up" for a subcommand. */
  readonly name: string;
  readonly summary: string;
  /** Extra help text after the options. */
  readonly details?: string;
  readonly positionals?: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /**
   * Every argument goes to the command untouched as a positional (no flag
   * parsing, not even --help), except a leading `--`, which is dropped.
   */
  readonly passThrough?: boolean;
  /** Flags that are refused with a message of their own (flag name without dashes → what to use instead). */
  readonly refusedOptions?: Readonly<Record<string, string>>;
  /** Tools that must be installed before anything runs. */
  readonly tools: (args: ParsedArgs, env: NodeJS.ProcessEnv) => readonly ToolName[];
  /** Runs the command; resolves to the exit code (0 when nothing is returned). */
  readonly run: (ctx: Context, args: ParsedArgs) => Promise<number | void>;
}

/** Flags every command takes. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'dry-run': { type: 'boolean', description: 'print the commands that would run, run none' },
  verbose: { type: 'boolean', short: 'v', description: "show every tool's output" },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** Flags of commands that work on a release in a cluster. */
export const TARGET_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  release: { type: 'string', value: 'NAME', description: 'Helm release name (env TODO_CHATBOT_RELEASE; default todo-chatbot)' },
  namespace: { type: 'string', short: 'n', value: 'NS', description: 'namespace (env TODO_CHATBOT_NAMESPACE; default todo-chatbot)' },
  context: { type: 'string', value: 'NAME', description: 'kubeconfig context (default: the current one)' },
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `todo-chatbot <name> [options] <positionals>` */
export function usageLine(spec: CommandSpec): string {
  const pos = (spec.positionals ?? []).map((p) => (p.optional ? `[${p.name}]` : p.name));
  return ['usage: todo-chatbot', spec.name, spec.passThrough ? '[--]' : '[options]', ...pos].join(' ');
}

/** The full help of a command. */
export function helpText(spec: CommandSpec): string {
  if (spec.passThrough) return [spec.summary, '', usageLine(spec), ...(spec.details ? ['', spec.details] : []), ''].join('\n');
  const options = { ...spec.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return [flag, o.description + (o.multiple ? ' (repeatable)' : '')];
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [
    `${spec.summary}`,
    '',
    usageLine(spec),
    '',
    'options:',
    ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`),
    ...(spec.details ? ['', spec.details] : []),
    '',
  ].join('\n');
}

/** The arguments of a pass-through command: all of them, without a leading `--`. */
export function passThroughArgs(argv: readonly string[]): ParsedArgs {
  return { values: {}, positionals: argv[0] === '--' ? argv.slice(1) : [...argv] };
}

/** A refused flag before any `--` ends the flags: a one-line error that says what to use instead. */
function checkRefused(spec: CommandSpec, argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === '--') return;
    const name = /^--([^=]+)/.exec(arg)?.[1];
    const refused = spec.refusedOptions ?? {};
    if (name !== undefined && Object.hasOwn(refused, name)) throw new UsageError(`${spec.name}: --${name} is not accepted: ${refused[name]}`);
  }
}

/** Parses a command's arguments; bad input throws a UsageError. */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  checkRefused(spec, argv);
  const options = { ...spec.options, ...COMMON_OPTIONS };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  );
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: config as never, strict: true, allowPositionals: true }) as never;
  } catch (e) {
    throw new UsageError(`${spec.name}: ${describeParseError(e as Error & { code?: string })}`, usageLine(spec));
  }
  if (parsed.values.help) return parsed;
  const max = (spec.positionals ?? []).length;
  const min = (spec.positionals ?? []).filter((p) => !p.optional).length;
  if (parsed.positionals.length > max) {
    throw new UsageError(`${spec.name}: unexpected argument "${parsed.positionals[max]}"`, usageLine(spec));
  }
  if (parsed.positionals.length < min) {
    throw new UsageError(`${spec.name}: missing ${spec.positionals?.[parsed.positionals.length].name}`, usageLine(spec));
  }
  for (const [name, o] of Object.entries(options)) {
    const v = parsed.values[name];
    if (o.type === 'string' && (v === '' || (Array.isArray(v) && v.includes('')))) {
      throw new UsageError(`${spec.name}: --${name} needs a value`, usageLine(spec));
    }
  }
  return parsed;
}

function describeParseError(e: Error & { code?: string }): string {
  const unknown = /Unknown option '([^']+)'/.exec(e.message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '(?:-\w, )?(--[^ ']+) <value>' argument missing/.exec(e.message);
  if (missing) return `${missing[1]} needs a value`;
  const noArg = /Option '([^']+)' does not take an argument/.exec(e.message);
  if (noArg) return `${noArg[1].replace(/^-\w, /, '')} takes no value`;
  return e.message.split('\n')[0];
}

/** A string flag, or undefined. */
export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A boolean flag. */
export function bool(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A repeatable string flag; comma-separated values are split unless `splitCommas` is false. */
export function list(args: ParsedArgs, name: string, splitCommas = true): string[] {
  const v = args.values[name];
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return splitCommas ? raw.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean) : raw;
}

/** A flag that must be one of a few words. */
export function oneOf<T extends string>(spec: CommandSpec, args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const v = str(args, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`${spec.name}: --${name} must be one of ${allowed.join(', ')} (got "${v}")`, usageLine(spec));
  }
  return v as T;
}

/** A whole number flag within a range. */
export function intFlag(spec: CommandSpec, args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = str(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new UsageError(`${spec.name}: --${name} must be a whole number from ${min} to ${max} (got "${raw}")`, usageLine(spec));
  }
  return n;
}

/** Release, namespace and context from flags, then the environment, then the defaults. */
export function targetFrom(spec: CommandSpec, args: ParsedArgs, env: NodeJS.ProcessEnv): Target {
  const release = str(args, 'release') ?? (env.TODO_CHATBOT_RELEASE || 'todo-chatbot');
  const namespace = str(args, 'namespace') ?? (env.TODO_CHATBOT_NAMESPACE || 'todo-chatbot');
  if (!DNS_LABEL.test(release) || release.length > 53) {
    throw new UsageError(`${spec.name}: release "${release}" must be lower-case letters, digits and "-", at most 53 characters`, usageLine(spec));
  }
  if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
    throw new UsageError(`${spec.name}: namespace "${namespace}" must be lower-case letters, digits and "-", at most 63 characters`, usageLine(spec));
  }
  return { release, namespace, kubeContext: str(args, 'context') ?? '' };
}
