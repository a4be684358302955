/**
 * How commands and output are shown: argv quoted the way a POSIX shell would
 * read it back, and secret values replaced before anything is printed.
 */

const SAFE_ARG = /^[A-Za-z0-9_@%+=:,./{}[\]^-]+$/;

/** One argument as a shell would need it: bare when safe, otherwise in single quotes. */
export function quoteArg(arg: string): string {
  if (arg !== '' && SAFE_ARG.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A whole command line, with per-process environment variables in front. */
export function formatCommand(argv: readonly string[], env: Readonly<Record<string, string>> = {}): string {
  const vars = Object.entries(env).map(([k, v]) => `${k}=${quoteArg(v)}`);
  return [...vars, ...argv.map(quoteArg)].join(' ');
}

/** Replaces every secret value (and its base64 form) with <redacted>. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const needles = secrets
    .filter((s) => s.length >= 4)
    .flatMap((s) => [s, Buffer.from(s, 'utf-8').toString('base64')])
    .sort((a, b) => b.length - a.length);
  for (const needle of needles) out = out.split(needle).join('<redacted>');
  return out;
}

/** The last `count` non-empty lines of a text. */
export function tailLines(text: string, count: number): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(-count);
}

/** Seconds as "42s" or "3m05s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
