// Values files are read exactly as Helm reads them: the examples of YAML 1.1
// that differ from YAML 1.2, checked against helm 3 and helm 4 themselves, and
// generated YAML texts whose reading must equal Helm's.
import fc from 'fast-check';
import { isDeepStrictEqual } from 'util';
import { loadConfig } from '../../lib/config';
import { readHelmValues, ValuesYamlError } from '../../lib/config/helm-yaml';
import { compareManifests } from '../support/equivalence';
import { HELM_MAJORS, HelmMajor, helmTemplate, valuesFile } from '../support/helm';
import { helmReadsYaml, HelmReading } from '../support/helm-reads-yaml';
import { objectsOf } from '../support/render';
import { tempFile } from '../support/tmp';

/** What synth reads from a text, in the shape of a Helm reading. */
function synthReads(text: string): HelmReading {
  try {
    return { value: readHelmValues(text) };
  } catch (e) {
    if (e instanceof ValuesYamlError) return { error: e.message };
    throw e;
  }
}

/** Only whether it was read, and what: error texts differ between the two. */
const outcome = (r: HelmReading) => ('error' in r ? 'refused' : r.value);

describe('a values file is read as Helm reads it (YAML 1.1 through go-yaml)', () => {
  const EXAMPLES: Array<{ what: string; yaml: string; read: unknown }> = [
    { what: 'yes is true', yaml: 'frontend:\n  autoscaling:\n    enabled: yes\n', read: { frontend: { autoscaling: { enabled: true } } } },
    { what: 'on/off/y/n are booleans, as keys too', yaml: 'a: off\ny: 1\n', read: { a: false, true: 1 } },
    { what: 'a leading 0 is octal', yaml: 'runAsUser: 010001\n', read: { runAsUser: 4097 } },
    { what: 'underscores group digits', yaml: 'replicaCount: 1_0\n', read: { replicaCount: 10 } },
    { what: '0x, 0o and 0b prefixes', yaml: 'a: 0x1F\nb: 0o17\nc: 0b101\n', read: { a: 31, b: 15, c: 5 } },
    { what: 'numbers are float64', yaml: 'a: 9007199254740993\n', read: { a: 9007199254740992 } },
    { what: 'a merge key applies where it stands', yaml: 'base: &b {x: 1, z: 2}\nm:\n  x: 0\n  <<: *b\nk:\n  <<: *b\n  x: 0\n', read: { base: { x: 1, z: 2 }, m: { x: 1, z: 2 }, k: { x: 0, z: 2 } } },
    { what: 'in a list of merged maps the first wins', yaml: 'a: &a {x: 1}\nb: &b {x: 2, w: 2}\nm: {<<: [*a, *b]}\n', read: { a: { x: 1 }, b: { x: 2, w: 2 }, m: { x: 1, w: 2 } } },
    { what: 'a duplicate key keeps the last value', yaml: 'a: 1\na: 2\n', read: { a: 2 } },
    { what: 'sexagesimal and dates stay strings', yaml: 'a: 1:20\nb: 2001-12-14\n', read: { a: '1:20', b: '2001-12-14' } },
    { what: 'float keys are written in float32 form', yaml: 'k:\n  1.000000001: a\n  1.1e6: b\n  0x10: c\n', read: { k: { '1': 'a', '1.1e+06': 'b', '16': 'c' } } },
    { what: 'a number too large for a float stays a string', yaml: 'a: 1e400\n', read: { a: '1e400' } },
    { what: '__proto__ is a key like any other', yaml: '__proto__:\n  polluted: 1\n', read: JSON.parse('{"__proto__": {"polluted": 1}}') },
  ];

  test.each(EXAMPLES)('$what', async ({ yaml, read }) => {
    expect(readHelmValues(yaml)).toEqual(read);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const major of HELM_MAJORS) expect(outcome((await helmReadsYaml(major, [yaml]))[0])).toEqual(read);
  });

  test.each([
    ['.inf', 'a: .inf\n'],
    ['a null key', '? ~\n: 1\n'],
    ['a list as a key', '? [1, 2]\n: x\n'],
    ['a merge of a scalar', 'x: &a 1\nk: {<<: *a}\n'],
    ['a top-level list', '- 1\n'],
  ])('refuses %s, as Helm does', async (_, yaml) => {
    expect(() => readHelmValues(yaml)).toThrow(ValuesYamlError);
    for (const major of HELM_MAJORS) expect('error' in (await helmReadsYaml(major, [yaml]))[0]).toBe(true);
  });

  test('synth applies them: yes enables the autoscaler, 010001 is uid 4097, 1_0 is 10 replicas', () => {
    const file = tempFile('yaml11.yaml', 'frontend:\n  replicaCount: 1_0\n  autoscaling:\n    enabled: yes\n  podSecurityContext:\n    runAsUser: 010001\n');
    const config = loadConfig({ valuesFiles: [file] });
    expect([config.frontend.autoscaling.enabled, config.frontend.podSecurityContext.runAsUser, config.frontend.replicaCount]).toEqual([true, 4097, 10]);
  });

  test('the chart reads them the same way on helm 3 and 4', async () => {
    const file = tempFile('yaml11.yaml', 'frontend:\n  replicaCount: 1_0\n  podSecurityContext:\n    runAsUser: 010001\n');
    for (const major of HELM_MAJORS) {
      const { objects, result } = await helmTemplate(major, { release: 'todo-chatbot', namespace: 'todo-chatbot', valuesFiles: [file] });
      expect(result.stderr).toBe('');
      const frontend = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-chatbot-frontend');
      expect([frontend.spec.replicas, frontend.spec.template.spec.securityContext.runAsUser]).toEqual([10, 4097]);
    }
  });

  test('a file with two documents is refused, because helm 3 and helm 4 read it differently', async () => {
    const yaml = 'fullnameOverride: first\n---\nfullnameOverride: second\n';
    const file = tempFile('two-docs.yaml', yaml);
    expect(() => loadConfig({ valuesFiles: [file] })).toThrow(`values file ${file}: has more than one YAML document ("---"): helm 3 reads only the first and helm 4 merges them all; keep one`);
    const prefix = async (major: HelmMajor) =>
      (await helmTemplate(major, { release: 'r', namespace: 'n', valuesFiles: [file] })).objects.find((o) => o.kind === 'Deployment').metadata.name.split('-')[0];
    expect([await prefix(3), await prefix(4)]).toEqual(['first', 'second']);
  });

  test('backend.env.__proto__ is an environment variable in both outputs, and nothing is polluted', async () => {
    const values = JSON.parse('{"backend": {"env": {"__proto__": "x"}}}');
    const synth = objectsOf({ values });
    const backend = synth.find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-chatbot-backend');
    expect(backend.spec.template.spec.containers[0].env).toContainEqual({ name: '__proto__', value: 'x' });
    expect(Object.getPrototypeOf(loadConfig({ valuesFiles: [valuesFile(values)] }).backend.env)).toBe(Object.prototype);
    for (const major of HELM_MAJORS) {
      const { objects, result } = await helmTemplate(major, { release: 'todo-chatbot', namespace: 'todo-chatbot', valuesFiles: [valuesFile(values)] });
      expect(result.stderr).toBe('');
      expect(compareManifests(synth, objects, new Set(['auth-secret']))).toEqual([]);
    }
  });

  test('an empty document after the first is fine (helm 3 and 4 agree)', () => {
    expect(readHelmValues('a: 1\n---\n')).toEqual({ a: 1 });
    expect(readHelmValues('')).toEqual({});
  });
});

/** Plain scalars in the spellings where YAML 1.1, Go and JavaScript could disagree. */
const digits = fc.stringMatching(/^[0-9]{1,22}$/);
const withUnderscores = digits.chain((d) => fc.integer({ min: 0, max: d.length }).map((i) => `${d.slice(0, i)}_${d.slice(i)}`));
const plainScalar = fc.oneof(
  digits,
  withUnderscores,
  fc.tuple(fc.constantFrom('', '+', '-'), digits).map(([s, d]) => `${s}${d}`),
  fc.tuple(fc.constantFrom('0x', '0X', '0o', '0O', '0b', '-0x', '+0b', '0'), fc.stringMatching(/^[0-9a-fA-F_]{1,18}$/)).map(([p, d]) => `${p}${d}`),
  fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{0,4}$/), fc.constantFrom('.', ''), fc.stringMatching(/^[0-9_]{0,4}$/), fc.constantFrom('', 'e', 'E', 'e+', 'e-'), fc.stringMatching(/^[0-9]{0,3}$/))
    .map((parts) => parts.join('')),
  fc.constantFrom('yes', 'Yes', 'NO', 'on', 'Off', 'y', 'N', 'true', 'False', 'TRUE', 'null', 'Null', '~', '', '.5', '1.', '.inf', '-.Inf', '.NaN', 'nan', 'inf', '1e400', '0x1p3', '1:20', '2001-12-14', 'abc', 'x_y', '08', '09.5', '0.', '-0', '-0.0', '+.5e3'),
);
const scalar = fc.oneof(
  { weight: 5, arbitrary: plainScalar },
  { weight: 1, arbitrary: plainScalar.map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: plainScalar.map((s) => `'${s}'`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('!!str', '!!int', '!!float', '!!bool', '!!null', '!custom'), plainScalar).map(([t, s]) => `${t} ${JSON.stringify(s)}`) },
);
const key = fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/) }, { weight: 2, arbitrary: scalar });

/** A values file: a mapping of scalars, lists, maps, and merges of an anchored map. */
const valuesText = fc
  .tuple(
    fc.array(fc.tuple(key, scalar), { minLength: 1, maxLength: 4 }),
    fc.array(fc.tuple(key, fc.array(fc.tuple(key, scalar), { maxLength: 3 }), fc.array(scalar, { maxLength: 3 })), { maxLength: 2 }),
    fc.option(fc.tuple(fc.array(fc.tuple(key, scalar), { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(key, scalar), { maxLength: 2 }), fc.boolean()), { nil: undefined }),
  )
  .map(([top, nested, merge]) => {
    const lines = top.map(([k, v]) => `${k}: ${v}`);
    nested.forEach(([k, map, list], i) => {
      lines.push(`n${i}${k.replace(/\W/g, '')}:`, ...map.map(([mk, mv]) => `  ${mk}: ${mv}`));
      lines.push(`l${i}:`, ...list.map((v) => `  - ${v}`));
    });
    if (merge) {
      const [base, own, mergeFirst] = merge;
      lines.push('base: &base', ...base.map(([k, v]) => `  ${k}: ${v}`));
      const merged = ['  <<: *base', ...own.map(([k, v]) => `  ${k}: ${v}`)];
      lines.push('merged:', ...(mergeFirst ? merged : [...merged.slice(1), merged[0]]));
    }
    return `${lines.join('\n')}\n`;
  })
  .filter((t) => !/^Error:/m.test(t));

describe.each(HELM_MAJORS)('generated YAML texts on helm %i', (major) => {
  test('1,000 texts: synth reads each as Helm does, or both refuse it', async () => {
    const texts = fc.sample(valuesText, { numRuns: 1000, seed: 20261123 + major });
    const helm = await helmReadsYaml(major, texts);
    const mismatches = texts
      .map((text, i) => ({ text, helm: outcome(helm[i]), synth: outcome(synthReads(text)) }))
      .filter((m) => !isDeepStrictEqual(m.helm, m.synth));
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
