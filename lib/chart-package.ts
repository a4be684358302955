/**
 * What the generic packager needs to know about this app: chart metadata,
 * the values schema and defaults (from the config schema), the profiles as
 * values files, and NOTES.txt.
 */
import { z } from 'zod';
import { MIN_KUBE_VERSION } from './config/kube-version';
import { chartDefaults, configSchema, configWarnings, PROFILES, valueRefs } from './config';
import { APP_NAME } from './constructs/naming';
import { ChartMetadata, PackageOptions, packageChart } from './helm/package-chart';
import { JsonSchemaNode } from './helm/values-yaml';
import { RenderContext } from './template/expr';
import { conditionText } from './template/yaml-template';
import { wrapWords } from './template/layout';
import { TodoChatbotChart } from './todo-chatbot-chart';

/**
 * A map whose keys follow a pattern, as patternProperties: Helm 4's validator
 * reports a bad property name without saying where it is, while a key outside
 * patternProperties is reported at the map.
 */
function keyPatternAsPatternProperties(node: Record<string, unknown>): void {
  const names = node.propertyNames as Record<string, unknown> | undefined;
  if (!names) return;
  const { type, pattern, ...rest } = names;
  if (pattern === undefined && type === 'string' && !Object.keys(rest).length) return;
  if (type !== 'string' || typeof pattern !== 'string' || Object.keys(rest).length) {
    throw new Error(`map keys need a single pattern and nothing else to become patternProperties (got ${JSON.stringify(names)})`);
  }
  node.patternProperties = { [pattern]: node.additionalProperties ?? {} };
  node.additionalProperties = false;
  delete node.propertyNames;
}

/** values.schema.json: the config schema as JSON Schema draft-07, closed to unknown keys. */
export function valuesJsonSchema(): JsonSchemaNode {
  return z.toJSONSchema(configSchema, {
    target: 'draft-7',
    io: 'output',
    unrepresentable: 'throw',
    override: (ctx) => keyPatternAsPatternProperties(ctx.jsonSchema as Record<string, unknown>),
  }) as JsonSchemaNode;
}

/** The fields of the project's package.json that the chart's metadata comes from. */
export interface ProjectPackage {
  readonly version: string;
  /** This project's home page. */
  readonly homepage?: string;
  /** This project's repository. */
  readonly repository?: string | { readonly url: string };
  /** Where the app itself (FastAPI backend, Next.js frontend) is developed. */
  readonly todoChatbot?: { readonly appRepository?: string };
}

/** A repository address as a browsable URL (package.json allows `git+https://...git`). */
function repositoryUrl(repository: ProjectPackage['repository']): string | undefined {
  const url = typeof repository === 'string' ? repository : repository?.url;
  return url?.replace(/^git\+/, '').replace(/\.git$/, '');
}

export function chartMetadata(pkg: ProjectPackage): ChartMetadata {
  const sources = [pkg.todoChatbot?.appRepository, repositoryUrl(pkg.repository)].filter((u): u is string => !!u);
  return {
    name: APP_NAME,
    version: pkg.version,
    appVersion: pkg.version,
    description:
      'Todo AI Chatbot (Next.js frontend, FastAPI backend, SQLite or PostgreSQL, Groq or OpenAI) with secure defaults. ' +
      'Deploys the app images built from its own repository; the app source is not part of this chart.',
    kubeVersion: `>=${MIN_KUBE_VERSION}-0`,
    keywords: ['todo', 'chatbot', 'ai', 'llm', 'nextjs', 'fastapi', 'cdk8s'],
    ...(pkg.homepage ? { home: pkg.homepage } : {}),
    sources,
    maintainers: [{ name: 'todo-chatbot-k8s maintainers' }],
  };
}

/** Host names that only resolve where someone maps them (RFC 6761 and 2606 names, mDNS, home networks). */
const LOCAL_HOST = '(^|\\.)(localhost|local|test|internal|example|invalid|lan|home\\.arpa)$';

function notes(ctx: RenderContext): string {
  // The same warnings synth and deploy print, from the same expressions.
  const warnings = configWarnings(valueRefs(configSchema))
    .map((w) => `{{- if ${conditionText(w.applies, ctx)} }}\n\n${wrapWords(`WARNING: ${w.message}`, 120)}\n{{- end }}`)
    .join('\n');
  const fullname = `{{ include "${APP_NAME}.fullname" . }}`;
  return `Todo AI Chatbot {{ .Chart.AppVersion }} is installed as release "{{ .Release.Name }}" in namespace "{{ .Release.Namespace }}".

Watch the pods start:
  kubectl get pods -n {{ .Release.Namespace }} -l app.kubernetes.io/instance={{ .Release.Name }} -w

{{- if .Values.ingress.enabled }}

Open the app: {{ if .Values.ingress.tls.enabled }}https{{ else }}http{{ end }}://{{ .Values.ingress.host }}
  {{- if .Values.ingress.className }}
  The ingress class "{{ .Values.ingress.className }}" must be served by an ingress controller.
  {{- end }}
{{- if regexMatch ${JSON.stringify(LOCAL_HOST)} .Values.ingress.host }}
  {{ .Values.ingress.host }} is a local name: map it to the cluster on this machine.
    minikube: echo "$(minikube ip) {{ .Values.ingress.host }}" | sudo tee -a /etc/hosts   (or run "minikube tunnel" and use 127.0.0.1)
    kind:     echo "127.0.0.1 {{ .Values.ingress.host }}" | sudo tee -a /etc/hosts
{{- else }}
  Point the DNS name {{ .Values.ingress.host }} at the ingress controller's address:
    kubectl get ingress ${fullname}-ingress -n {{ .Release.Namespace }} -o jsonpath='{.status.loadBalancer.ingress[0]}'
  {{- if .Values.ingress.tls.enabled }}
  HTTPS uses the certificate in the Secret {{ .Values.ingress.tls.secretName | default (printf "%s-tls" (include "${APP_NAME}.fullname" .)) }}
  (made by cert-manager when the ingress is annotated for it).
  {{- else }}
  The app is served over plain HTTP: set ingress.tls.enabled=true before users sign in from other networks.
  {{- end }}
{{- end }}
{{- else if .Values.httpRoute.enabled }}

Open the app: {{ .Values.publicUrl }}
  The HTTPRoute ${fullname}-route attaches to
  {{- range $i, $p := .Values.httpRoute.parentRefs }}{{ if $i }},{{ end }} {{ $p.namespace | default $.Release.Namespace }}/{{ $p.name }}{{ end }};
  check that it was accepted:
    kubectl get httproute ${fullname}-route -n {{ .Release.Namespace }} -o jsonpath='{.status.parents[*].conditions}'
{{- else if eq .Values.frontend.service.type "NodePort" }}

Open the app on a node port:
  export NODE_PORT=$(kubectl get svc ${fullname}-frontend -n {{ .Release.Namespace }} -o jsonpath='{.spec.ports[0].nodePort}')
  export NODE_IP=$(kubectl get nodes -o jsonpath='{.items[0].status.addresses[0].address}')
  echo "http://$NODE_IP:$NODE_PORT"
{{- else }}

Open the app through a port-forward:
  kubectl port-forward -n {{ .Release.Namespace }} svc/${fullname}-frontend {{ .Values.frontend.service.port }}
  then browse to http://localhost:{{ .Values.frontend.service.port }}
{{- end }}

Check the release: helm test {{ .Release.Name }} -n {{ .Release.Namespace }}
{{- if and (eq .Values.ai.provider "mock") (not .Values.ai.baseUrl) }}

LLM: the in-cluster mock ${fullname}-mock-llm (OpenAI-compatible, no key, no internet) answers the chatbot.
{{- end }}
${warnings}
{{- if or .Values.secrets.existingSecret (not .Values.secrets.create) }}

The app reads the Secret "{{ default (printf "%s-secrets" (include "${APP_NAME}.fullname" .)) .Values.secrets.existingSecret }}"; it must exist with the keys
{{ .Values.secrets.keys.authSecret }}, {{ .Values.secrets.keys.databaseUrl }} (postgres/external),
{{ .Values.secrets.keys.openaiApiKey }} or {{ .Values.secrets.keys.groqApiKey }}, {{ .Values.secrets.keys.postgresPassword }} (postgres).
{{- end }}
{{- if eq .Values.database.mode "sqlite" }}
{{- if .Values.database.sqlite.existingClaim }}

Data: SQLite on your PVC {{ .Values.database.sqlite.existingClaim }}.
{{- else }}

Data: SQLite on the PVC ${fullname}-sqlite. "helm uninstall" keeps it, and the app Secret with it.
{{- end }}
{{- else if eq .Values.database.mode "postgres" }}

Data: PostgreSQL on the PVC data-${fullname}-postgres-0. "helm uninstall" keeps it, and the Secret with its password, so a
reinstall under the same release name and namespace finds both.
{{- end }}
{{- if and .Values.secrets.create (not .Values.secrets.existingSecret) }}
{{- if and (not .Values.secrets.authSecret) (not .Values.secrets.authSecretFrom.name) }}

The auth secret was generated and is kept in the Secret ${fullname}-secrets across upgrades. Renders with no cluster
(Argo CD, Flux, helm template) cannot read it back and would replace it on every sync, logging users out: there, set
secrets.authSecretFrom.name to a Secret you manage (or secrets.existingSecret).
{{- end }}
{{- if and (eq .Values.database.mode "postgres") (not .Values.secrets.postgresPassword) }}

The PostgreSQL password was generated and is kept in the Secret ${fullname}-secrets. Renders with no cluster cannot read it
back, and a new one would lock the app out of the existing data: there, set secrets.postgresPassword or secrets.existingSecret.
{{- end }}
{{- end }}
`;
}

/** The README's values table by section, as Bitnami charts group theirs. */
const VALUES_SECTIONS = [
  { title: 'Global parameters', keys: ['global', 'nameOverride', 'fullnameOverride', 'imagePullSecrets', 'commonLabels', 'commonAnnotations', 'publicUrl'] },
  { title: 'Frontend parameters', keys: ['frontend'] },
  { title: 'Backend parameters', keys: ['backend'] },
  { title: 'Database parameters', keys: ['database'] },
  { title: 'Secrets parameters', keys: ['secrets'] },
  { title: 'AI parameters', keys: ['ai'] },
  { title: 'Ingress and Gateway API parameters', keys: ['ingress', 'httpRoute'] },
  { title: 'Networking parameters', keys: ['networkPolicy'] },
  { title: 'Keys that have moved (refused, with where they went)', keys: ['podDisruptionBudget'] },
];

const README_INTRO = `# todo-chatbot Helm chart

Deploys the Todo AI Chatbot: a Next.js frontend, a FastAPI backend, SQLite on a
PersistentVolumeClaim (default), an in-cluster PostgreSQL, or an external database,
with an Ingress or a Gateway API HTTPRoute (\`/\` to the frontend, \`/api\` to the backend),
NetworkPolicies and Pod Security "restricted" pods. Platform teams set scheduling, extra
labels, annotations, variables, volumes and containers, service accounts, probes, digests and a
registry mirror through values, each checked before anything is applied (see \`values.schema.json\`
and the table below).

The chart deploys the app's two images, \`todo-frontend\` and \`todo-backend\`; it does not
contain the app. Build them from the app's own repository with \`npx todo-chatbot images build\`
(see the project README), or set \`frontend.image\` and \`backend.image\` to images in your
registry. Without images the pods wait in \`ImagePullBackOff\`.

This chart is generated from the project's cdk8s constructs by \`npx cdk8s synth\`
and is proven equal to the plain manifests by the project's tests. Do not edit it by hand.

\`\`\`sh
helm install todo-chatbot ./helm/todo-chatbot -n todo-chatbot --create-namespace
helm install todo-chatbot ./helm/todo-chatbot -n todo-chatbot --create-namespace -f ./helm/todo-chatbot/values-kind.yaml
helm install todo-chatbot ./helm/todo-chatbot -n todo-chatbot --create-namespace \\
  -f ./helm/todo-chatbot/values-production.yaml --set ingress.host=todo.example.com
helm test todo-chatbot -n todo-chatbot
\`\`\`

Secrets: pass API keys with \`--set secrets.groqApiKey=...\`, or point \`secrets.existingSecret\`
at a Secret you manage (keys under \`secrets.keys\`). An empty \`secrets.authSecret\` or
\`secrets.postgresPassword\` is generated on install and kept across upgrades (\`lookup\`); the Secret
outlives \`helm uninstall\` while a data volume does, so a reinstall finds both again. Renders with
no cluster (Argo CD, Flux, \`helm template\`) cannot read generated values back: there, take the auth
secret from a Secret you manage with \`secrets.authSecretFrom.name\`, or use \`secrets.existingSecret\`.

Day two: pods roll when a setting they read changes (\`checksum/config\`, \`checksum/secret\`);
stopping pods keep serving for \`shutdownDelaySeconds\` (a preStop sleep action from Kubernetes 1.30,
a sleep run by the image before that); \`nameOverride\` and the PostgreSQL volume size and class
cannot change on an installed release.`;

/** The chart files for a chart instance (its objects' descriptions do not depend on the values). */
export function chartFiles(chart: TodoChatbotChart, pkg: ProjectPackage): Map<string, string> {
  const defaults = chartDefaults() as Record<string, unknown>;
  const options: PackageOptions = {
    metadata: chartMetadata(pkg),
    valuesSchema: valuesJsonSchema(),
    defaults,
    valuesFiles: {
      'values-kind.yaml': { values: PROFILES.kind, header: 'Profile for kind clusters: helm install ... -f values-kind.yaml' },
      'values-production.yaml': {
        values: PROFILES.production,
        header: [
          'Profile for a production cluster: external database through an existing Secret, autoscaling, PDBs,',
          'replicas spread across nodes, TLS. Set ingress.host, the image repositories and tags, and create the Secret first.',
          'Pin images by digest and pull them through your registry, in your own values file:',
          '  global:',
          '    imageRegistry: registry.example.com/mirror',
          '  frontend:',
          '    image: { repository: todo/todo-frontend, tag: "0.1.0", digest: "sha256:<64 hex digits>" }',
          'A fuller example for platform teams: examples/platform-values.yaml in the project repository.',
        ].join('\n'),
      },
    },
    notes,
    readmeIntro: README_INTRO,
    valuesSections: VALUES_SECTIONS,
    architecture: {
      intro: 'Every object the chart can create, grouped by the construct that makes it (frontend, backend, secrets, database, ...). Arrows are the references in the manifests: Ingress paths, Service selectors, env and volume sources, autoscaling targets, and the pods each NetworkPolicy selects or lets through (dotted).',
    },
  };
  return packageChart(chart, options);
}
