// Strict JSON Schema validation shared by the Kubernetes and Gateway API
// validators of the tests: schemas closed the way `kubeconform -strict` closes
// them, one Ajv set-up, and one-line messages with the JSON path.
import Ajv, { ErrorObject } from 'ajv';

// Recursively closes every object schema that lists properties. Only schema-valued
// keywords are walked, so vendor extensions (x-kubernetes-*) are left alone.
export function closeObjects(schema: any): void {
  if (!schema || typeof schema !== 'object') return;
  if (schema.properties && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const sub of Object.values(schema.properties ?? {})) closeObjects(sub);
  if (schema.items) closeObjects(schema.items);
  if (typeof schema.additionalProperties === 'object') closeObjects(schema.additionalProperties);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    for (const sub of schema[key] ?? []) closeObjects(sub);
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Ajv as both validators use it: every error, Kubernetes' formats, no complaints about x-kubernetes-* keywords. */
export function strictAjv(): Ajv {
  return new Ajv({
    strict: false, // the schemas carry x-kubernetes-* and other non-standard keywords
    allErrors: true,
    verbose: true,
    validateSchema: false,
    logger: false,
    formats: {
      int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
      int64: { type: 'number', validate: (n: number) => Number.isSafeInteger(n) },
      double: true,
      // the API server decodes []byte with encoding/base64, which skips line breaks
      byte: { type: 'string', validate: (v: string) => BASE64.test(v.replace(/[\r\n]/g, '')) },
      'date-time': RFC3339,
    },
  });
}

export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One error as `<path>: <what is wrong>`. */
export function describe(e: ErrorObject): string {
  const at = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(e.params.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1');
      return `${e.instancePath}/${prop}: unknown field`;
    }
    case 'required':
      return `${at}: missing required field "${e.params.missingProperty}"`;
    case 'type':
      return `${at}: must be ${e.params.type} (got ${show(e.data)})`;
    case 'enum':
      return `${at}: must be one of ${(e.params.allowedValues as unknown[]).map(show).join(', ')} (got ${show(e.data)})`;
    case 'format':
      return `${at}: must match format "${e.params.format}" (got ${show(e.data)})`;
    case 'oneOf': {
      const types = (Array.isArray(e.schema) ? e.schema : []).map((b: any) => b?.type).filter(Boolean);
      return types.length
        ? `${at}: must be ${types.join(' or ')} (got ${show(e.data)})`
        : `${at}: ${e.message}`;
    }
    default:
      return `${at}: ${e.message}`;
  }
}
