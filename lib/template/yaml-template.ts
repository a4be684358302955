/**
 * Writes a manifest tree as Helm template text: static parts as YAML,
 * expressions as `{{ ... | toJson }}`, conditional and repeated parts as
 * `if`/`range` blocks. JSON scalars are valid YAML, so every value the
 * template prints parses back to exactly what `evaluateTree` computes.
 */
import { conjunctsOf, Expr, isExpr, Logic, NamedValue, RenderContext, Truthy, unlabelled, Var } from './expr';
import { Each, Entry, Let, NamedMap, Spread, TreeArray, TreeObject, TreeValue, When } from './tree';

const INDENT = '  ';
type Presence = 'always' | Expr;

/** Renders one object (a Kubernetes manifest) as template text, optionally behind a condition. */
export function renderTemplate(tree: TreeObject | Let, ctx: RenderContext, condition?: Expr): string {
  // Inside the object's own `if`, its condition holds.
  const within = condition ? knowing(condition, ctx) : ctx;
  let body: string[];
  if (tree instanceof Let) {
    const [inner, bindings] = letLines(tree, within, '');
    body = [...bindings, ...objectLines(tree.body as TreeObject, 0, inner)];
  } else {
    body = objectLines(tree, 0, within);
  }
  const lines = condition ? [`{{- if ${conditionText(condition, ctx)} }}`, ...body, '{{- end }}'] : body;
  return `${lines.join('\n')}\n`;
}

/** The context inside `{{ if <test> }}`: the test is known to hold there. */
function knowing(e: Expr, ctx: RenderContext): RenderContext {
  return { ...ctx, known: new Set([...(ctx.known ?? []), ...[e, ...conjunctsOf(e)].map((c) => knownKey(c, ctx))]) };
}

/**
 * How a test is recognised in `known`: its plain pipeline, rendered apart
 * from the chart's helpers, the same for `x` and `not (empty x)` and for the
 * operands of `and` and `or` in any order.
 */
function knownKey(e: Expr, ctx: RenderContext): string {
  const plain = unlabelled(e);
  if (plain instanceof Truthy) return knownKey(plain.operand, ctx);
  if (plain instanceof Logic) return `(${plain.op} ${plain.operands.map((o) => knownKey(o, ctx)).sort().join(' ')})`;
  return plain.renderPipeline({ ...ctx, helpers: undefined });
}

/** Whether a test holds wherever the tests in `known` do: one of them, or an `or` with one of them, or an `and` of them. */
function implied(e: Expr, ctx: RenderContext): boolean {
  if (ctx.known?.has(knownKey(e, ctx))) return true;
  const plain = unlabelled(e);
  if (plain instanceof Truthy) return implied(plain.operand, ctx);
  if (plain instanceof Logic) return plain.op === 'or' ? plain.operands.some((o) => implied(o, ctx)) : plain.operands.every((o) => implied(o, ctx));
  return false;
}

/** An expression as the whole pipeline of an action (a value before `| toJson`): without its outer parentheses. */
export function pipelineText(e: Expr, ctx: RenderContext): string {
  return unwrap(e.render(ctx));
}

/** An expression as the test of an `if`. */
export function conditionText(e: Expr, ctx: RenderContext): string {
  return unwrap(e.renderTest(ctx));
}

/** A pipeline without the parentheses around all of it. */
export function unwrap(r: string): string {
  return r.startsWith('(') && r.endsWith(')') && balanced(r.slice(1, -1)) ? r.slice(1, -1) : r;
}

function balanced(s: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

const RESERVED_KEYS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;
function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(key) && !RESERVED_KEYS.test(key) ? key : JSON.stringify(key);
}

/**
 * Whether a string reads back the same from a literal block (`|`), written
 * with this file's line-based template text: several lines, no `{{`, no
 * trailing blanks (an `{{-` after the block would trim them), no blank-only
 * lines, no characters YAML reads as breaks or refuses.
 */
function blockable(v: string): boolean {
  if (!v.includes('\n') || v.includes('{{') || v.endsWith('\n\n')) return false;
  if (/[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]|[\u2028\u2029\ufeff]/u.test(v)) return false;
  const lines = v.replace(/\n$/, '').split('\n');
  const first = lines.find((l) => l !== '');
  return first !== undefined && !/^\s/.test(first) && lines.every((l) => !/\s$/.test(l));
}

/** Text from this many lines on is a file of the chart when the context keeps such files. */
const EMBED_MIN_LINES = 40;

/**
 * A scalar after `key:` or `-`: a file of the chart for a long text under a
 * key that can name a file, a literal block for text of several lines, else JSON.
 */
function scalarLines(head: string, v: string | number | boolean | null, indent: string, ctx: RenderContext, key?: string): string[] {
  if (typeof v === 'string' && ctx.embed && key && /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(key) && v.split('\n').length >= EMBED_MIN_LINES) {
    return [`${head} {{ $.Files.Get ${JSON.stringify(ctx.embed(key, v))} | toJson }}`];
  }
  if (typeof v !== 'string' || !blockable(v)) return [`${head} ${scalar(v)}`];
  const chomp = v.endsWith('\n') ? '' : '-';
  return [`${head} |${chomp}`, ...v.replace(/\n$/, '').split('\n').map((l) => (l ? indent + l : ''))];
}

function scalar(v: string | number | boolean | null): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function exprValue(e: Expr, ctx: RenderContext): string {
  return `{{ ${pipelineText(e, ctx)} | toJson }}`;
}

function bindVar(ctx: RenderContext, v: Var, prefix: string): [RenderContext, string] {
  const name = `$${prefix}${ctx.vars.size}`;
  const vars = new Map(ctx.vars);
  vars.set(v.id, name);
  return [{ ...ctx, vars }, name];
}

function letLines(node: Let, ctx: RenderContext, indent: string): [RenderContext, string[]] {
  const lines: string[] = [];
  let inner = ctx;
  for (const [v, e] of node.vars) {
    const rendered = e.render(inner);
    let name: string;
    [inner, name] = bindVar(inner, v, v.name);
    lines.push(`${indent}{{- ${name} := ${rendered} }}`);
  }
  return [inner, lines];
}

/** When a container's members are all conditional, when it has at least one. */
function presence(node: TreeValue | Spread | NamedMap | Entry | undefined): Presence {
  if (node instanceof When) {
    if (node.otherwise !== undefined) return 'always';
    const inner = presence(node.then);
    return inner === 'always' ? node.test : new Logic('and', [node.test, inner]);
  }
  if (node instanceof Let) return presence(node.body);
  if (node instanceof Each) {
    if (presence(node.body) !== 'always') throw new Error('a repeated item must not be conditional itself');
    return new Truthy(node.source);
  }
  if (node instanceof Spread) return new Truthy(node.source);
  // A mapping helper may have only conditional entries: the object around it is empty when none holds.
  if (node instanceof NamedMap) return containerPresence(membersOf(node.body));
  if (node instanceof Entry) return node.when ?? 'always';
  return 'always';
}

function containerPresence(members: ReadonlyArray<TreeValue | Spread | NamedMap | Entry | undefined>): Presence {
  const conds: Expr[] = [];
  for (const m of members) {
    if (m === undefined) continue;
    const p = presence(m);
    if (p === 'always') return 'always';
    conds.push(p);
  }
  if (conds.length === 0) return 'always';
  return conds.length === 1 ? conds[0] : new Logic('or', conds);
}

function isContainer(v: unknown): v is TreeObject | TreeArray {
  return v !== null && typeof v === 'object' && !isExpr(v) && !(v instanceof When) && !(v instanceof Each) && !(v instanceof Let) && !(v instanceof Spread) && !(v instanceof NamedMap) && !(v instanceof Entry);
}

function membersOf(v: TreeObject | TreeArray): Array<TreeValue | Spread | NamedMap | Entry | undefined> {
  return Array.isArray(v) ? v : Object.values(v);
}

/** Lines of a mapping whose keys start at `depth`. */
function objectLines(obj: TreeObject, depth: number, ctx: RenderContext): string[] {
  const ind = INDENT.repeat(depth);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    if (value instanceof Spread) {
      const [withKey, k] = bindVar(ctx, new Var('key', 'string'), 'key');
      const [, v] = bindVar(withKey, new Var('value', 'any'), 'value');
      lines.push(`${ind}{{- range ${k}, ${v} := ${value.source.render(ctx)} }}`);
      lines.push(`${ind}{{ ${k} | toJson }}: {{ ${v} | toJson }}`);
      lines.push(`${ind}{{- end }}`);
      continue;
    }
    if (value instanceof Entry) {
      const rendered = `${ind}{{ ${value.key.render(ctx)} | toJson }}: ${isExpr(value.value) ? exprValue(value.value, ctx) : scalar(value.value)}`;
      lines.push(...(value.when ? [`${ind}{{- if ${conditionText(value.when, ctx)} }}`, rendered, `${ind}{{- end }}`] : [rendered]));
      continue;
    }
    if (value instanceof NamedMap && !Array.isArray(value.body)) {
      lines.push(`${ind}{{- include "${ctx.helperPrefix}.${value.name}" $ | nindent ${depth * INDENT.length} }}`);
      continue;
    }
    lines.push(...fieldLines(yamlKey(key), value, depth, ctx));
  }
  return lines;
}

/** The `define` block of a named value or map, for _helpers.tpl. */
export function renderNamedTemplate(named: NamedMap | NamedValue, ctx: RenderContext): string {
  const body = named instanceof NamedValue ? `{{- ${pipelineText(named.body, ctx)} -}}` : (Array.isArray(named.body) ? arrayLines(named.body, 0, ctx) : objectLines(named.body, 0, ctx)).join('\n');
  return defineBlock(ctx.helperPrefix, named.name, named.description, body);
}

/** A `define`, headed by a one-line comment on what it yields. */
export function defineBlock(prefix: string, name: string, description: string | undefined, body: string): string {
  const comment = description ? `{{/* ${description} */}}\n` : '';
  return `${comment}{{- define "${prefix}.${name}" -}}\n${body}\n{{- end }}\n`;
}

/** Lines of one `key: value` entry, including any directives around it. */
function fieldLines(key: string, value: TreeValue, depth: number, ctx: RenderContext): string[] {
  const ind = INDENT.repeat(depth);
  if (value instanceof When) {
    const lines = [`${ind}{{- if ${conditionText(value.test, ctx)} }}`, ...fieldLines(key, value.then, depth, knowing(value.test, ctx))];
    if (value.otherwise !== undefined) lines.push(`${ind}{{- else }}`, ...fieldLines(key, value.otherwise, depth, ctx));
    lines.push(`${ind}{{- end }}`);
    return lines;
  }
  if (value instanceof Let) {
    const [inner, lines] = letLines(value, ctx, ind);
    return [...lines, ...fieldLines(key, value.body, depth, inner)];
  }
  if (value instanceof Each) throw new Error(`"${key}": a repeated item belongs in a list`);
  if (value instanceof NamedMap) {
    if (!Array.isArray(value.body) || containerPresence(value.body) !== 'always') throw new Error(`"${key}": named list ${value.name} must always have items`);
    return [`${ind}${key}:`, `${ind}${INDENT}{{- include "${ctx.helperPrefix}.${value.name}" $ | nindent ${(depth + 1) * INDENT.length} }}`];
  }
  if (isExpr(value)) return [`${ind}${key}: ${exprValue(value, ctx)}`];
  if (!isContainer(value)) return scalarLines(`${ind}${key}:`, value, ind + INDENT, ctx, key);
  return containerLines(`${ind}${key}:`, value, depth + 1, ctx);
}

/** A container after a `key:` or `-` head, with `{}`/`[]` when all of its members can drop out. */
function containerLines(head: string, value: TreeObject | TreeArray, depth: number, ctx: RenderContext): string[] {
  const empty = Array.isArray(value) ? '[]' : '{}';
  const members = membersOf(value).filter((m) => m !== undefined);
  if (members.length === 0) return [`${head} ${empty}`];
  const body = Array.isArray(value) ? arrayLines(value, depth, ctx) : objectLines(value, depth, ctx);
  const p = containerPresence(members);
  // Inside an `if` on the same test, the container is known not to be empty.
  if (p === 'always' || implied(p, ctx)) return [head, ...body];
  const ind = INDENT.repeat(depth);
  return [head, `${ind}{{- if ${conditionText(p, ctx)} }}`, ...body, `${ind}{{- else }} ${empty}`, `${ind}{{- end }}`];
}

/** Lines of a sequence whose `-` markers start at `depth`. */
function arrayLines(arr: TreeArray, depth: number, ctx: RenderContext): string[] {
  const lines: string[] = [];
  for (const item of arr) lines.push(...itemLines(item, depth, ctx));
  return lines;
}

function itemLines(item: TreeValue, depth: number, ctx: RenderContext): string[] {
  const ind = INDENT.repeat(depth);
  if (item instanceof When) {
    const lines = [`${ind}{{- if ${conditionText(item.test, ctx)} }}`, ...itemLines(item.then, depth, knowing(item.test, ctx))];
    if (item.otherwise !== undefined) lines.push(`${ind}{{- else }}`, ...itemLines(item.otherwise, depth, ctx));
    lines.push(`${ind}{{- end }}`);
    return lines;
  }
  if (item instanceof Each) {
    const [withKey, k] = bindVar(ctx, item.key, 'key');
    const [inner, v] = bindVar(withKey, item.item, 'item');
    return [`${ind}{{- range ${k}, ${v} := ${item.source.render(ctx)} }}`, ...itemLines(item.body, depth, inner), `${ind}{{- end }}`];
  }
  if (item instanceof Let) {
    const [inner, lines] = letLines(item, ctx, ind);
    return [...lines, ...itemLines(item.body, depth, inner)];
  }
  if (isExpr(item)) return [`${ind}- ${exprValue(item, ctx)}`];
  if (item instanceof NamedMap) throw new Error(`named ${item.name} belongs as the value of a field or inside an object`);
  if (!isContainer(item)) return scalarLines(`${ind}-`, item, ind + INDENT, ctx);
  const lines = containerLines(`${ind}-`, item, depth + 1, ctx);
  // Put the first key on the dash line when nothing conditional comes before it.
  if (lines.length > 1 && !Array.isArray(item) && lines[1].startsWith(`${ind}${INDENT}`) && !lines[1].trimStart().startsWith('{{-')) {
    return [`${ind}- ${lines[1].slice(ind.length + INDENT.length)}`, ...lines.slice(2)];
  }
  return lines;
}
