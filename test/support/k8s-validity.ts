/**
 * What the API server's validation refuses (or what cannot work once
 * applied) that neither the OpenAPI schema nor Pod Security catches, for the
 * kinds this project renders. Mirrors k8s.io/apimachinery/pkg/util/validation
 * and pkg/apis/{core,apps,networking,policy}/validation; the rules here are an
 * independent statement of Kubernetes' limits, not the chart's own rules.
 */
import { isIPv4 } from 'net';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf-8');

function dnsSubdomain(s: string): boolean {
  return utf8(s) <= 253 && DNS_SUBDOMAIN.test(s);
}

/** IsQualifiedName: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
export function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2 && (!parts[0] || !dnsSubdomain(parts[0]))) return false;
  return utf8(name) <= 63 && QUALIFIED_NAME.test(name);
}

function metadataProblems(o: any, at: string): string[] {
  const p: string[] = [];
  const name: string = o.metadata?.name ?? '';
  const nameOk = o.kind === 'Service' ? utf8(name) <= 63 && DNS_1035_LABEL.test(name) : o.kind === 'Namespace' ? utf8(name) <= 63 && DNS_LABEL.test(name) : dnsSubdomain(name);
  if (!nameOk) p.push(`${at}: metadata.name is not a valid ${o.kind} name`);
  const ns = o.metadata?.namespace;
  if (ns !== undefined && !(utf8(ns) <= 63 && DNS_LABEL.test(ns))) p.push(`${at}: metadata.namespace is not a DNS label`);
  for (const [k, v] of Object.entries<string>(o.metadata?.labels ?? {})) {
    if (!isQualifiedName(k)) p.push(`${at}: label key ${JSON.stringify(k)} is not a qualified name`);
    if (utf8(String(v)) > 63 || !LABEL_VALUE.test(String(v))) p.push(`${at}: label ${k} has an invalid value`);
  }
  const annotations = Object.entries<string>(o.metadata?.annotations ?? {});
  // ValidateAnnotations lower-cases each key before IsQualifiedName.
  for (const [k] of annotations) if (!isQualifiedName(k.toLowerCase())) p.push(`${at}: annotation key ${JSON.stringify(k)} is not a qualified name`);
  const size = annotations.reduce((n, [k, v]) => n + utf8(k) + utf8(String(v)), 0);
  if (size > 256 * 1024) p.push(`${at}: annotations are ${size} bytes, over 256 KiB`);
  return p;
}

function podProblems(spec: any, at: string, claimTemplates: string[]): string[] {
  const p: string[] = [];
  const own: string[] = (spec.volumes ?? []).map((v: any) => v.name);
  const volumes = new Set<string>([...own, ...claimTemplates]);
  if (volumes.size !== own.length + claimTemplates.length) p.push(`${at}: duplicate volume names`);
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const names = (c.env ?? []).map((e: any) => e.name as string);
    for (const n of names) if (!ENV_NAME.test(n)) p.push(`${at}: container ${c.name} env name ${JSON.stringify(n)} is invalid`);
    const dup = names.filter((n: string, i: number) => names.indexOf(n) !== i);
    // The API server only warns; the later entry silently wins, so a setting is lost.
    if (dup.length) p.push(`${at}: container ${c.name} sets ${[...new Set(dup)].join(', ')} more than once`);
    const mounts: string[] = (c.volumeMounts ?? []).map((m: any) => m.mountPath);
    for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) p.push(`${at}: container ${c.name} mounts unknown volume ${m.name}`);
    for (const [i, a] of mounts.entries()) {
      if (a === '/' || !a.startsWith('/')) p.push(`${at}: container ${c.name} mounts a volume on ${a}`);
      for (const b of mounts.slice(i + 1)) {
        if (a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`)) p.push(`${at}: container ${c.name} mounts ${a} and ${b}, one inside the other`);
      }
    }
  }
  return p;
}

/** Problems of a list of objects rendered together, one line each; [] when the API server would take them all. */
export function validityProblems(objects: any[]): string[] {
  const p: string[] = [];
  const nodePorts = new Map<number, string>();
  for (const o of objects) {
    const at = `${o.kind}/${o.metadata?.name}`;
    p.push(...metadataProblems(o, at));
    const pod = o.kind === 'Pod' ? o.spec : o.spec?.template?.spec;
    if (pod) p.push(...podProblems(pod, at, (o.spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.name)));
    if (o.kind === 'StatefulSet') {
      // The controller-revision-hash label is "<name>-<hash of up to 10 characters>", a label value.
      if (utf8(o.metadata.name) > 63 - 11) p.push(`${at}: name too long for the revision label of its pods`);
    }
    if (o.kind === 'Secret' || o.kind === 'ConfigMap') {
      for (const k of [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})]) {
        if (utf8(k) > 253 || !CONFIG_KEY.test(k) || k === '.' || k === '..' || k.startsWith('..')) p.push(`${at}: data key ${JSON.stringify(k)} is invalid`);
      }
    }
    if (o.kind === 'PersistentVolumeClaim' && o.spec?.storageClassName !== undefined && !dnsSubdomain(o.spec.storageClassName)) p.push(`${at}: storageClassName is not a DNS subdomain`);
    if (o.kind === 'StatefulSet') {
      for (const t of o.spec?.volumeClaimTemplates ?? []) if (t.spec?.storageClassName !== undefined && !dnsSubdomain(t.spec.storageClassName)) p.push(`${at}: storageClassName is not a DNS subdomain`);
    }
    if (o.kind === 'Service') {
      for (const port of o.spec?.ports ?? []) {
        if (port.nodePort === undefined) continue;
        const other = nodePorts.get(port.nodePort);
        if (other) p.push(`${at}: nodePort ${port.nodePort} is already used by ${other}`);
        nodePorts.set(port.nodePort, at);
      }
    }
    if (o.kind === 'Ingress') {
      for (const r of o.spec?.rules ?? []) {
        if (r.host !== undefined && (isIPv4(r.host) || !dnsSubdomain(r.host))) p.push(`${at}: host ${JSON.stringify(r.host)} is not a DNS name`);
      }
    }
    if (o.kind === 'NetworkPolicy') {
      const selectors = [...(o.spec?.ingress ?? []), ...(o.spec?.egress ?? [])].flatMap((r: any) => [...(r.from ?? []), ...(r.to ?? [])]);
      for (const s of selectors) {
        for (const v of Object.values<string>(s.namespaceSelector?.matchLabels ?? {})) if (utf8(v) > 63 || !LABEL_VALUE.test(v)) p.push(`${at}: namespaceSelector value ${JSON.stringify(v)} is invalid`);
      }
    }
    if (o.kind === 'PodDisruptionBudget' && typeof o.spec?.minAvailable === 'number') {
      // Not refused by the API server, but no node drain can evict a pod while it holds.
      const selected = objects.find((w) => (w.kind === 'Deployment' || w.kind === 'StatefulSet') && matchesSelector(w.spec?.template?.metadata?.labels, o.spec.selector?.matchLabels));
      const hpa = selected && objects.find((h) => h.kind === 'HorizontalPodAutoscaler' && h.spec?.scaleTargetRef?.name === selected.metadata.name);
      const replicas = hpa ? hpa.spec.minReplicas ?? 1 : selected?.spec?.replicas ?? 1;
      if (selected && replicas > 0 && o.spec.minAvailable > 0 && o.spec.minAvailable >= replicas) p.push(`${at}: minAvailable ${o.spec.minAvailable} is not below the ${replicas} replicas of ${selected.metadata.name}`);
    }
    if (o.kind === 'HorizontalPodAutoscaler' && (o.spec?.minReplicas ?? 1) > o.spec?.maxReplicas) p.push(`${at}: minReplicas above maxReplicas`);
  }
  return p;
}

function matchesSelector(labels: Record<string, string> | undefined, selector: Record<string, string> | undefined): boolean {
  if (!labels || !selector) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
