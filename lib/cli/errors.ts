/**
 * Errors the command line reports as one line (plus, for a failed step, the
 * tail of the tool's output and a hint). Anything else is a bug and gets a
 * stack trace only with DEBUG=1.
 */

/** A failure with a message meant for the user; exit code 1 unless set. */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad flags or arguments: exit code 2, followed by the command's usage line. */
export class UsageError extends CliError {
  constructor(message: string, public readonly usage?: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** A tool the command needs is not installed. */
export class MissingToolError extends CliError {
  constructor(public readonly tool: string, howToInstall: string) {
    super(`${tool} is not installed (not found on PATH): ${howToInstall}`);
    this.name = 'MissingToolError';
  }
}

/** A step whose process exited non-zero. */
export class StepError extends CliError {
  constructor(
    /** Short name of the step, e.g. "helm upgrade". */
    public readonly step: string,
    /** Exit code of the process, or undefined when it was killed by a signal or could not start. */
    public readonly code: number | undefined,
    /** Last lines of the tool's error output, secrets already redacted. */
    public readonly tail: string[],
    /** A suggested fix, when the output matched a known problem. */
    public readonly hint?: string,
    /** Extra lines (e.g. pod states) gathered after the failure. */
    public readonly details: string[] = [],
  ) {
    super(`step "${step}" failed (${code === undefined ? 'did not finish' : `exit ${code}`})`);
    this.name = 'StepError';
  }
}
