/**
 * Confirmation before destroying data: the user types a name, or passes --yes.
 */
import { Context } from './context';
import { CliError } from './errors';

/**
 * Asks the user to type `expected` before `what` happens. --yes skips the
 * question; without a terminal to ask on, the command refuses. A dry run only
 * says it would ask.
 */
export async function confirmByTyping(ctx: Context, what: string, expected: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (ctx.dryRun) {
    ctx.io.out(`confirm: ${what}\n      (asks you to type "${expected}" first, unless --yes is given)\n`);
    return;
  }
  const answer = await ctx.io.ask(`This ${what}. Type "${expected}" to confirm: `);
  if (answer === undefined) throw new CliError(`refusing to continue without confirmation: this ${what} (pass --yes to confirm)`);
  if (answer.trim() !== expected) throw new CliError(`not confirmed (typed "${answer.trim()}", expected "${expected}"): nothing was changed`);
}
