// Pod Security Standards checker: the "restricted" profile, which includes every
// "baseline" control, plus this project's own hardening rules.
//
// Where the allowed values grew between Kubernetes releases (safe sysctls, SELinux
// types), the sets below are those of 1.28, the oldest API the chart supports: a pod
// that passes here is admitted by a 1.28 cluster enforcing restricted as well as by
// newer ones.

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
const RESTRICTED_ADD_CAPABILITIES = new Set(['NET_BIND_SERVICE']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);
const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export function podSpecOf(obj: any): any | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  if (obj.kind === 'Pod') return obj.spec;
  if (POD_TEMPLATE_KINDS.has(obj.kind)) return obj.spec?.template?.spec;
  if (obj.kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template?.spec;
  return undefined;
}

function podMetadataOf(obj: any): any {
  if (obj.kind === 'Pod') return obj.metadata;
  if (obj.kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template?.metadata;
  return obj.spec?.template?.metadata;
}

interface Located {
  where: string; // e.g. `container "api"`, `initContainer "migrate"`
  c: any;
}

function containersOf(spec: any, includeInit = true, includeEphemeral = true): Located[] {
  const out: Located[] = [];
  const add = (list: any, kind: string) => {
    for (const c of Array.isArray(list) ? list : []) out.push({ where: `${kind} "${c?.name}"`, c });
  };
  add(spec.containers, 'container');
  if (includeInit) add(spec.initContainers, 'initContainer');
  if (includeEphemeral) add(spec.ephemeralContainers, 'ephemeralContainer');
  return out;
}

function who(obj: any): string {
  return `${obj?.kind}/${obj?.metadata?.name ?? '<unnamed>'}`;
}

export function podSecurityViolations(obj: any): string[] {
  const spec = podSpecOf(obj);
  if (!spec) return [];
  const out: string[] = [];
  const flag = (where: string, problem: string, control: string) =>
    out.push(`${who(obj)}: ${where}: ${problem} [${control}]`);
  const B = (control: string) => `baseline: ${control}`;
  const R = (control: string) => `restricted: ${control}`;
  const psc = spec.securityContext ?? {};
  const containers = containersOf(spec);

  // --- baseline: pod level ---
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[ns] === true) flag('pod', `${ns} must not be true`, B('Host Namespaces'));
  }
  if (psc.windowsOptions?.hostProcess === true) {
    flag('pod', 'securityContext.windowsOptions.hostProcess must not be true', B('HostProcess'));
  }
  for (const v of spec.volumes ?? []) {
    if (v?.hostPath !== undefined) flag('pod', `volume "${v.name}" must not be hostPath`, B('HostPath Volumes'));
  }
  for (const [key, value] of Object.entries(podMetadataOf(obj)?.annotations ?? {})) {
    if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
      flag('pod', `annotation ${key} must be runtime/default or localhost/*, not ${JSON.stringify(value)}`, B('AppArmor'));
    }
  }
  for (const s of psc.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(s?.name)) flag('pod', `sysctl ${JSON.stringify(s?.name)} is not in the safe set`, B('Sysctls'));
  }

  // --- checks shared by the pod and its containers' security contexts ---
  const checkContext = (where: string, sc: any) => {
    if (sc.appArmorProfile?.type !== undefined && !APPARMOR_TYPES.has(sc.appArmorProfile.type)) {
      flag(where, `appArmorProfile.type must be RuntimeDefault or Localhost, not ${JSON.stringify(sc.appArmorProfile.type)}`, B('AppArmor'));
    }
    const se = sc.seLinuxOptions;
    if (se) {
      if (se.type !== undefined && !SELINUX_TYPES.has(se.type)) {
        flag(where, `seLinuxOptions.type ${JSON.stringify(se.type)} is not allowed`, B('SELinux'));
      }
      for (const f of ['user', 'role']) {
        if (se[f] !== undefined && se[f] !== '') flag(where, `seLinuxOptions.${f} must not be set`, B('SELinux'));
      }
    }
    if (sc.runAsUser === 0) flag(where, 'runAsUser must not be 0', R('Running as Non-root user'));
    if (sc.runAsNonRoot === false) flag(where, 'runAsNonRoot must not be false', R('Running as Non-root'));
    const seccomp = sc.seccompProfile?.type;
    if (seccomp !== undefined && !SECCOMP_TYPES.has(seccomp)) {
      flag(where, `seccompProfile.type must be RuntimeDefault or Localhost, not ${JSON.stringify(seccomp)}`,
        seccomp === 'Unconfined' ? B('Seccomp') : R('Seccomp'));
    }
  };
  checkContext('pod', psc);

  // --- restricted: pod level ---
  for (const v of spec.volumes ?? []) {
    const types = Object.keys(v ?? {}).filter((k) => k !== 'name' && k !== 'hostPath');
    for (const t of types) {
      if (!RESTRICTED_VOLUME_TYPES.has(t)) flag('pod', `volume "${v.name}" has disallowed type ${t}`, R('Volume Types'));
    }
  }

  // --- per container ---
  const podSeccompOk = SECCOMP_TYPES.has(psc.seccompProfile?.type);
  for (const { where, c } of containers) {
    const sc = c?.securityContext ?? {};
    checkContext(where, sc);
    if (sc.windowsOptions?.hostProcess === true) {
      flag(where, 'securityContext.windowsOptions.hostProcess must not be true', B('HostProcess'));
    }
    if (sc.privileged === true) flag(where, 'securityContext.privileged must not be true', B('Privileged Containers'));
    for (const cap of sc.capabilities?.add ?? []) {
      if (!BASELINE_CAPABILITIES.has(cap)) {
        flag(where, `capability ${cap} must not be added`, B('Capabilities'));
      } else if (!RESTRICTED_ADD_CAPABILITIES.has(cap)) {
        flag(where, `capability ${cap} must not be added (only NET_BIND_SERVICE may be)`, R('Capabilities'));
      }
    }
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) {
      flag(where, 'securityContext.capabilities.drop must include ALL', R('Capabilities'));
    }
    for (const p of c?.ports ?? []) {
      if (p?.hostPort !== undefined && p.hostPort !== 0) {
        flag(where, `hostPort ${p.hostPort} must not be used`, B('Host Ports'));
      }
    }
    if (sc.procMount !== undefined && sc.procMount !== 'Default') {
      flag(where, `procMount must be Default, not ${JSON.stringify(sc.procMount)}`, B('/proc Mount Type'));
    }
    if (sc.allowPrivilegeEscalation !== false) {
      flag(where, 'securityContext.allowPrivilegeEscalation must be false', R('Privilege Escalation'));
    }
    if (sc.runAsNonRoot === undefined && psc.runAsNonRoot !== true) {
      flag(where, 'runAsNonRoot must be true (on the pod or this container)', R('Running as Non-root'));
    }
    if (sc.seccompProfile?.type === undefined && !podSeccompOk) {
      flag(where, 'seccompProfile.type must be RuntimeDefault or Localhost (on the pod or this container)', R('Seccomp'));
    }
  }
  return out;
}

const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'];

/** This project's rules beyond the restricted profile. */
export function hardeningViolations(obj: any): string[] {
  const spec = podSpecOf(obj);
  if (!spec) return [];
  const out: string[] = [];
  const flag = (where: string, problem: string) => out.push(`${who(obj)}: ${where}: ${problem} [hardening]`);
  if (spec.automountServiceAccountToken !== false) flag('pod', 'automountServiceAccountToken must be false');
  // Ephemeral containers cannot declare resources or probes, so they are not checked.
  for (const { where, c } of containersOf(spec, true, false)) {
    if (c?.securityContext?.readOnlyRootFilesystem !== true) {
      flag(where, 'securityContext.readOnlyRootFilesystem must be true');
    }
    for (const section of ['requests', 'limits']) {
      for (const res of ['cpu', 'memory']) {
        if (c?.resources?.[section]?.[res] === undefined) flag(where, `resources.${section}.${res} is required`);
      }
    }
  }
  for (const { where, c } of containersOf(spec, false, false)) {
    for (const probe of PROBES) {
      if (!c?.[probe]) flag(where, `${probe} is required`);
    }
  }
  return out;
}
