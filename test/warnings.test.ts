// A valid configuration that cannot work (an LLM provider with no key) is
// reported on one line by synth, and by the chart's NOTES after install.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ConfigInput, loadConfig, warningsFor } from '../lib/config';
import { CHART, ROOT, runHelm, valuesFile } from './support/helm';
import { tempDir } from './support/tmp';

const noKey = (provider: string, key: string) => new RegExp(`^ai\\.provider is "${provider}" but secrets\\.${key} is empty, so chat answers will fail: .*ai\\.provider=mock`);

const CASES: Array<{ name: string; values: ConfigInput; expected: RegExp[] }> = [
  { name: 'the defaults (groq, no key)', values: {}, expected: [noKey('groq', 'groqApiKey')] },
  { name: 'openai without a key', values: { ai: { provider: 'openai' }, secrets: { groqApiKey: 'gsk' } }, expected: [noKey('openai', 'openaiApiKey')] },
  { name: 'groq with its key', values: { secrets: { groqApiKey: 'gsk' } }, expected: [] },
  { name: 'the mock provider', values: { ai: { provider: 'mock' } }, expected: [] },
  { name: 'an existing Secret (the values cannot tell)', values: { secrets: { existingSecret: 'mine' } }, expected: [] },
];

describe('warnings', () => {
  test.each(CASES)('$name', ({ values, expected }) => {
    const warnings = warningsFor(loadConfig({ layers: [values] }));
    expect(warnings).toHaveLength(expected.length);
    warnings.forEach((w, i) => {
      expect(w).toMatch(expected[i]);
      expect(w).not.toContain('\n');
    });
  });

  // helm 3 needs a cluster for `install --dry-run`; helm 4 renders NOTES.txt without one.
  test.each(CASES)('helm 4 NOTES print the same lines: $name', async ({ values }) => {
    const r = await runHelm(4, ['install', 'todo-chatbot', CHART, '-n', 'todo-chatbot', '--dry-run=client', '-f', valuesFile(values)]);
    expect(r.stderr).toBe('');
    const notes = r.stdout.slice(r.stdout.indexOf('NOTES:'));
    // A warning is a paragraph, its lines broken to fit a terminal.
    const printed = notes.split('\n\n').filter((p) => p.startsWith('WARNING: ')).map((p) => p.slice('WARNING: '.length).replace(/\n/g, ' ').trim());
    expect(printed).toEqual(warningsFor(loadConfig({ layers: [values] })));
  });

  test('examples/no-api-key.yaml is the one-file way to run without a key', async () => {
    const file = path.join(ROOT, 'examples', 'no-api-key.yaml');
    const config = loadConfig({ valuesFiles: [file] });
    expect(config.ai.provider).toBe('mock');
    expect(warningsFor(config)).toEqual([]);
    const r = await runHelm(3, ['template', 'todo-chatbot', CHART, '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('ai-provider: "mock"\n');
  });

  test('synth prints them on stderr as "warning: ..." and still succeeds', () => {
    const out = tempDir('warn');
    const env = { ...process.env, CDK8S_OUTDIR: path.join(out, 'dist'), TODO_CHATBOT_CHART_DIR: path.join(out, 'chart'), TODO_CHATBOT_STATE_FILE: path.join(out, 'state.json') };
    const synth = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'synth.js'), ...args], { cwd: ROOT, env, encoding: 'utf-8' });
    const plain = synth([]);
    expect(plain.status).toBe(0);
    expect(plain.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^warning: ai\.provider is "groq" but secrets\.groqApiKey is empty/)]);
    const mock = synth(['--values', valuesFile({ ai: { provider: 'mock' } })]);
    expect(mock.status).toBe(0);
    expect(mock.stderr).toBe('');
  });
});
