/**
 * values.yaml from a JSON schema and its defaults: every key in schema order,
 * each with its description as a comment, as Helm chart guidelines ask.
 */
import { stringify } from 'yaml';

export interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  [key: string]: unknown;
}

function scalarText(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function lines(schema: JsonSchemaNode, values: Record<string, unknown>, depth: number): string[] {
  const ind = '  '.repeat(depth);
  const out: string[] = [];
  const props = schema.properties ?? {};
  for (const key of Object.keys(props)) {
    if (!(key in values)) continue;
    const node = props[key];
    const value = values[key];
    if (out.length && depth === 0) out.push('');
    for (const line of (node.description ?? '').split('\n').filter(Boolean)) out.push(`${ind}# ${line}`);
    if (node.properties && isPlainObject(value) && Object.keys(value).length) {
      out.push(`${ind}${key}:`);
      out.push(...lines(node, value, depth + 1));
    } else {
      const text = scalarText(value);
      const block = (isPlainObject(value) && Object.keys(value).length > 0) || (Array.isArray(value) && value.length > 0);
      if (block) out.push(`${ind}${key}:`, ...text.split('\n').map((l) => `${ind}  ${l}`));
      else out.push(`${ind}${key}: ${text}`);
    }
  }
  return out;
}

/** A commented values.yaml. */
export function renderValuesYaml(schema: JsonSchemaNode, values: Record<string, unknown>, header: string): string {
  const head = header.split('\n').map((l) => (l ? `# ${l}` : '#'));
  return `${[...head, '', ...lines(schema, values, 0)].join('\n')}\n`;
}

/** A values file with only some keys (a profile), with the same comments. */
export function renderPartialValuesYaml(schema: JsonSchemaNode, values: Record<string, unknown>, header: string): string {
  return renderValuesYaml(schema, values, header);
}

/** Rows of a Markdown table of every leaf value: key, type, default, description. */
export function valuesTable(schema: JsonSchemaNode, values: Record<string, unknown>, prefix = ''): string[] {
  const rows: string[] = [];
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const value = values[key];
    if (node.properties && isPlainObject(value) && Object.keys(value).length) {
      rows.push(...valuesTable(node, value, path));
      continue;
    }
    const type = typeText(node);
    const def = JSON.stringify(value) ?? '';
    const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    rows.push(`| \`${path}\` | ${cell(type)} | \`${cell(def)}\` | ${cell(node.description ?? '')} |`);
  }
  return rows;
}

function typeText(node: JsonSchemaNode): string {
  if (Array.isArray(node.enum)) return (node.enum as unknown[]).map((e) => JSON.stringify(e)).join(' \\| ');
  if (node.type) return Array.isArray(node.type) ? node.type.join(' or ') : node.type;
  const alternatives = (node.anyOf ?? node.oneOf) as JsonSchemaNode[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(typeText))].join(' or ');
  if ('const' in node) return JSON.stringify(node.const);
  return 'any';
}
