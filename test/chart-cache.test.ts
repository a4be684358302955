import * as fs from 'fs';
import * as path from 'path';
import { cachedChartFiles, chartInputsKey } from '../lib/chart-cache';
import { tempDir } from './support/tmp';

/** A project with the chart's inputs, in a temporary folder. */
function project(): string {
  const root = tempDir('chart-cache');
  fs.mkdirSync(path.join(root, 'lib', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'main.ts'), 'main');
  fs.writeFileSync(path.join(root, 'lib', 'a.ts'), 'a');
  fs.writeFileSync(path.join(root, 'lib', 'sub', 'b.ts'), 'b');
  fs.writeFileSync(path.join(root, 'package.json'), '{"version":"1.0.0"}');
  fs.writeFileSync(path.join(root, 'package-lock.json'), '{}');
  return root;
}

describe('the chart cache', () => {
  test('a change to any input, or a new file, changes the key; an untouched project keeps it', () => {
    const root = project();
    const keys = new Set([chartInputsKey(root)]);
    expect(chartInputsKey(root)).toBe([...keys][0]);
    const edits: Array<() => void> = [
      () => fs.writeFileSync(path.join(root, 'lib', 'sub', 'b.ts'), 'b2'),
      () => fs.writeFileSync(path.join(root, 'lib', 'c.ts'), ''),
      () => fs.writeFileSync(path.join(root, 'package.json'), '{"version":"1.0.1"}'),
      () => fs.writeFileSync(path.join(root, 'package-lock.json'), '{"x":1}'),
      () => fs.writeFileSync(path.join(root, 'main.ts'), 'main2'),
      () => fs.renameSync(path.join(root, 'lib', 'a.ts'), path.join(root, 'lib', 'a2.ts')),
    ];
    for (const edit of edits) {
      edit();
      const key = chartInputsKey(root);
      expect(keys.has(key)).toBe(false);
      keys.add(key);
    }
  });

  test('builds on a miss, reuses on a hit, and builds again after an edit', () => {
    const root = project();
    const cache = path.join(root, '.cache');
    let builds = 0;
    const build = () => new Map([['Chart.yaml', `build ${++builds}`]]);
    expect(cachedChartFiles(root, cache, build).get('Chart.yaml')).toBe('build 1');
    expect(cachedChartFiles(root, cache, build).get('Chart.yaml')).toBe('build 1');
    fs.writeFileSync(path.join(root, 'lib', 'a.ts'), 'a changed');
    expect(cachedChartFiles(root, cache, build).get('Chart.yaml')).toBe('build 2');
    expect(fs.readdirSync(cache)).toHaveLength(1);
  });
});
