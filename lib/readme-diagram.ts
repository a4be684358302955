/**
 * The architecture diagram in the project's README.md: the Mermaid block of
 * the chart README's "Architecture" section, kept between two markers.
 * `npm run docs` rewrites it; a test fails when it differs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { chartFiles, ProjectPackage } from './chart-package';
import { DEFAULT_CONFIG } from './config';
import { TodoChatbotChart } from './todo-chatbot-chart';

export const DIAGRAM_BEGIN = '<!-- architecture:begin -->';
export const DIAGRAM_END = '<!-- architecture:end -->';

/** The fenced Mermaid block, exactly as the packager writes it into the chart's README. */
export function generatedDiagram(root: string): string {
  const pkg: ProjectPackage = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
  // The chart's files do not depend on the configuration, so the defaults do.
  const chart = new TodoChatbotChart(new App(), 'todo-chatbot', { config: DEFAULT_CONFIG, version: pkg.version, namespaceObject: false, generate: () => 'generated' });
  const readme = chartFiles(chart, pkg).get('README.md') ?? '';
  const match = /^## Architecture\n[\s\S]*?^(```mermaid\n[\s\S]*?^```)$/m.exec(readme);
  if (!match) throw new Error('the chart README has no "## Architecture" section with a mermaid block');
  return `${match[1]}\n`;
}

function markers(readme: string): { start: number; end: number } {
  const begin = readme.indexOf(`${DIAGRAM_BEGIN}\n`);
  const end = readme.indexOf(DIAGRAM_END, begin);
  if (begin < 0 || end < 0) throw new Error(`README.md must hold the lines ${DIAGRAM_BEGIN} and ${DIAGRAM_END}, in that order`);
  return { start: begin + DIAGRAM_BEGIN.length + 1, end };
}

/** The text between the markers. */
export function diagramIn(readme: string): string {
  const { start, end } = markers(readme);
  return readme.slice(start, end);
}

/** The README with the text between the markers replaced by `block`. */
export function withDiagram(readme: string, block: string): string {
  const { start, end } = markers(readme);
  return `${readme.slice(0, start)}${block}${readme.slice(end)}`;
}
