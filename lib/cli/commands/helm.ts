/**
 * `helm`: runs the helm the other commands use (PATH first, then the copy
 * bundled in .tools/helm3 on Linux x64) with the user's arguments, attached
 * to this terminal, and exits with its exit code.
 */
import * as os from 'os';
import { CommandSpec } from '../args';
import { CliError, MissingToolError } from '../errors';
import { runAttached } from '../run';
import { BUNDLED_HELM_DIR, findTool, installHint } from '../tools';

/** Exit code of a process ended by a signal, the way shells report it (128 + signal number). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 0);
}

/** `helm`. */
export const helmCommand: CommandSpec = {
  name: 'helm',
  summary: `Run helm with your arguments: the one on PATH, else the copy bundled in ${BUNDLED_HELM_DIR} (Linux x64).`,
  details: [
    'Every argument goes to helm unchanged, flags included (-n, -f, --set, --help, --dry-run, ...); a first "--" is dropped.',
    'helm reads this terminal and prints to it, and its exit code is this command\'s exit code.',
    `It is the helm that deploy, status, rollback and uninstall run; "todo-chatbot doctor" shows its path.`,
    'Examples: todo-chatbot helm list -A     todo-chatbot helm history todo-chatbot -n todo-chatbot',
    'This help: todo-chatbot help helm (todo-chatbot helm --help shows helm\'s own help).',
  ].join('\n'),
  passThrough: true,
  positionals: [{ name: 'HELM-ARGUMENTS...', optional: true }],
  options: {},
  tools: () => ['helm'],
  async run(ctx, args) {
    const helm = findTool('helm', ctx.env, ctx.root, ctx.platform);
    if (!helm) throw new MissingToolError('helm', installHint('helm', ctx.platform));
    const r = await runAttached({ file: helm.path, args: args.positionals }, { env: ctx.env, cwd: ctx.cwd, platform: ctx.platform });
    if (r.error) throw new CliError(`cannot start ${helm.path}: ${r.error.message}`);
    if (r.signal) return signalExitCode(r.signal);
    return r.code ?? 1;
  },
};
