/**
 * Values files as YAML text in many spellings, so a test feeds synth and Helm
 * the same bytes: keys plain or quoted, strings plain, single- or double-quoted
 * or as block scalars, numbers and booleans in YAML 1.1 spellings, nested maps
 * in block or flow style. The writer only chooses spellings; what a spelling
 * means is up to the readers, which must agree.
 */
import fc from 'fast-check';

/** Choices for one text: a stream of random numbers from fast-check. */
export type Pick = (n: number) => number;

/* eslint-disable no-control-regex -- control characters are what these patterns look for */

/** Strings that YAML reads as something other than the same plain string. */
const SPECIAL = /^$|^[-?:,[\]{}#&*!|>'"%@`~]|^\s|\s$|: |\s#|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$|^[-+.0-9]/;

function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\L').replace(/\u2029/g, '\\P').replace(/\u0085/g, '\\N');
}

function stringText(s: string, pick: Pick, indent: string): string {
  const styles: Array<() => string | undefined> = [
    () => (SPECIAL.test(s) || s.includes('\n') ? undefined : s),
    () => (/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(s) ? undefined : `'${s.replace(/'/g, "''")}'`),
    () => doubleQuoted(s),
    // A literal block keeps the text when every line is printable and the last line ends the text.
    () => (/^[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\s][^\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]*$/.test(s) && !/\s\n|\n\s|\s$/.test(s) ? `|-\n${s.split('\n').map((l) => `${indent}  ${l}`).join('\n')}` : undefined),
  ];
  const start = pick(styles.length);
  for (let k = 0; k < styles.length; k++) {
    const text = styles[(start + k) % styles.length]();
    if (text !== undefined) return text;
  }
  return doubleQuoted(s);
}

function numberText(n: number, pick: Pick): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '.nan' : n > 0 ? '.inf' : '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 31) {
    const spellings = [String(n), n >= 0 ? `+${n}` : String(n), n > 0 ? `0x${n.toString(16)}` : String(n), n > 0 ? `0${n.toString(8)}` : String(n), n >= 1000 ? String(n).replace(/(\d)(\d{3})$/, '$1_$2') : String(n)];
    return spellings[pick(spellings.length)];
  }
  return String(n);
}

const BOOLEANS: Record<string, string[]> = { true: ['true', 'True', 'yes', 'on', 'Y'], false: ['false', 'False', 'no', 'off', 'N'] };

function keyText(k: string, pick: Pick): string {
  if (!SPECIAL.test(k) && !/[:#]/.test(k) && pick(3)) return k;
  return pick(2) ? doubleQuoted(k) : /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(k) ? doubleQuoted(k) : `'${k.replace(/'/g, "''")}'`;
}

function flow(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return doubleQuoted(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${doubleQuoted(k)}: ${flow(x)}`).join(', ')}}`;
}

function scalarText(v: unknown, pick: Pick, indent: string): string {
  if (v === null) return ['null', '~', ''][pick(3)];
  if (typeof v === 'boolean') return BOOLEANS[String(v)][pick(5)];
  if (typeof v === 'number') return numberText(v, pick);
  if (typeof v === 'string') return stringText(v, pick, indent);
  return flow(v);
}

function block(v: unknown, pick: Pick, indent: string): string {
  if (Array.isArray(v)) {
    if (!v.length) return ' []';
    return v.map((x) => `\n${indent}- ${typeof x === 'object' && x !== null ? flow(x) : scalarText(x, pick, `${indent}  `)}`).join('');
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.length) return ' {}';
    if (!pick(8)) return ` ${flow(v)}`;
    return entries.map(([k, x]) => `\n${indent}${keyText(k, pick)}:${block(x, pick, `${indent}  `)}`).join('');
  }
  const text = scalarText(v, pick, indent);
  return text === '' ? '' : ` ${text}`;
}

/** A values object written as YAML text, spelled by `pick`. */
export function valuesText(values: Record<string, unknown>, pick: Pick): string {
  const body = block(values, pick, '');
  return body.startsWith(' ') ? `${body.trim()}\n` : `${body.replace(/^\n/, '')}\n`;
}

/** An arbitrary for the choices of a text. */
export const picks: fc.Arbitrary<Pick> = fc.array(fc.nat(), { minLength: 64, maxLength: 64 }).map((xs) => {
  let i = 0;
  return (n: number) => xs[i++ % xs.length] % n;
});
