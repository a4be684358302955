/**
 * Reads a .env file and maps its variables to the keys of the app Secret.
 * Errors name the line or the variable, never the value.
 */
import * as crypto from 'crypto';
import { CliError } from './errors';

/**
 * The flag of `secrets apply` that names the .env file. Not --env-file: Node
 * scans every argument for that one and consumes it before this program starts.
 */
export const ENV_FILE_FLAG = '--from-env-file';

/** Secret key ← .env variable, as the chart's workloads expect them. */
export const SECRET_KEYS = {
  'auth-secret': 'BETTER_AUTH_SECRET',
  'database-url': 'DATABASE_URL',
  'openai-api-key': 'OPENAI_API_KEY',
  'groq-api-key': 'GROQ_API_KEY',
  'postgres-password': 'POSTGRES_PASSWORD',
} as const;

/** A key of the app Secret. */
export type SecretKey = keyof typeof SECRET_KEYS;
/** The Secret keys, in the order they are written. */
export const SECRET_KEY_NAMES = Object.keys(SECRET_KEYS) as SecretKey[];

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Parses dotenv syntax: `KEY=value`, optional `export `, `#` comments,
 * single quotes (literal), double quotes (with \n, \" and \\ escapes), and
 * ` #` comments after unquoted values.
 */
export function parseDotenv(text: string, file: string): Map<string, string> {
  const vars = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!m || !NAME.test(m[1])) throw new CliError(`${file}:${i + 1}: expected NAME=value`);
    const [, name, rest] = m;
    let value: string;
    if (rest.startsWith('"') || rest.startsWith("'")) {
      const q = rest[0];
      let end = -1;
      for (let j = 1; j < rest.length; j++) {
        if (q === '"' && rest[j] === '\\') {
          j++;
          continue;
        }
        if (rest[j] === q) {
          end = j;
          break;
        }
      }
      if (end < 0) throw new CliError(`${file}:${i + 1}: ${name} has an unterminated ${q === '"' ? 'double' : 'single'} quote (values must fit on one line)`);
      const after = rest.slice(end + 1).trim();
      if (after !== '' && !after.startsWith('#')) throw new CliError(`${file}:${i + 1}: unexpected text after the quoted value of ${name}`);
      const body = rest.slice(1, end);
      value = q === "'" ? body : body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
    }
    vars.set(name, value);
  });
  return vars;
}

/** 48 random letters and digits from the system's secure random source. */
export function generateSecret(length = 48): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
  return out;
}

/** The data of a Secret from `kubectl get secret -o json` (empty output: no Secret). */
export function secretData(json: string): Map<string, string> | undefined {
  if (json.trim() === '') return undefined;
  let parsed: { data?: Record<string, string> };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch {
    throw new CliError('kubectl returned a Secret that is not valid JSON');
  }
  return new Map(Object.entries(parsed.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf-8')]));
}

/**
 * The file `kubectl create secret generic --from-env-file` reads: one
 * key=value per line, taken literally (no quotes, no escapes).
 */
export function kubectlEnvFile(values: ReadonlyMap<string, string>): string {
  for (const [key, value] of values) {
    if (/[\r\n]/.test(value)) throw new CliError(`the value for ${key} contains a line break, which a Secret env file cannot hold`);
  }
  return [...values].map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}
