/**
 * The `todo-chatbot` command line: finds the command, parses its flags,
 * checks the tools it needs, runs it, and turns every expected failure into
 * a short message and a non-zero exit code (no stack trace).
 */
import { CommandSpec, helpText, ParsedArgs, parseCommandArgs, passThroughArgs } from './args';
import { backupCommand, restoreCommand } from './commands/backup';
import { clusterDownCommand, clusterUpCommand } from './commands/cluster';
import { deployCommand } from './commands/deploy';
import { doctorCommand } from './commands/doctor';
import { helmCommand } from './commands/helm';
import { imagesBuildCommand, imagesLoadCommand } from './commands/images';
import { rollbackCommand, statusCommand, uninstallCommand } from './commands/release';
import { secretsApplyCommand } from './commands/secrets';
import { Context } from './context';
import { CliError, MissingToolError, StepError, UsageError } from './errors';
import { Io, processIo } from './io';
import { packageVersion, projectRoot } from './project';
import { installHint, locateTool } from './tools';

/** Every command, in the order help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  doctorCommand,
  clusterUpCommand,
  clusterDownCommand,
  imagesBuildCommand,
  imagesLoadCommand,
  secretsApplyCommand,
  deployCommand,
  rollbackCommand,
  statusCommand,
  uninstallCommand,
  backupCommand,
  restoreCommand,
  helmCommand,
];

/** One run of the command line: its arguments and surroundings. */
export interface Invocation {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly io: Io;
  readonly platform?: NodeJS.Platform;
  readonly now?: () => Date;
}

/** The overview `todo-chatbot --help` prints. */
export function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const passThrough = COMMANDS.filter((c) => c.passThrough).map((c) => c.name);
  const flagged = passThrough.length ? `Every command but ${passThrough.join(', ')} takes` : 'Every command takes';
  return [
    'todo-chatbot: build, deploy and operate the Todo AI Chatbot on Kubernetes.',
    '',
    'usage: todo-chatbot <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `${flagged} --dry-run (print the commands, run none), --verbose and --help.`,
    ...passThrough.map((name) => `"todo-chatbot ${name} ARGS..." passes every argument to ${name}; "todo-chatbot help ${name}" explains it.`),
    '',
  ].join('\n');
}

/** The command named by the first one or two words of argv, and the rest. */
function findCommand(argv: readonly string[]): { spec: CommandSpec; rest: readonly string[] } {
  const [first, second] = argv;
  const groups = new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]));
  if (groups.has(first)) {
    const subs = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.split(' ')[1]);
    const spec = COMMANDS.find((c) => c.name === `${first} ${second}`);
    if (!spec) {
      throw new UsageError(
        second === undefined || second.startsWith('-') ? `${first}: missing subcommand (${subs.join(' or ')})` : `${first}: unknown subcommand "${second}" (${subs.join(' or ')})`,
        `usage: todo-chatbot ${first} ${subs.join('|')} [options]`,
      );
    }
    return { spec, rest: argv.slice(2) };
  }
  const spec = COMMANDS.find((c) => c.name === first);
  if (!spec) throw new UsageError(`unknown command "${first}"`, 'usage: todo-chatbot <command> [options]   (todo-chatbot --help lists the commands)');
  return { spec, rest: argv.slice(1) };
}

function report(io: Io, e: unknown, env: NodeJS.ProcessEnv): number {
  if (e instanceof StepError) {
    io.err(`error: ${e.message}\n`);
    for (const line of e.tail) io.err(`  | ${line}\n`);
    for (const line of e.details) io.err(`  ${line}\n`);
    if (e.hint) io.err(`hint: ${e.hint}\n`);
    return e.exitCode;
  }
  if (e instanceof UsageError) {
    io.err(`error: ${e.message}\n`);
    if (e.usage) io.err(`${e.usage}\n`);
    return e.exitCode;
  }
  if (e instanceof CliError) {
    io.err(`error: ${e.message}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  io.err(`error: unexpected failure: ${err?.message ?? String(e)}${env.DEBUG ? `\n${err?.stack ?? ''}` : ' (set DEBUG=1 for details)'}\n`);
  return 1;
}

/** Runs one invocation; resolves to the exit code. Never throws. */
export async function main(inv: Invocation): Promise<number> {
  const { io, env } = inv;
  const platform = inv.platform ?? process.platform;
  try {
    const root = projectRoot(env);
    const [first] = inv.argv;
    if (first === undefined) {
      io.err(overview());
      return 2;
    }
    if (first === '--help' || first === '-h') {
      io.out(overview());
      return 0;
    }
    if (first === 'help') {
      if (inv.argv.length === 1) {
        io.out(overview());
        return 0;
      }
      io.out(helpText(findCommand(inv.argv.slice(1)).spec));
      return 0;
    }
    if (first === '--version' || first === 'version') {
      io.out(`${packageVersion(root)}\n`);
      return 0;
    }
    const { spec, rest } = findCommand(inv.argv);
    const args: ParsedArgs = spec.passThrough ? passThroughArgs(rest) : parseCommandArgs(spec, rest);
    if (args.values.help) {
      io.out(helpText(spec));
      return 0;
    }
    const ctx: Context = {
      io,
      env,
      cwd: inv.cwd,
      root,
      platform,
      dryRun: args.values['dry-run'] === true,
      verbose: args.values.verbose === true,
      now: inv.now ?? (() => new Date()),
    };
    const missing = spec.tools(args, env).filter((t) => !locateTool(t, env, root, platform));
    if (ctx.dryRun) {
      io.out(`Dry run of "todo-chatbot ${spec.name}": the commands are shown, none is run.\n`);
      for (const t of missing) io.err(`warning: ${t} is not installed: ${installHint(t, platform)}\n`);
    } else if (missing.length) {
      throw new MissingToolError(missing[0], installHint(missing[0], platform));
    }
    const code = (await spec.run(ctx, args)) ?? 0;
    return code;
  } catch (e) {
    return report(io, e, env);
  }
}

/** Entry point of bin/todo-chatbot.js. */
export function cli(): void {
  main({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), io: processIo() }).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}


