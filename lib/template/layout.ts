/**
 * Breaks template actions that do not fit on a line, as a person would write
 * them: one argument per line under the function that takes it. Go templates
 * (Go 1.16 and later, so every Helm 3 and 4) allow newlines inside an action.
 */

/** The longest line the chart's templates have, a long literal aside. */
export const MAX_LINE = 160;
const INDENT = '  ';

/** Splits at `sep` where it stands outside strings and parentheses. */
function splitTop(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') i = skipQuoted(s, i);
    else if (c === '`') i = s.indexOf('`', i + 1) < 0 ? s.length : s.indexOf('`', i + 1);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      parts.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(s.slice(start));
  return parts.filter((p) => p !== '');
}

/** The index of the quote that closes the string opened at `i`. */
function skipQuoted(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '"') return j;
  }
  return s.length;
}

/** Whether the whole text is one parenthesised group. */
function isGroup(s: string): boolean {
  if (!s.startsWith('(')) return false;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') i = skipQuoted(s, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i === s.length - 1;
  }
  return false;
}

const KEYWORDS = new Set(['if', 'else', 'range', 'with', 'template', 'define', 'block']);

/**
 * Lines for a pipeline that starts at column `col` and is followed by `tail`
 * characters on its last line: the first line without indentation, the
 * others with it.
 */
function layout(text: string, col: number, tail: number): string[] {
  if (col + text.length + tail <= MAX_LINE) return [text];
  const stages = splitTop(text, ' | ');
  if (stages.length > 1) {
    const after = ` | ${stages.slice(1).join(' | ')}`;
    const lines = layout(stages[0], col, tail + after.length);
    lines[lines.length - 1] += after;
    return lines;
  }
  if (isGroup(text)) {
    const lines = layout(text.slice(1, -1), col + 1, tail + 1);
    lines[0] = `(${lines[0]}`;
    lines[lines.length - 1] += ')';
    return lines;
  }
  const words = splitTop(text, ' ');
  if (words.length < 2) return [text];
  // Keywords and a variable being set stay with what follows them: `if and`, `$x :=`.
  const assign = words.findIndex((w) => w === ':=' || w === '=');
  const lead = assign >= 0 ? assign + 1 : KEYWORDS.has(words[0]) ? (words[1] === 'if' ? 2 : 1) : 0;
  if (lead > 0) {
    const head = words.slice(0, lead).join(' ');
    const rest = layout(words.slice(lead).join(' '), col + head.length + 1, tail);
    return [`${head} ${rest[0]}`, ...rest.slice(1)];
  }
  // The function, and the plain arguments before the first group, on the first line; then one argument per line.
  let head = words[0];
  let i = 1;
  const pad = ' '.repeat(col) + INDENT;
  // A literal too long for any line stays with its function (`fail "..."`): breaking would not help.
  const fits = (w: string) => col + head.length + 1 + w.length <= MAX_LINE || (!w.startsWith('(') && pad.length + w.length > MAX_LINE);
  while (i < words.length && !words[i].startsWith('(') && fits(words[i])) head += ` ${words[i++]}`;
  const lines = [head];
  words.slice(i).forEach((w, j, args) => {
    const sub = layout(w, pad.length, j === args.length - 1 ? tail : 0);
    lines.push(pad + sub[0], ...sub.slice(1));
  });
  return lines;
}

/** The end of the action opened at `open` (index of `}}`), skipping strings. */
function actionEnd(line: string, open: number): number {
  for (let i = open + 2; i < line.length - 1; i++) {
    if (line[i] === '"') i = skipQuoted(line, i);
    else if (line[i] === '}' && line[i + 1] === '}') return i;
  }
  return -1;
}

/** What follows an action up to the next one, which can break in its turn. */
function restOfLine(rest: string): number {
  const next = rest.indexOf('{{');
  return next < 0 ? rest.length : next + 4;
}

/** One line of template text, its long actions broken over several lines. */
function fitLine(line: string): string[] {
  if (line.length <= MAX_LINE) return [line];
  const out = [''];
  let rest = line;
  for (let open = rest.indexOf('{{'); open >= 0; open = rest.indexOf('{{')) {
    const close = actionEnd(rest, open);
    if (close < 0) break;
    const m = /^\{\{(-?\s*)/.exec(rest.slice(open)) as RegExpExecArray;
    const start = open + m[0].length;
    const trail = /\s*-?$/.exec(rest.slice(start, close)) as RegExpExecArray;
    const content = rest.slice(start, close - trail[0].length);
    out[out.length - 1] += rest.slice(0, start);
    if (content.startsWith('/*')) {
      out[out.length - 1] += rest.slice(start, close + 2);
    } else {
      const closing = rest.slice(close - trail[0].length, close + 2);
      const lines = layout(content, out[out.length - 1].length, closing.length + restOfLine(rest.slice(close + 2)));
      out[out.length - 1] += lines[0];
      out.push(...lines.slice(1));
      out[out.length - 1] += closing;
    }
    rest = rest.slice(close + 2);
  }
  out[out.length - 1] += rest;
  return out;
}

/** Text in lines of at most `width` characters (`indent` included), broken between words. */
export function wrapWords(text: string, width: number, indent = ''): string {
  const lines = [''];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last && indent.length + last.length + 1 + word.length > width) lines.push(word);
    else lines[lines.length - 1] = last ? `${last} ${word}` : word;
  }
  return lines.map((l) => indent + l).join('\n');
}

/** Template text with every line that has a long action broken up. */
export function fitLines(text: string): string {
  return text.split('\n').flatMap(fitLine).join('\n');
}
