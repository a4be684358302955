// Cross-object consistency of the objects of one namespace: everything an object
// refers to by name (Secrets, ConfigMaps, claims, volumes, Services, ports, workloads)
// must exist, so the set applies and runs without a dangling reference.
import { podSpecOf } from './pod-security';

export interface ReferenceOptions {
  /** Secrets created outside these objects (by an operator, a sealed secret, by hand). */
  externalSecrets?: string[];
  /** ConfigMaps created outside these objects. */
  externalConfigMaps?: string[];
}

type Labels = Record<string, string>;

function who(obj: any): string {
  return `${obj?.kind}/${obj?.metadata?.name ?? '<unnamed>'}`;
}

function podLabelsOf(obj: any): Labels {
  const meta = obj.kind === 'Pod'
    ? obj.metadata
    : obj.kind === 'CronJob'
      ? obj.spec?.jobTemplate?.spec?.template?.metadata
      : obj.spec?.template?.metadata;
  return meta?.labels ?? {};
}

function mapMatches(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

// metav1.LabelSelector; an empty selector matches everything, as in the API.
function selectorMatches(selector: any, labels: Labels): boolean {
  if (!mapMatches(selector?.matchLabels ?? {}, labels)) return false;
  return (selector?.matchExpressions ?? []).every((e: any) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn': return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

function showSelector(selector: Labels): string {
  return `{${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',')}}`;
}

function allContainers(spec: any): Array<{ where: string; c: any }> {
  const out: Array<{ where: string; c: any }> = [];
  for (const [field, kind] of [['containers', 'container'], ['initContainers', 'initContainer'], ['ephemeralContainers', 'ephemeralContainer']]) {
    for (const c of spec?.[field] ?? []) out.push({ where: `${kind} "${c?.name}"`, c });
  }
  return out;
}

export function referenceErrors(objs: any[], opts: ReferenceOptions = {}): string[] {
  const errors: string[] = [];
  const byKind = new Map<string, Map<string, any>>();
  for (const o of objs) {
    if (!o?.kind || !o?.metadata?.name) continue;
    if (!byKind.has(o.kind)) byKind.set(o.kind, new Map());
    byKind.get(o.kind)!.set(o.metadata.name, o);
  }
  const find = (kind: string, name: string) => byKind.get(kind)?.get(name);
  const ofKind = (kind: string) => [...(byKind.get(kind)?.values() ?? [])];
  const externalSecrets = new Set(opts.externalSecrets ?? []);
  const externalConfigMaps = new Set(opts.externalConfigMaps ?? []);
  const workloads = objs.filter((o) => podSpecOf(o) !== undefined);

  const secretKeys = (s: any) => new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]);

  // Checks that a Secret exists and, when it is one of ours, that it holds the keys asked for.
  const needSecret = (from: any, name: string, context: string, keys: string[] = []) => {
    const secret = find('Secret', name);
    if (!secret) {
      if (!externalSecrets.has(name)) errors.push(`${who(from)}: Secret "${name}" not found (${context})`);
      return;
    }
    const have = secretKeys(secret);
    for (const key of keys) {
      if (!have.has(key)) errors.push(`${who(from)}: Secret "${name}" has no key "${key}" (${context})`);
    }
  };
  // keysIn: which fields of the ConfigMap the reference can read from.
  const needConfigMap = (from: any, name: string, context: string, keys: string[] = [], keysIn = ['data']) => {
    const cm = find('ConfigMap', name);
    if (!cm) {
      if (!externalConfigMaps.has(name)) errors.push(`${who(from)}: ConfigMap "${name}" not found (${context})`);
      return;
    }
    const have = new Set(keysIn.flatMap((f) => Object.keys(cm[f] ?? {})));
    for (const key of keys) {
      if (!have.has(key)) errors.push(`${who(from)}: ConfigMap "${name}" has no key "${key}" (${context})`);
    }
  };
  const itemKeys = (items: any) => (Array.isArray(items) ? items.map((i: any) => i?.key) : []);

  // --- workloads ---
  for (const w of workloads) {
    const spec = podSpecOf(w);
    const claimTemplates = new Set<string>(
      w.kind === 'StatefulSet' ? (w.spec?.volumeClaimTemplates ?? []).map((t: any) => t?.metadata?.name) : [],
    );
    const sa = spec.serviceAccountName ?? spec.serviceAccount;
    // The "default" ServiceAccount is created in every namespace by the control plane.
    if (sa && sa !== 'default' && !find('ServiceAccount', sa)) {
      errors.push(`${who(w)}: ServiceAccount "${sa}" not found (serviceAccountName)`);
    }
    for (const ps of spec.imagePullSecrets ?? []) needSecret(w, ps?.name, 'imagePullSecrets');

    const volumeNames = new Set<string>();
    for (const v of spec.volumes ?? []) {
      volumeNames.add(v?.name);
      const ctx = `volume "${v?.name}"`;
      if (v?.secret && !v.secret.optional) needSecret(w, v.secret.secretName, ctx, itemKeys(v.secret.items));
      if (v?.configMap && !v.configMap.optional) {
        needConfigMap(w, v.configMap.name, ctx, itemKeys(v.configMap.items), ['data', 'binaryData']);
      }
      for (const src of v?.projected?.sources ?? []) {
        if (src?.secret && !src.secret.optional) needSecret(w, src.secret.name, ctx, itemKeys(src.secret.items));
        if (src?.configMap && !src.configMap.optional) {
          needConfigMap(w, src.configMap.name, ctx, itemKeys(src.configMap.items), ['data', 'binaryData']);
        }
      }
      const claim = v?.persistentVolumeClaim?.claimName;
      if (claim !== undefined && !find('PersistentVolumeClaim', claim)) {
        errors.push(`${who(w)}: PersistentVolumeClaim "${claim}" not found (${ctx})`);
      }
    }

    for (const { where, c } of allContainers(spec)) {
      for (const e of c?.env ?? []) {
        const ctx = `env ${e?.name} of ${where}`;
        const sk = e?.valueFrom?.secretKeyRef;
        if (sk && !sk.optional) needSecret(w, sk.name, ctx, [sk.key]);
        const ck = e?.valueFrom?.configMapKeyRef;
        if (ck && !ck.optional) needConfigMap(w, ck.name, ctx, [ck.key]);
      }
      for (const ef of c?.envFrom ?? []) {
        if (ef?.secretRef && !ef.secretRef.optional) needSecret(w, ef.secretRef.name, `envFrom of ${where}`);
        if (ef?.configMapRef && !ef.configMapRef.optional) {
          needConfigMap(w, ef.configMapRef.name, `envFrom of ${where}`);
        }
      }
      for (const [field, what] of [['volumeMounts', 'volumeMount'], ['volumeDevices', 'volumeDevice']]) {
        for (const m of c?.[field] ?? []) {
          if (!volumeNames.has(m?.name) && !claimTemplates.has(m?.name)) {
            errors.push(`${who(w)}: volume "${m?.name}" not found (${what} of ${where})`);
          }
        }
      }
    }

    if (w.kind === 'StatefulSet' && w.spec?.serviceName) {
      const svc = find('Service', w.spec.serviceName);
      if (!svc) {
        errors.push(`${who(w)}: Service "${w.spec.serviceName}" not found (serviceName)`);
      } else if (svc.spec?.clusterIP !== 'None') {
        errors.push(`${who(w)}: Service "${w.spec.serviceName}" is not headless (serviceName needs clusterIP: None)`);
      }
    }
  }

  for (const sa of ofKind('ServiceAccount')) {
    for (const ps of sa.imagePullSecrets ?? []) needSecret(sa, ps?.name, 'imagePullSecrets');
  }

  // --- Services ---
  for (const svc of ofKind('Service')) {
    const selector: Labels = svc.spec?.selector ?? {};
    if (svc.spec?.type === 'ExternalName' || Object.keys(selector).length === 0) continue;
    const selected = workloads.filter((w) => mapMatches(selector, podLabelsOf(w)));
    if (selected.length === 0) {
      errors.push(`${who(svc)}: selector ${showSelector(selector)} matches no workload's pod labels`);
      continue;
    }
    for (const port of svc.spec?.ports ?? []) {
      const target = port?.targetPort ?? port?.port;
      const found = selected.some((w) =>
        allContainers(podSpecOf(w)).some(({ c }) =>
          (c?.ports ?? []).some((cp: any) =>
            typeof target === 'string' ? cp?.name === target : cp?.containerPort === target)));
      if (!found) {
        const portName = port?.name ?? port?.port;
        errors.push(
          `${who(svc)}: port ${JSON.stringify(portName)} targetPort ${JSON.stringify(target)} matches no container port of ${selected.map(who).join(', ')}`,
        );
      }
    }
  }

  // --- Ingresses ---
  for (const ing of ofKind('Ingress')) {
    for (const tls of ing.spec?.tls ?? []) {
      if (tls?.secretName) needSecret(ing, tls.secretName, 'tls');
    }
    const backends: any[] = [];
    if (ing.spec?.defaultBackend) backends.push(ing.spec.defaultBackend);
    for (const rule of ing.spec?.rules ?? []) {
      for (const p of rule?.http?.paths ?? []) backends.push(p?.backend);
    }
    for (const b of backends) {
      const ref = b?.service;
      if (!ref) continue; // resource backends refer to other APIs
      const svc = find('Service', ref.name);
      if (!svc) {
        errors.push(`${who(ing)}: backend Service "${ref.name}" not found`);
        continue;
      }
      const ports: any[] = svc.spec?.ports ?? [];
      if (ref.port?.name !== undefined && !ports.some((p) => p?.name === ref.port.name)) {
        errors.push(`${who(ing)}: backend Service "${ref.name}" has no port named "${ref.port.name}"`);
      }
      if (ref.port?.number !== undefined && !ports.some((p) => p?.port === ref.port.number)) {
        errors.push(`${who(ing)}: backend Service "${ref.name}" has no port ${ref.port.number}`);
      }
    }
  }

  // --- autoscalers and disruption budgets ---
  for (const hpa of ofKind('HorizontalPodAutoscaler')) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const target = find(ref.kind, ref.name);
    if (!target || (ref.apiVersion && target.apiVersion !== ref.apiVersion)) {
      const api = ref.apiVersion ? ` (${ref.apiVersion})` : '';
      errors.push(`${who(hpa)}: scaleTargetRef ${ref.kind}/${ref.name}${api} not found`);
    }
  }
  for (const pdb of ofKind('PodDisruptionBudget')) {
    // In policy/v1 a missing selector selects no pods (an empty one selects all).
    const selector = pdb.spec?.selector;
    if (!selector || !workloads.some((w) => selectorMatches(selector, podLabelsOf(w)))) {
      errors.push(`${who(pdb)}: selector ${JSON.stringify(selector ?? {})} matches no workload's pod labels`);
    }
  }
  return errors;
}
