/**
 * Temporary files that must not outlive the command even when it is
 * interrupted (Ctrl+C): the Secret env file above all.
 */
import * as fs from 'fs';

const tracked = new Set<string>();

/** Writes a private temporary file and remembers it for removeTempFiles. */
export function writeTempFile(file: string, content: string): void {
  tracked.add(file);
  fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
}

/** Deletes one temporary file now. */
export function removeTempFile(file: string): void {
  fs.rmSync(file, { force: true });
  tracked.delete(file);
}

/** Deletes every temporary file still present (called on SIGINT/SIGTERM). */
export function removeTempFiles(): void {
  for (const file of tracked) {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // Best effort while exiting.
    }
  }
  tracked.clear();
}
