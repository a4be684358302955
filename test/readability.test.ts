/**
 * The generated chart reads like a hand-written one: short lines and files,
 * repeated logic in named helpers, and every helper with a comment on what it
 * yields. Checked on the committed chart and on the chart each profile
 * packages, and each rule on text made to break it.
 */
import { readDir } from '../lib/output';
import { CHART } from './support/helm';
import {
  ChartFiles, longFiles, longLines, MAX_FILE_LINES, MAX_LINE, readabilityProblems, repeatedExpressions, uncommentedHelpers,
} from './support/readability';
import { PROFILE_NAMES, renderCase } from './support/render';

const committedChart = () => readDir(CHART);

const one = (file: string, text: string): ChartFiles => new Map([[file, text]]);

describe('readability of the generated chart', () => {
  test('the committed chart has no long line or file, no repeated logic, no helper without its comment', () => {
    const files = committedChart();
    expect([...files.keys()].filter((f) => f.startsWith('templates/')).length).toBeGreaterThan(20);
    expect(readabilityProblems(files)).toEqual([]);
  });

  test.each(PROFILE_NAMES)('the chart of profile %s reads as well', (profile) => {
    expect(readabilityProblems(renderCase({ profile }).chart)).toEqual([]);
  });

  test('the helpers file opens with the table of contents, naming every helper of every helper file', () => {
    const files = committedChart();
    const toc = (files.get('templates/_helpers.tpl') as string).split('*/}}')[0];
    const defined = [...files].filter(([f]) => /\/_[^/]*\.tpl$/.test(f)).flatMap(([, text]) => [...text.matchAll(/define "([^"]+)"/g)].map((m) => m[1]));
    expect(defined.length).toBeGreaterThan(30);
    for (const name of defined) expect(toc).toMatch(new RegExp(`[ ,]${name.replace(/\./g, '\\.')}(,|\\n)`));
  });

  describe('each rule fails on text that breaks it', () => {
    const long = `x: {{ print ${'"a" '.repeat(40)}}}`;

    test('a line over the limit, but not one that only a long literal makes long', () => {
      expect(long.length).toBeGreaterThan(MAX_LINE);
      expect(longLines(one('templates/a.yaml', long))).toEqual([`templates/a.yaml:1 has ${long.length} characters`]);
      const message = `{{- fail "${'m'.repeat(MAX_LINE)}" }}`;
      expect(longLines(one('templates/a.yaml', message))).toEqual([]);
      // Files outside templates/ (the embedded scripts, values) are not templates.
      expect(longLines(one('files/a.py', long))).toEqual([]);
    });

    test('a file over the limit', () => {
      const text = 'a: 1\n'.repeat(MAX_FILE_LINES + 1);
      expect(longFiles(one('templates/a.yaml', text))).toEqual([`templates/a.yaml has ${MAX_FILE_LINES + 1} lines`]);
      expect(longFiles(one('templates/a.yaml', 'a: 1\n'.repeat(MAX_FILE_LINES)))).toEqual([]);
    });

    test('logic of 40 characters or more written three times, wherever it stands and however it is broken over lines', () => {
      const logic = '(ternary "https" "http" $.Values.ingress.tls.enabled)';
      const text = [
        `a: {{ print ${logic} "://x" | toJson }}`,
        `{{- if eq ${logic} "https" }}`,
        `b: {{ print\n    ${logic}\n    "://y" | toJson }}`,
        '{{- end }}',
      ].join('\n');
      expect(repeatedExpressions(one('templates/a.yaml', text))).toEqual([`3 times: ${logic}`]);
      // Twice is fine, and so is any number of times in a helper file.
      expect(repeatedExpressions(one('templates/a.yaml', text.split('\n').slice(0, 2).join('\n')))).toEqual([]);
      expect(repeatedExpressions(one('templates/_helpers.tpl', text))).toEqual([]);
    });

    test('references and helper calls are names, not logic', () => {
      const names = [
        '$.Values.backend.podSecurityContext.runAsGroup',
        '(float64 $.Values.backend.podSecurityContext.runAsGroup)',
        '(include "todo-chatbot.backend.serviceAccount" $)',
        '(eq (include "todo-chatbot.mockLlm.enabled" $) "true")',
      ];
      const text = names.flatMap((n) => [1, 2, 3].map((i) => `k${i}: {{ ${n} | toJson }}`)).join('\n');
      expect(repeatedExpressions(one('templates/a.yaml', text))).toEqual([]);
    });

    test('a helper without a one-line comment right above it', () => {
      const text = '{{/* What a yields. */}}\n{{- define "c.a" -}}\na\n{{- end }}\n\n{{- define "c.b" -}}\nb\n{{- end }}\n';
      expect(uncommentedHelpers(one('templates/_helpers.tpl', text))).toEqual(['templates/_helpers.tpl:6: c.b has no one-line comment above it']);
    });
  });
});
