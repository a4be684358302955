/**
 * Rules across fields that a JSON schema cannot express. Each is an
 * expression, so synth checks it in TypeScript and the chart checks the same
 * expression with `fail`, with the same message.
 */
import {
  allDistinct, and, byteLength, lt, multiply, percentOf, subtract, dirname, eq, Expr, ge, gt, hasKey, hasPrefix, isSet, isString, joinedKeys, labelled, mapByteSize, matches, ne, not, oneOf, or, release, str, ternary, ValueRef, withDefault,
} from '../template/expr';
import { COMPARED_QUANTITY_MAX, quantityLess, quantityOutOfRange } from '../template/quantity';
import { ANNOTATION_PREFIX_TOO_LONG, DNS_1035_LABEL, DNS_LABEL, DNS_SUBDOMAIN } from './fields';
import { Refs } from './refs';
import { Config, ENV_VARIABLES } from './schema';
import type { PodValues } from '../constructs/pod-options';
import { allDistinctIn, allIn, itemField, listHas, listOf, mapKeys, someMatch } from '../template/lists';
import { aiEndpoint } from './ai-endpoint';
import { CHART_CONTAINERS, CHART_LABELS, CHART_MOUNT_PATHS, CHART_POD_ANNOTATIONS, CHART_VOLUMES, POSTGRES_ENV_NAMES, WorkloadKey } from './chart-keys';

export interface Rule {
  /** The key the message is about. */
  readonly path: string;
  /** True when the configuration breaks the rule. */
  readonly violated: Expr<boolean>;
  /** What is allowed and how to fix it. */
  readonly message: string;
}

interface Scaled {
  readonly autoscaling: Refs<Config['frontend']['autoscaling']>;
  readonly service: Refs<Config['frontend']['service']>;
}

/** 1Ti, the largest compared quantity, as a reader writes it. */
const COMPARED_MAX_TEXT = `${COMPARED_QUANTITY_MAX / 2 ** 40}Ti`;

function componentRules(name: string, c: { readonly resources: Refs<Config['frontend']['resources']> }, scaled?: Scaled): Rule[] {
  const rules: Rule[] = [];
  for (const res of ['cpu', 'memory'] as const) {
    // Exact comparison on both sides needs bounded quantities; the bounds come first, so the comparison only sees those.
    for (const kind of ['requests', 'limits'] as const) {
      rules.push({
        path: `${name}.resources.${kind}.${res}`,
        violated: quantityOutOfRange(c.resources[kind][res]),
        message: `must be at most ${COMPARED_MAX_TEXT} and a whole number of thousandths (e.g. 100m, 0.5, 2 or 512Mi; not 0.5m)`,
      });
    }
    rules.push({
      path: `${name}.resources.limits.${res}`,
      violated: quantityLess(c.resources.limits[res], c.resources.requests[res]),
      message: `must be at least ${name}.resources.requests.${res} (a limit below its request is rejected by Kubernetes)`,
    });
  }
  if (scaled) {
    const s = scaled;
    rules.push({
      path: `${name}.autoscaling.minReplicas`,
      violated: gt(s.autoscaling.minReplicas, s.autoscaling.maxReplicas),
      message: `must not exceed ${name}.autoscaling.maxReplicas`,
    });
    rules.push(
      {
        path: `${name}.service.nodePort`,
        violated: and(eq(s.service.type, 'ClusterIP'), ne(s.service.nodePort, 0)),
        message: `only applies to a NodePort or LoadBalancer Service: set ${name}.service.type, or nodePort=0`,
      },
      {
        path: `${name}.service.loadBalancerClass`,
        violated: and(ne(s.service.type, 'LoadBalancer'), isSet(s.service.loadBalancerClass)),
        message: `only applies to a LoadBalancer Service (Kubernetes refuses it on others): set ${name}.service.type=LoadBalancer or leave it empty`,
      },
      {
        path: `${name}.service.externalTrafficPolicy`,
        violated: and(eq(s.service.type, 'ClusterIP'), isSet(s.service.externalTrafficPolicy)),
        message: `only applies to a NodePort or LoadBalancer Service (Kubernetes refuses it on ClusterIP): set ${name}.service.type or leave it empty`,
      },
      ...annotationRules(`${name}.service.annotations`, s.service.annotations),
    );
  }
  return rules;
}

/** Keys a map of labels or annotations must not set, because the chart sets them. */
function reservedKeyRule(path: string, map: Expr<Record<string, string>>, reserved: readonly string[], what: string): Rule {
  return {
    path,
    violated: and(isSet(map), or(...reserved.map((k) => hasKey(map, k)))),
    message: `must not set ${reserved.join(', ')}: the chart sets ${reserved.length > 1 ? 'them' : 'it'} ${what}`,
  };
}

/** Label or annotation keys: a prefix within 253 characters. */
function keyPrefixRule(path: string, map: Expr<Record<string, string>>): Rule {
  return { path, violated: and(isSet(map), matches(joinedKeys(map), ANNOTATION_PREFIX_TOO_LONG)), message: 'keys must have a prefix (before "/") of at most 253 characters' };
}

/** An annotation map: key prefixes and total size. */
function annotationRules(path: string, map: Expr<Record<string, string>>): Rule[] {
  return [
    keyPrefixRule(path, map),
    {
      path,
      violated: and(isSet(map), gt(mapByteSize(map), ANNOTATIONS_MAX_BYTES)),
      message: `must stay within ${ANNOTATIONS_MAX_BYTES / 1024} KiB, keys and values together (the Kubernetes limit)`,
    },
  ];
}

/** A Localhost seccomp profile names its file; no other type takes one (Kubernetes refuses both mistakes). */
function seccompRule(path: string, p: Refs<Config['frontend']['podSecurityContext']['seccompProfile']>): Rule {
  const localhost = eq(p.type, 'Localhost');
  return {
    path: `${path}.localhostProfile`,
    violated: or(and(localhost, not(isSet(p.localhostProfile))), and(not(localhost), isSet(p.localhostProfile))),
    message: 'must be set when type is Localhost, and only then: the profile file on the node',
  };
}

const field = (list: Expr<unknown>, name: string) => itemField(list as Expr<Array<Record<string, unknown>>>, name);

/**
 * Extra volumes, mounts and containers: names Kubernetes needs unique in a
 * pod, and mounts of volumes that exist. `data` says when the backend's
 * data volume exists and where it is mounted.
 */
function extraPodRules(name: WorkloadKey, c: PodValues, data?: { exists: Expr<boolean>; path: Expr<string> }): Rule[] {
  const volumes = CHART_VOLUMES[name];
  const mountable = data ? volumes.map((vol) => (vol === 'data' ? ternary(data.exists, vol, volumes[0]) : vol)) : volumes;
  const paths = field(c.extraVolumeMounts, 'mountPath');
  return [
    {
      path: `${name}.extraVolumes`,
      violated: and(isSet(c.extraVolumes), not(allDistinctIn(listOf(...volumes), field(c.extraVolumes, 'name')))),
      message: `must give each volume its own name, none of the chart's (${volumes.join(', ')})`,
    },
    {
      path: `${name}.extraVolumeMounts`,
      violated: and(isSet(c.extraVolumeMounts), not(allIn(field(c.extraVolumeMounts, 'name'), listOf(...mountable), field(c.extraVolumes, 'name')))),
      message: `must mount volumes that exist: ${name}.extraVolumes or the chart's (${volumes.join(', ')}${data ? '; data with SQLite only' : ''})`,
    },
    {
      path: `${name}.extraVolumeMounts`,
      violated: and(isSet(c.extraVolumeMounts), or(labelled(`${name}.mountPathTaken`, `Whether ${name}.extraVolumeMounts mounts on a path twice, or on one the chart mounts.`, not(allDistinctIn(listOf(...CHART_MOUNT_PATHS[name]), paths))), ...(data ? [and(data.exists, listHas(paths, data.path))] : []))),
      message: `must mount each on its own path, none the chart mounts (${CHART_MOUNT_PATHS[name].join(', ')}${data ? ', and the SQLite folder' : ''})`,
    },
    {
      path: `${name}.sidecars`,
      violated: and(or(isSet(c.sidecars), isSet(c.initContainers)), not(allDistinctIn(listOf(CHART_CONTAINERS[name]), field(c.sidecars, 'name'), field(c.initContainers, 'name')))),
      message: `and ${name}.initContainers must give each container its own name, not "${CHART_CONTAINERS[name]}" (the chart's)`,
    },
  ];
}

/** Service accounts: annotations only on one the chart creates, and no two created under one name. */
function accountRules(v: Refs<Config>): Rule[] {
  const workloads: Array<[WorkloadKey, Pick<Refs<Config['frontend']>, 'serviceAccount'>, Expr<string>, Expr<boolean>?]> = [
    ['frontend', v.frontend, objectName(fullnameExpr(v), 'frontend')],
    ['backend', v.backend, objectName(fullnameExpr(v), 'backend')],
    ['database.postgres', v.database.postgres, objectName(fullnameExpr(v), 'postgres'), eq(v.database.mode, 'postgres')],
  ];
  // An account that is not created stands for a name no account can have, so it never clashes.
  const created = workloads.map(([key, c, own, exists]) => {
    const create = exists ? and(exists, c.serviceAccount.create) : c.serviceAccount.create;
    return ternary(create, serviceAccountName(c.serviceAccount, own), `(${key}: none)`);
  });
  return [
    ...workloads.flatMap(([key, c]) => [
      ...annotationRules(`${key}.serviceAccount.annotations`, c.serviceAccount.annotations),
      {
        path: `${key}.serviceAccount.annotations`,
        violated: and(not(c.serviceAccount.create), isSet(c.serviceAccount.annotations)),
        message: `only apply to an account the chart creates: set ${key}.serviceAccount.create=true, or annotate your own account`,
      },
    ]),
    {
      path: 'backend.serviceAccount.name',
      violated: not(allDistinct(...created)),
      message: 'must differ between the accounts the chart creates (frontend, backend, database.postgres): one object per name; to share an account, create it yourself and set create=false',
    },
  ];
}

/** The pod-level maps every component has. */
function podRules(name: string, c: PodValues & Pick<Refs<Config['frontend']>, 'podSecurityContext' | 'containerSecurityContext'>, chartAnnotations: readonly string[]): Rule[] {
  return [
    seccompRule(`${name}.podSecurityContext.seccompProfile`, c.podSecurityContext.seccompProfile),
    seccompRule(`${name}.containerSecurityContext.seccompProfile`, c.containerSecurityContext.seccompProfile),
    keyPrefixRule(`${name}.podLabels`, c.podLabels),
    reservedKeyRule(`${name}.podLabels`, c.podLabels, CHART_LABELS, 'on every pod, and some of them select the pods'),
    keyPrefixRule(`${name}.nodeSelector`, c.nodeSelector),
    ...annotationRules(`${name}.podAnnotations`, c.podAnnotations),
    ...(chartAnnotations.length ? [reservedKeyRule(`${name}.podAnnotations`, c.podAnnotations, chartAnnotations, 'to roll the pods when their settings change')] : []),
  ];
}

/** Kubernetes' limit on the keys and values of an object's annotations together. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;
/** An octet as Kubernetes' ParseIPSloppy reads it: decimal up to 255, any number of leading zeros. */
const OCTET = '0*(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/** An IPv4 address as the API server reads an Ingress host; such hosts are refused. */
const IPV4 = `^(${OCTET}\\.){3}${OCTET}$`;
/** An annotation key in Helm's own prefix, in keys joined by newlines. */
const HELM_ANNOTATION = '(^|\\n)helm\\.sh/';
/** Folders a volume must not be mounted on: mounting hides what the image keeps there. */
const SYSTEM_FOLDERS = ['/app', '/bin', '/boot', '/dev', '/etc', '/lib', '/lib64', '/proc', '/root', '/run', '/sbin', '/sys', '/usr', '/var', '/var/run'];

/** extraEnvVars: each name once, and none the chart or the env map sets (Kubernetes would keep only the last, silently). */
function extraEnvRule(name: string, c: PodValues, chartNames: ReadonlyArray<Expr<string> | string>, described: string, env?: Expr<Record<string, string>>): Rule {
  return {
    path: `${name}.extraEnvVars`,
    // Empty lists cannot clash, and skipping them spares the chart a helper call per rule.
    violated: and(isSet(c.extraEnvVars), not(allDistinctIn(listOf(...chartNames), field(c.extraEnvVars, 'name'), ...(env ? [mapKeys(env)] : [])))),
    message: `must name each variable once, and none that the chart sets (${described})${env ? ` or ${name}.env sets` : ''}: Kubernetes would silently keep only the last`,
  };
}

function envRules(name: 'frontend' | 'backend', c: Refs<Config['frontend']> | Refs<Config['backend']>): Rule[] {
  const names = (Object.keys(ENV_VARIABLES[name]) as Array<keyof typeof c.envNames>).map((k) => c.envNames[k] as Expr<string>);
  const defaults = Object.values(ENV_VARIABLES[name]).map((e) => e.name).join(', ');
  return [
    {
      path: `${name}.envNames`,
      violated: not(allDistinct(...names)),
      message: `must give every variable its own name (defaults: ${defaults}); two settings cannot share one variable`,
    },
    {
      path: `${name}.env`,
      violated: or(...names.map((n) => hasKey(c.env as Expr<Record<string, unknown>>, n))),
      message: `must not set a variable the chart sets itself (the names in ${name}.envNames: ${defaults} by default); use the setting it comes from, or rename the chart's variable in ${name}.envNames`,
    },
    extraEnvRule(name, c, names, `the names in ${name}.envNames: ${defaults} by default`, c.env as Expr<Record<string, string>>),
  ];
}

/** A quantity whose number is zero, in any notation (0, 0Gi, 0.0, 0e3). */
const ZERO_QUANTITY = '^[+]?(0+(\\.0*)?|\\.0+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]{1,2})?$';
function zeroQuantity(q: Expr<string | number>): Expr<boolean> {
  return or(and(isString(q), matches(q as Expr<string>, ZERO_QUANTITY)), and(not(isString(q)), eq(q as Expr<number>, 0)));
}

/** A pod count of 0 or 0%. */
function zeroPods(count: Expr<unknown>): Expr<boolean> {
  return or(and(isString(count), eq(count, '0%')), and(not(isString(count)), eq(count as Expr<number>, 0)));
}

/** An unset minAvailable or maxUnavailable: the empty string (0 is a setting). */
/** A test on a budget count, named after the value (`<path><suffix>`) when it reads one, for the chart's helper. */
function countTest(count: Expr<unknown>, suffix: string, holds: string, test: Expr<boolean>): Expr<boolean> {
  if (!(count instanceof ValueRef)) return test;
  const path = count.path.join('.');
  return labelled(`${path}${suffix}`, `Whether ${path} ${holds}.`, test);
}

/** A set minAvailable or maxUnavailable: a number, or a non-empty percentage. */
function podCountSet(count: Expr<unknown>): Expr<boolean> {
  return countTest(count, 'Set', 'is set (a number, or a non-empty percentage)', not(podCountUnset(count)));
}

export function podCountUnset(count: Expr<unknown>): Expr<boolean> {
  return countTest(count, 'Unset', 'is unset (the empty string; 0 is a setting)', and(isString(count), not(isSet(count))));
}

/** A budget that is one of the two settings, and never blocks every node drain. */
function disruptionRules(name: WorkloadKey, pdb: Refs<Config['frontend']['pdb']>, replicas: Expr<number>, replicasText: string): Rule[] {
  const min = pdb.minAvailable as Expr<unknown>;
  const max = pdb.maxUnavailable as Expr<unknown>;
  const isNumber = (e: Expr<unknown>) => not(isString(e));
  return [
    {
      path: `${name}.pdb`,
      violated: and(podCountSet(min), podCountSet(max)),
      message: 'must set minAvailable or maxUnavailable, not both (Kubernetes takes one)',
    },
    {
      path: `${name}.pdb.minAvailable`,
      violated: and(
        pdb.create,
        gt(replicas, 0),
        // The disruption controller rounds a percentage up: p% of n blocks when it reaches n, that is p * n > 100 * (n - 1).
        or(
          and(isNumber(min), gt(min as Expr<number>, 0), ge(min as Expr<number>, replicas)),
          and(isString(min), podCountSet(min), gt(multiply(percentOf(min as Expr<string>), replicas), multiply(100, subtract(replicas, 1)))),
        ),
      ),
      message: `must be below the pod count of ${name} (${replicasText}), or no node drain can evict its pods: lower it, use maxUnavailable, or add replicas`,
    },
    {
      path: `${name}.pdb.maxUnavailable`,
      violated: and(pdb.create, gt(replicas, 0), zeroPods(max)),
      message: 'must be above 0, or no node drain can evict a pod',
    },
  ];
}

/** All cross-field rules of the configuration. */
export function configRules(v: Refs<Config>): Rule[] {
  const sqlite = eq(v.database.mode, 'sqlite');
  const fs = v.frontend.service;
  const bs = v.backend.service;
  const keys = v.secrets.keys;
  const sqliteDir = dirname(v.database.sqlite.path);
  const aiPort = aiEndpoint(v).port;
  return [
    {
      path: 'backend.replicaCount',
      violated: and(sqlite, gt(v.backend.replicaCount, 1)),
      message: 'must be 0 or 1 when database.mode is "sqlite" (one pod owns the ReadWriteOnce volume); use database.mode=postgres or external to run more',
    },
    {
      path: 'backend.autoscaling.enabled',
      violated: and(sqlite, v.backend.autoscaling.enabled),
      message: 'must be false when database.mode is "sqlite" (one pod owns the ReadWriteOnce volume); use database.mode=postgres or external to autoscale',
    },
    ...componentRules('frontend', v.frontend, v.frontend),
    ...componentRules('backend', v.backend, v.backend),
    ...componentRules('database.postgres', v.database.postgres),
    ...componentRules('ai.mock', v.ai.mock),
    {
      path: 'ai.mock.image.tag',
      violated: and(isSet(v.ai.mock.image.repository), not(isSet(v.ai.mock.image.tag)), not(isSet(v.ai.mock.image.digest))),
      message: 'must be set with ai.mock.image.repository (or give ai.mock.image.digest): pin the image the mock runs',
    },
    {
      path: 'backend.service.nodePort',
      violated: and(ne(fs.type, 'ClusterIP'), ne(bs.type, 'ClusterIP'), ne(bs.nodePort, 0), eq(fs.nodePort, bs.nodePort)),
      message: 'must differ from frontend.service.nodePort: a node port belongs to one Service in the whole cluster',
    },
    ...envRules('frontend', v.frontend),
    ...envRules('backend', v.backend),
    {
      path: 'database.sqlite.path',
      violated: and(sqlite, or(eq(sqliteDir, '/tmp'), hasPrefix(sqliteDir, '/tmp/'), oneOf(sqliteDir, SYSTEM_FOLDERS))),
      message: `must be in a folder of its own, since the volume is mounted on the folder and hides what is there: not /tmp (the scratch volume) or below it, and not ${SYSTEM_FOLDERS.join(', ')}`,
    },
    {
      path: 'secrets.databaseUrl',
      violated: and(eq(v.database.mode, 'external'), v.secrets.create, not(isSet(v.secrets.existingSecret)), not(isSet(v.secrets.databaseUrl))),
      message: 'is required when database.mode is "external": set secrets.databaseUrl or secrets.existingSecret',
    },
    {
      path: 'secrets.keys',
      violated: not(allDistinct(keys.authSecret, keys.databaseUrl, keys.openaiApiKey, keys.groqApiKey, keys.postgresPassword)),
      message: 'must name five different keys: a Secret holds each key once, so two settings would read the same value',
    },
    ...(['sqlite', 'postgres'] as const).map((db) => ({
      path: `database.${db}.size`,
      violated: zeroQuantity(v.database[db].size),
      message: 'must be more than 0 (Kubernetes refuses an empty volume)',
    })),
    {
      path: 'httpRoute.parentRefs',
      violated: and(v.httpRoute.enabled, not(isSet(v.httpRoute.parentRefs))),
      message: 'must name at least one Gateway when httpRoute.enabled is true, e.g. [{name: public, namespace: gateway-system}]',
    },
    {
      path: 'httpRoute.hostnames',
      violated: someMatch(v.httpRoute.hostnames as Expr<string[]>, IPV4),
      message: 'must be host names, not IP addresses (the Gateway API does not route by IP)',
    },
    {
      path: 'publicUrl',
      violated: and(v.httpRoute.enabled, not(v.ingress.enabled), not(isSet(v.publicUrl))),
      message: 'is required when an HTTPRoute is the way in (ingress.enabled=false): the URL users open, such as https://todo.example.com',
    },
    ...annotationRules('httpRoute.annotations', v.httpRoute.annotations),
    {
      path: 'ai.baseUrl',
      violated: and(isSet(v.ai.baseUrl), or(lt(aiPort, 1), gt(aiPort, 65535))),
      message: 'must have a port from 1 to 65535, or none (443 for https, 80 for http)',
    },
    {
      path: 'ingress.extraHosts',
      violated: and(
        isSet(v.ingress.extraHosts),
        or(not(allDistinctIn(listOf(v.ingress.host), field(v.ingress.extraHosts, 'name'))), someMatch(field(v.ingress.extraHosts, 'name'), IPV4)),
      ),
      message: 'must name DNS hosts (not IP addresses), each once and none the same as ingress.host',
    },
    {
      path: 'ingress.host',
      violated: matches(v.ingress.host, IPV4),
      message: 'must be a DNS name, not an IP address (Kubernetes refuses IP addresses as Ingress hosts); use a name such as todo.local mapped in /etc/hosts',
    },
    ...annotationRules('ingress.annotations', v.ingress.annotations),
    keyPrefixRule('commonLabels', v.commonLabels),
    reservedKeyRule('commonLabels', v.commonLabels, CHART_LABELS, 'on every object, and some of them select the pods'),
    ...annotationRules('commonAnnotations', v.commonAnnotations),
    {
      path: 'commonAnnotations',
      violated: matches(joinedKeys(v.commonAnnotations), HELM_ANNOTATION),
      message: 'must not set helm.sh/ annotations: on every object they would change how Helm treats it (hooks, resource policy)',
    },
    ...podRules('frontend', v.frontend, CHART_POD_ANNOTATIONS),
    ...podRules('backend', v.backend, CHART_POD_ANNOTATIONS),
    ...podRules('database.postgres', v.database.postgres, CHART_POD_ANNOTATIONS),
    ...annotationRules('database.postgres.service.annotations', v.database.postgres.service.annotations),
    {
      path: 'backend.updateStrategy.type',
      violated: and(sqlite, eq(v.backend.updateStrategy.type, 'RollingUpdate')),
      message: 'must be Recreate or empty when database.mode is "sqlite": the one pod owns the ReadWriteOnce volume, so a new pod cannot start beside it',
    },
    {
      path: 'secrets.authSecretFrom.name',
      violated: and(isSet(v.secrets.authSecretFrom.name), isSet(v.secrets.authSecret)),
      message: 'must be empty when secrets.authSecret is set: the auth secret comes from one place (clear one of them)',
    },
    ...(['frontend', 'backend'] as const).map((name) => ({
      path: `${name}.terminationGracePeriodSeconds`,
      violated: and(gt(v[name].shutdownDelaySeconds, 0), not(gt(v[name].terminationGracePeriodSeconds, v[name].shutdownDelaySeconds))),
      message: `must be above ${name}.shutdownDelaySeconds: the grace period counts the delay, so the app would be killed before it could stop cleanly (raise it, or lower the delay)`,
    })),
    ...(['frontend', 'backend'] as const).map((name) => ({
      path: `${name}.updateStrategy.rollingUpdate`,
      violated: and(ne(v[name].updateStrategy.type, 'Recreate'), zeroPods(v[name].updateStrategy.rollingUpdate.maxSurge), zeroPods(v[name].updateStrategy.rollingUpdate.maxUnavailable)),
      message: 'must let maxSurge or maxUnavailable above 0 (Kubernetes refuses both at 0: the update could never start)',
    })),
    ...accountRules(v),
    ...extraPodRules('frontend', v.frontend),
    ...extraPodRules('backend', v.backend, { exists: sqlite, path: sqliteDir }),
    ...extraPodRules('database.postgres', v.database.postgres),
    extraEnvRule('database.postgres', v.database.postgres, POSTGRES_ENV_NAMES, POSTGRES_ENV_NAMES.join(', ')),
    ...(['frontend', 'backend'] as const).flatMap((name) => {
      const c = v[name];
      const replicas = labelled(`${name}.podCount`, `The ${name} pod count: autoscaling.minReplicas while autoscaling, else replicaCount.`, ternary(c.autoscaling.enabled, c.autoscaling.minReplicas, c.replicaCount));
      return disruptionRules(name, c.pdb, replicas, `${name}.replicaCount, or ${name}.autoscaling.minReplicas while autoscaling`);
    }),
    ...disruptionRules('database.postgres', v.database.postgres.pdb, labelled('postgres.podCount', 'The PostgreSQL pod count: 1 when database.mode is postgres, else 0.', ternary(eq(v.database.mode, 'postgres'), 1, 0)), 'one'),
  ];
}

/** The prefix of every object name: fullnameOverride, else the release name. */
export function fullnameExpr(v: Refs<Config>): Expr<string> {
  return withDefault(v.fullnameOverride, release.name);
}

/** The name of a part's objects, `<fullname>-<part>`, named `<part>.fullname` where the chart gives it a helper. */
export function objectName(fullname: Expr<string>, part: string): Expr<string> {
  return labelled(`${part}.fullname`, `The name of the ${part} objects: the fullname, then "-${part}".`, str`${fullname}-${part}`);
}

/** The account a workload's pods run as: the named one, else its own (`own`) when created, else the namespace's default. */
export function serviceAccountName(a: Refs<Config['frontend']['serviceAccount']>, own: Expr<string>): Expr<string> {
  return withDefault(a.name, ternary(a.create, own, 'default'));
}

/** Longest release name Helm takes; objects add suffixes such as "-frontend" within 63 characters. */
export const RELEASE_NAME_MAX = 53;
/** A StatefulSet's revision label is "<name>-<hash of up to 10>": "<fullname>-postgres" may be 52 characters. */
export const POSTGRES_FULLNAME_MAX = 52 - '-postgres'.length;

/** Helm's own limit on release names, which it checks before it reads any values. */
export function helmReleaseNameRule(): Rule {
  return {
    path: 'release name',
    violated: or(gt(byteLength(release.name), RELEASE_NAME_MAX), not(matches(release.name, DNS_SUBDOMAIN))),
    message: `must be at most ${RELEASE_NAME_MAX} lower-case letters, digits, "-" and "." (Helm's limit)`,
  };
}

/**
 * Rules on where the chart is installed and what its objects are named:
 * the release name, the namespace and the length of the name prefix.
 * Both outputs check them, synth before it renders and the chart in
 * validate/ rules, since Helm itself accepts names Kubernetes then refuses.
 */
export function targetRules(v: Refs<Config>): Rule[] {
  const fullname = fullnameExpr(v);
  return [
    helmReleaseNameRule(),
    {
      path: 'release name',
      violated: and(not(isSet(v.fullnameOverride)), not(matches(release.name, DNS_1035_LABEL))),
      message: 'must be a DNS label that starts with a letter (lower-case letters, digits and "-"), since it prefixes every object name; or set fullnameOverride',
    },
    {
      path: 'namespace',
      violated: or(not(matches(release.namespace, DNS_LABEL)), gt(byteLength(release.namespace), 63)),
      message: 'must be a DNS label of at most 63 characters: lower-case letters, digits and "-"',
    },
    {
      path: 'fullnameOverride',
      violated: and(eq(v.database.mode, 'postgres'), gt(byteLength(fullname), POSTGRES_FULLNAME_MAX)),
      message: `(or the release name when it is empty) must be at most ${POSTGRES_FULLNAME_MAX} characters when database.mode is "postgres" (the StatefulSet's name and revision label must fit 63 characters)`,
    },
  ];
}
