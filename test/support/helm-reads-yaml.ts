/**
 * How Helm reads YAML, for many texts in one helm process: a throw-away chart
 * holds each text as a file and renders it through `fromYaml | toJson`, which
 * parses with the same go-yaml and JSON conversion as values files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { HelmMajor, parseManifests, runHelm } from './helm';
import { tempDir } from './tmp';

/** The value Helm reads from one text, or the error it gives. */
export type HelmReading = { readonly value: unknown } | { readonly error: string };

const TEMPLATE = `{{- range $path, $_ := .Files.Glob "samples/*.yaml" }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ base $path | trimSuffix ".yaml" | quote }}
data:
  json: {{ $.Files.Get $path | fromYaml | toJson | quote }}
{{- end }}
`;

/** Helm's reading of each text, in order. A text must not have a top-level key "Error" (fromYaml reports errors there). */
export async function helmReadsYaml(major: HelmMajor, texts: readonly string[]): Promise<HelmReading[]> {
  const chart = tempDir('yaml-probe');
  fs.mkdirSync(path.join(chart, 'templates'));
  fs.mkdirSync(path.join(chart, 'samples'));
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: yaml-probe\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(chart, 'templates', 'samples.yaml'), TEMPLATE);
  const name = (i: number) => `s${String(i).padStart(6, '0')}`;
  texts.forEach((t, i) => fs.writeFileSync(path.join(chart, 'samples', `${name(i)}.yaml`), t));
  const r = await runHelm(major, ['template', 'probe', chart]);
  fs.rmSync(chart, { recursive: true, force: true });
  if (r.code !== 0) throw new Error(`helm ${major} could not render the YAML probe: ${r.stderr}`);
  const byName = new Map(parseManifests(r.stdout).map((o) => [o.metadata.name, JSON.parse(o.data.json)]));
  return texts.map((_, i) => {
    const read = byName.get(name(i)) as Record<string, unknown> | undefined;
    if (read === undefined) throw new Error(`helm ${major} rendered no reading for sample ${i}`);
    return typeof read.Error === 'string' ? { error: read.Error } : { value: read };
  });
}
