/**
 * Terminal input and output, injectable so tests can capture what a command
 * prints and answer its questions.
 */
import * as readline from 'readline';

/** Where a command prints and how it asks. */
export interface Io {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** True when a person is watching (progress tickers are shown). */
  readonly isTTY: boolean;
  /** Asks a question and returns the answer, or undefined when nobody can answer (stdin is not a terminal). */
  ask(question: string): Promise<string | undefined>;
}

/** The process's own terminal. */
export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    ask: (question) => {
      if (!process.stdin.isTTY) return Promise.resolve(undefined);
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      return new Promise((resolve) => {
        rl.question(question, (answer) => {
          rl.close();
          resolve(answer);
        });
      });
    },
  };
}
