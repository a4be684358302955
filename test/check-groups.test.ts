/**
 * The rules' files and the order synth checks them in: Helm renders
 * templates/validate/ in reverse alphabetical order, and the chart's checks
 * are registered in synth's order, then grouped into files again.
 */
import fc from 'fast-check';
import { groupsByTopKey, inRenderOrder } from '../lib/template/check-groups';

// Two keys with many rules (several files each), and keys with few (general, itself in parts when it grows).
const key = fc.oneof({ arbitrary: fc.constantFrom('frontend', 'backend'), weight: 3 }, { arbitrary: fc.constantFrom('ai', 'secrets', 'ingress', 'release name', 'namespace'), weight: 2 });
const rules = fc.array(fc.tuple(key, fc.integer({ min: 0, max: 99 })).map(([k, n]) => `${k}.x${n}: rule`), { minLength: 20, maxLength: 90 });

describe('rule files', () => {
  test('Helm renders the files in the order synth checks the rules, and grouping that order again gives the same files', () => {
    fc.assert(
      fc.property(rules, (list) => {
        const byMessage = (m: string) => m;
        const files = groupsByTopKey(list, byMessage);
        const helmOrder = [...files].sort((a, b) => (a[0] < b[0] ? 1 : -1)).flatMap(([, l]) => l);
        const ordered = inRenderOrder(list, byMessage);
        expect(helmOrder).toEqual(ordered);
        expect(groupsByTopKey(ordered, byMessage)).toEqual(files);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  test('a key with many rules gets numbered files, one with few rules joins general', () => {
    const list = [...Array.from({ length: 30 }, (_, i) => `backend.k${i}: r`), 'secrets.a: r', 'release name: r'];
    const files = groupsByTopKey(list, (m) => m);
    expect(files.map(([name]) => name)).toEqual(['general', 'backend-3', 'backend-2', 'backend-1']);
    // The first rules are in the file Helm renders first.
    expect(files[1][1][0]).toBe('backend.k0: r');
  });
});
