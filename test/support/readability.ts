/**
 * What makes a chart's templates read like a hand-written one, as rules a
 * test can check:
 * - no line over 160 characters, unless one string literal alone makes it
 *   longer (an error message, a line of an embedded script);
 * - no template file over 200 lines;
 * - no sub-expression of 40 characters or more written 3 times or more
 *   outside the helper files (`_*.tpl`). Value references (`$.Values.a.b`,
 *   `$item`, and casts of them) and calls of helpers are names already, not
 *   repeated logic;
 * - every `define` has a one-line comment right above it.
 */
export const MAX_LINE = 160;
export const MAX_FILE_LINES = 200;
export const MIN_REPEATED = 40;
export const MAX_REPEATS = 2;

/** The chart's template files: path → text. */
export type ChartFiles = ReadonlyMap<string, string>;

function templates(files: ChartFiles): Array<[string, string]> {
  return [...files].filter(([path]) => path.startsWith('templates/'));
}

const isHelperFile = (path: string) => /(^|\/)_[^/]*\.tpl$/.test(path);

/** The double-quoted literals of a line, escapes kept. */
function literals(line: string): string[] {
  return line.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
}

export function longLines(files: ChartFiles): string[] {
  const out: string[] = [];
  for (const [path, text] of templates(files)) {
    text.split('\n').forEach((line, i) => {
      if (line.length <= MAX_LINE) return;
      const longest = literals(line).sort((a, b) => b.length - a.length)[0] ?? '';
      if (line.length - longest.length + 2 > MAX_LINE) out.push(`${path}:${i + 1} has ${line.length} characters`);
    });
  }
  return out;
}

export function longFiles(files: ChartFiles): string[] {
  return templates(files)
    .map(([path, text]) => [path, text.replace(/\n$/, '').split('\n').length] as const)
    .filter(([, lines]) => lines > MAX_FILE_LINES)
    .map(([path, lines]) => `${path} has ${lines} lines`);
}

/** The text of every action but comments, with the line breaks inside an action as single spaces. */
function actions(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    let j = i + 2;
    for (; j < text.length - 1; j++) {
      if (text[j] === '"') {
        for (j++; j < text.length && text[j] !== '"'; j++) if (text[j] === '\\') j++;
      } else if (text[j] === '}' && text[j + 1] === '}') break;
    }
    const body = text.slice(i + 2, j).replace(/^-?\s*/, '').replace(/\s*-?$/, '');
    if (!body.startsWith('/*')) out.push(normalize(body));
    i = text.indexOf('{{', j + 2);
  }
  return out;
}

/** Runs of blanks outside string literals as one space, and none just inside parentheses. */
function normalize(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) if (s[j] === '\\') j++;
      out += s.slice(i, j + 1);
      i = j;
    } else if (/\s/.test(c)) {
      if (!out.endsWith(' ') && !out.endsWith('(')) out += ' ';
    } else if (c === ')' && out.endsWith(' ')) out = `${out.slice(0, -1)})`;
    else out += c;
  }
  return out;
}

/** Parenthesised groups, outermost last. */
function groups(s: string): string[] {
  const out: string[] = [];
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
    } else if (c === '(') open.push(i);
    else if (c === ')' && open.length) out.push(s.slice(open.pop() as number, i + 1));
  }
  return out;
}

/** The expression an action computes: without `if`/`range ... :=`/`$x :=` before it and formatting stages after it. */
function pipelineOf(action: string): string {
  return action
    .replace(/^(else\s+)?(if|with|range)\s+/, '')
    .replace(/^(\$[A-Za-z0-9_]+\s*,\s*)?\$[A-Za-z0-9_]+\s*:?=\s*/, '')
    .replace(/(\s*\|\s*(toJson|toYaml|quote|nindent \d+|indent \d+))+$/, '');
}

const REFERENCE = String.raw`\$?[A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+|\$[A-Za-z0-9_]+`;
const NAMED = [
  new RegExp(`^\\(?(${REFERENCE})\\)?$`),
  new RegExp(`^\\(?(float64|int64|int|toString) (${REFERENCE})\\)?$`),
  /^\(?include "[^"]+" \$\)?( \| float64)?$/,
  /^\(?eq \(include "[^"]+" \$\) "true"\)?$/,
];

/** Whether a sub-expression is a name (a reference or a helper call) rather than logic. */
function isName(expr: string): boolean {
  return NAMED.some((re) => re.test(expr));
}

export function repeatedExpressions(files: ChartFiles): string[] {
  const counts = new Map<string, number>();
  for (const [path, text] of templates(files)) {
    if (isHelperFile(path)) continue;
    for (const action of actions(text)) {
      const pipeline = pipelineOf(action);
      for (const expr of new Set([pipeline, ...groups(pipeline)])) {
        // A template variable lives in its file: the same text in another file is another expression.
        const key = /\$[A-Za-z_]/.test(expr) ? `${path}\u0000${expr}` : expr;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return [...counts]
    .map(([key, n]) => [key.split('\u0000').pop() as string, n] as const)
    .filter(([expr, n]) => n > MAX_REPEATS && expr.length >= MIN_REPEATED && !isName(expr))
    .map(([expr, n]) => `${n} times: ${expr}`);
}

export function uncommentedHelpers(files: ChartFiles): string[] {
  const out: string[] = [];
  for (const [path, text] of templates(files)) {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const m = /^\{\{-? define "([^"]+)"/.exec(line);
      if (m && !/^\{\{\/\* .+ \*\/\}\}$/.test(lines[i - 1] ?? '')) out.push(`${path}:${i + 1}: ${m[1]} has no one-line comment above it`);
    });
  }
  return out;
}

/** Every way the chart reads worse than a hand-written one. */
export function readabilityProblems(files: ChartFiles): string[] {
  return [...longLines(files), ...longFiles(files), ...repeatedExpressions(files), ...uncommentedHelpers(files)];
}
