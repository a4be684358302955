// Quantities are compared exactly in synth (rationals) and with float64 in the
// chart. The bounds make both agree: for random quantities in every notation,
// the chart's helper gives the same range verdict and the same order as synth.
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { EvalContext, Var } from '../../lib/template/expr';
import { COMPARED_QUANTITY_MAX, exactQuantity, isComparableQuantity, quantityHelper, quantityLess, quantityOutOfRange } from '../../lib/template/quantity';
import { HELM_MAJORS, runHelm } from '../support/helm';
import { tempDir } from '../support/tmp';

const SUFFIXES = ['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'e3', 'E-2', 'e+1', 'e0', 'e-9', 'e12'];

/** Quantity strings that fit the schema (at most 16 characters) and numbers within its maximum, many near the bounds. */
const quantityArb: fc.Arbitrary<string | number> = fc.oneof(
  fc
    .tuple(fc.stringMatching(/^[0-9]{1,13}$/), fc.option(fc.stringMatching(/^[0-9]{0,6}$/), { nil: undefined }), fc.constantFrom(...SUFFIXES))
    .map(([whole, frac, suffix]) => `${whole}${frac === undefined ? '' : `.${frac}`}${suffix}`.slice(0, 16))
    .filter((q) => exactQuantity(q) !== undefined),
  fc.constantFrom('1Ti', '1099511627776', '1099511627777', '1099511627775.999', '1099511627776.001', '1073741824000m', '0.001', '0.0001', '0.5m', '1m', '0.0009765625Ki', '0.001Ki'),
  fc.double({ min: 0, max: 1e15, noNaN: true }),
  fc.integer({ min: 0, max: 2 ** 41 }),
);

function ctxWith(scope: Map<symbol, unknown>): EvalContext {
  return { values: {}, release: { name: '', namespace: '', service: '' }, chart: { name: '', version: '', appVersion: '' }, kubeVersion: '1.28.0', generate: () => '', scope };
}

test('the comparison bound is 1Ti, whose thousandths float64 holds exactly', () => {
  expect(COMPARED_QUANTITY_MAX).toBe(1024 ** 4);
  expect(COMPARED_QUANTITY_MAX * 1000).toBeLessThan(2 ** 53);
  expect(isComparableQuantity('1Ti')).toBe(true);
  expect(isComparableQuantity('1099511627777')).toBe(false);
  expect(isComparableQuantity('0.5m')).toBe(false);
  expect(isComparableQuantity('1.5m')).toBe(false);
  expect(isComparableQuantity('0.001Ki')).toBe(true);
  expect(isComparableQuantity('0.0001Ki')).toBe(false);
  expect(isComparableQuantity(0.1)).toBe(true);
  expect(isComparableQuantity('x')).toBe(false);
});

describe.each(HELM_MAJORS)('helm %i', (major) => {
  test("the chart's quantity helper agrees with synth on range and order for 400 random pairs", async () => {
    const pairs = fc.sample(fc.tuple(quantityArb, quantityArb), { numRuns: 400, seed: 1123 });
    const a = new Var<string | number>('a', 'any');
    const b = new Var<string | number>('b', 'any');
    const render = { helperPrefix: 'probe', vars: new Map([[a.id, '$a'], [b.id, '$b']]) };
    const exprs = [quantityOutOfRange(a), quantityOutOfRange(b), quantityLess(a, b)];
    const chart = tempDir('quantity-probe');
    fs.mkdirSync(path.join(chart, 'templates'));
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: probe\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(chart, 'templates', '_helpers.tpl'), quantityHelper('probe'));
    fs.writeFileSync(
      path.join(chart, 'templates', 'verdicts.yaml'),
      `# {{- range $p := .Values.pairs }}{{ $a := index $p 0 }}{{ $b := index $p 1 }}\n# ${exprs.map((e) => `{{ ${e.render(render)} }}`).join(' ')}\n# {{- end }}\n`,
    );
    fs.writeFileSync(path.join(chart, 'values.yaml'), JSON.stringify({ pairs }));
    const r = await runHelm(major, ['template', 'probe', chart]);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n').filter((l) => /^# (true|false)/.test(l));
    expect(lines).toHaveLength(pairs.length);
    const mismatches = pairs.flatMap(([qa, qb], i) => {
      const ctx = ctxWith(new Map<symbol, unknown>([[a.id, qa], [b.id, qb]]));
      const outA = exprs[0].evaluate(ctx);
      const outB = exprs[1].evaluate(ctx);
      // Order is only promised between quantities in range.
      const expected = [outA, outB, outA || outB ? undefined : exprs[2].evaluate(ctx)];
      const got = lines[i].slice(2).split(' ').map((w) => w === 'true');
      const same = expected.every((e, j) => e === undefined || e === got[j]);
      return same ? [] : [`${JSON.stringify(qa)} vs ${JSON.stringify(qb)}: synth ${expected.join(' ')}, helm ${got.join(' ')}`];
    });
    expect(mismatches).toEqual([]);
  });
});
