// Release names, namespaces and name prefixes that would render objects
// Kubernetes refuses: synth and the chart refuse the same ones, naming the
// same key, and accept the same ones.
import { ConfigError } from '../../lib/config';
import { POSTGRES_FULLNAME_MAX } from '../../lib/config/rules';
import { HELM_MAJORS, helmTemplate, valuesFile } from '../support/helm';
import { renderCase } from '../support/render';

interface Case {
  readonly name: string;
  readonly release?: string;
  readonly namespace?: string;
  readonly values?: Record<string, unknown>;
  /** The key both messages name; undefined when both accept it. */
  readonly refusedAt?: string;
}

const CASES: Case[] = [
  { name: 'a release name with a dot', release: 'my.release', refusedAt: 'release name' },
  { name: 'a release name that starts with a digit', release: '1abc', refusedAt: 'release name' },
  { name: 'a release name of 54 characters', release: `r${'e'.repeat(53)}`, refusedAt: 'release name' },
  { name: 'a release name of 53 characters', release: `r${'e'.repeat(52)}` },
  { name: 'a release name with a dot, behind a fullnameOverride', release: 'my.release', values: { fullnameOverride: 'todo' } },
  { name: 'a release name of 54 characters, behind a fullnameOverride', release: `r${'e'.repeat(53)}`, values: { fullnameOverride: 'todo' }, refusedAt: 'release name' },
  { name: 'a namespace of 64 characters', namespace: `n${'s'.repeat(63)}`, refusedAt: 'namespace' },
  { name: 'a namespace with upper case', namespace: 'Team-A', refusedAt: 'namespace' },
  { name: 'a namespace that starts with a digit', namespace: '1team' },
  { name: 'a fullnameOverride that starts with a digit', values: { fullnameOverride: '1abc' }, refusedAt: 'fullnameOverride' },
  {
    name: `PostgreSQL with a name prefix of ${POSTGRES_FULLNAME_MAX + 1} characters`,
    release: `p${'g'.repeat(POSTGRES_FULLNAME_MAX)}`,
    values: { database: { mode: 'postgres' } },
    refusedAt: 'fullnameOverride',
  },
  { name: `PostgreSQL with a name prefix of ${POSTGRES_FULLNAME_MAX} characters`, release: `p${'g'.repeat(POSTGRES_FULLNAME_MAX - 1)}`, values: { database: { mode: 'postgres' } } },
];

describe.each(CASES)('$name', ({ release = 'todo-chatbot', namespace = 'todo-chatbot', values = {}, refusedAt }) => {
  test(refusedAt ? `synth refuses it at "${refusedAt}"` : 'synth accepts it', () => {
    const run = () => renderCase({ release, namespace, values });
    if (!refusedAt) return expect(run).not.toThrow();
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^${refusedAt}: `));
  });

  test.each(HELM_MAJORS)(refusedAt ? `helm %i refuses it at "${refusedAt}"` : 'helm %i accepts it', async (major) => {
    const { result } = await helmTemplate(major, { release, namespace, valuesFiles: [valuesFile(values)] });
    if (!refusedAt) return expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(refusedAt);
  });
});
