import { hardeningViolations, podSecurityViolations, podSpecOf } from '../support/pod-security';

function container(name: string): any {
  return {
    name,
    image: 'example/app:1.0.0',
    ports: [{ name: 'http', containerPort: 8080 }],
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    startupProbe: { httpGet: { path: '/health', port: 'http' } },
    readinessProbe: { httpGet: { path: '/health', port: 'http' } },
    livenessProbe: { httpGet: { path: '/health', port: 'http' } },
  };
}

function initContainer(name: string): any {
  const c = container(name);
  delete c.ports;
  delete c.startupProbe;
  delete c.readinessProbe;
  delete c.livenessProbe;
  return c;
}

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          initContainers: [initContainer('migrate')],
          containers: [container('api')],
          volumes: [
            { name: 'tmp', emptyDir: {} },
            { name: 'config', configMap: { name: 'api' } },
            { name: 'creds', secret: { secretName: 'api' } },
            { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
          ],
        },
      },
    },
  };
}

const spec = (d: any) => d.spec.template.spec;
const api = (d: any) => spec(d).containers[0];

describe('podSpecOf', () => {
  const podSpec = { containers: [{ name: 'c' }] };
  test.each([
    ['Pod', { kind: 'Pod', spec: podSpec }],
    ['Deployment', { kind: 'Deployment', spec: { template: { spec: podSpec } } }],
    ['StatefulSet', { kind: 'StatefulSet', spec: { template: { spec: podSpec } } }],
    ['DaemonSet', { kind: 'DaemonSet', spec: { template: { spec: podSpec } } }],
    ['ReplicaSet', { kind: 'ReplicaSet', spec: { template: { spec: podSpec } } }],
    ['Job', { kind: 'Job', spec: { template: { spec: podSpec } } }],
    ['CronJob', { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: podSpec } } } } }],
  ])('finds the pod spec of a %s', (_kind, obj) => {
    expect(podSpecOf(obj)).toBe(podSpec);
  });

  test('is undefined for other kinds', () => {
    expect(podSpecOf({ kind: 'Service', spec: { template: { spec: podSpec } } })).toBeUndefined();
    expect(podSpecOf({ kind: 'ConfigMap', data: {} })).toBeUndefined();
  });
});

describe('podSecurityViolations', () => {
  test('accepts a pod that meets the restricted profile', () => {
    expect(podSecurityViolations(deployment())).toEqual([]);
  });

  test('returns nothing for objects without a pod spec', () => {
    expect(podSecurityViolations({ kind: 'Service', metadata: { name: 'api' }, spec: {} })).toEqual([]);
  });

  test('accepts seccomp and runAsNonRoot set on every container instead of the pod', () => {
    const d = deployment();
    spec(d).securityContext = {};
    for (const c of [...spec(d).containers, ...spec(d).initContainers]) {
      c.securityContext.runAsNonRoot = true;
      c.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/app.json' };
    }
    expect(podSecurityViolations(d)).toEqual([]);
  });

  test('accepts the allowed optional values', () => {
    const d = deployment();
    api(d).securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    api(d).securityContext.procMount = 'Default';
    api(d).securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' };
    api(d).ports[0].hostPort = 0;
    spec(d).securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }];
    d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/api': 'runtime/default' };
    spec(d).volumes.push(
      { name: 'p', projected: { sources: [] } },
      { name: 'd', downwardAPI: { items: [] } },
      { name: 'c', csi: { driver: 'x' } },
      { name: 'e', ephemeral: { volumeClaimTemplate: { spec: {} } } },
    );
    expect(podSecurityViolations(d)).toEqual([]);
  });

  const cases: Array<[string, (d: any) => void, string[]]> = [
    ['host namespaces', (d) => { spec(d).hostNetwork = true; spec(d).hostPID = true; spec(d).hostIPC = true; }, [
      'Deployment/api: pod: hostNetwork must not be true [baseline: Host Namespaces]',
      'Deployment/api: pod: hostPID must not be true [baseline: Host Namespaces]',
      'Deployment/api: pod: hostIPC must not be true [baseline: Host Namespaces]',
    ]],
    ['HostProcess', (d) => { api(d).securityContext.windowsOptions = { hostProcess: true }; }, [
      'Deployment/api: container "api": securityContext.windowsOptions.hostProcess must not be true [baseline: HostProcess]',
    ]],
    ['privileged', (d) => { api(d).securityContext.privileged = true; }, [
      'Deployment/api: container "api": securityContext.privileged must not be true [baseline: Privileged Containers]',
    ]],
    ['privileged init container', (d) => { spec(d).initContainers[0].securityContext.privileged = true; }, [
      'Deployment/api: initContainer "migrate": securityContext.privileged must not be true [baseline: Privileged Containers]',
    ]],
    ['capability outside the baseline set', (d) => { api(d).securityContext.capabilities.add = ['SYS_ADMIN']; }, [
      'Deployment/api: container "api": capability SYS_ADMIN must not be added [baseline: Capabilities]',
    ]],
    ['baseline capability other than NET_BIND_SERVICE', (d) => { api(d).securityContext.capabilities.add = ['CHOWN']; }, [
      'Deployment/api: container "api": capability CHOWN must not be added (only NET_BIND_SERVICE may be) [restricted: Capabilities]',
    ]],
    ['capabilities not dropping ALL', (d) => { api(d).securityContext.capabilities = { drop: ['NET_RAW'] }; }, [
      'Deployment/api: container "api": securityContext.capabilities.drop must include ALL [restricted: Capabilities]',
    ]],
    ['hostPath volume', (d) => { spec(d).volumes.push({ name: 'host', hostPath: { path: '/var/run' } }); }, [
      'Deployment/api: pod: volume "host" must not be hostPath [baseline: HostPath Volumes]',
    ]],
    ['hostPort', (d) => { api(d).ports[0].hostPort = 8080; }, [
      'Deployment/api: container "api": hostPort 8080 must not be used [baseline: Host Ports]',
    ]],
    ['AppArmor annotation', (d) => {
      d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/api': 'unconfined' };
    }, [
      'Deployment/api: pod: annotation container.apparmor.security.beta.kubernetes.io/api must be runtime/default or localhost/*, not "unconfined" [baseline: AppArmor]',
    ]],
    ['AppArmor profile field', (d) => { api(d).securityContext.appArmorProfile = { type: 'Unconfined' }; }, [
      'Deployment/api: container "api": appArmorProfile.type must be RuntimeDefault or Localhost, not "Unconfined" [baseline: AppArmor]',
    ]],
    ['SELinux type', (d) => { spec(d).securityContext.seLinuxOptions = { type: 'spc_t' }; }, [
      'Deployment/api: pod: seLinuxOptions.type "spc_t" is not allowed [baseline: SELinux]',
    ]],
    ['SELinux user and role', (d) => { api(d).securityContext.seLinuxOptions = { user: 'system_u', role: 'system_r' }; }, [
      'Deployment/api: container "api": seLinuxOptions.user must not be set [baseline: SELinux]',
      'Deployment/api: container "api": seLinuxOptions.role must not be set [baseline: SELinux]',
    ]],
    ['/proc mount', (d) => { api(d).securityContext.procMount = 'Unmasked'; }, [
      'Deployment/api: container "api": procMount must be Default, not "Unmasked" [baseline: /proc Mount Type]',
    ]],
    ['seccomp Unconfined on a container', (d) => { api(d).securityContext.seccompProfile = { type: 'Unconfined' }; }, [
      'Deployment/api: container "api": seccompProfile.type must be RuntimeDefault or Localhost, not "Unconfined" [baseline: Seccomp]',
    ]],
    ['seccomp Unconfined on the pod', (d) => { spec(d).securityContext.seccompProfile = { type: 'Unconfined' }; }, [
      'Deployment/api: pod: seccompProfile.type must be RuntimeDefault or Localhost, not "Unconfined" [baseline: Seccomp]',
      'Deployment/api: container "api": seccompProfile.type must be RuntimeDefault or Localhost (on the pod or this container) [restricted: Seccomp]',
      'Deployment/api: initContainer "migrate": seccompProfile.type must be RuntimeDefault or Localhost (on the pod or this container) [restricted: Seccomp]',
    ]],
    ['seccomp missing on the pod and one container', (d) => {
      delete spec(d).securityContext.seccompProfile;
      spec(d).initContainers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    }, [
      'Deployment/api: container "api": seccompProfile.type must be RuntimeDefault or Localhost (on the pod or this container) [restricted: Seccomp]',
    ]],
    ['unsafe sysctl', (d) => { spec(d).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; }, [
      'Deployment/api: pod: sysctl "kernel.msgmax" is not in the safe set [baseline: Sysctls]',
    ]],
    ['volume type outside the restricted set', (d) => { spec(d).volumes.push({ name: 'share', nfs: { server: 'nfs', path: '/' } }); }, [
      'Deployment/api: pod: volume "share" has disallowed type nfs [restricted: Volume Types]',
    ]],
    ['allowPrivilegeEscalation unset', (d) => { delete api(d).securityContext.allowPrivilegeEscalation; }, [
      'Deployment/api: container "api": securityContext.allowPrivilegeEscalation must be false [restricted: Privilege Escalation]',
    ]],
    ['allowPrivilegeEscalation true', (d) => { api(d).securityContext.allowPrivilegeEscalation = true; }, [
      'Deployment/api: container "api": securityContext.allowPrivilegeEscalation must be false [restricted: Privilege Escalation]',
    ]],
    ['runAsNonRoot missing', (d) => { delete spec(d).securityContext.runAsNonRoot; }, [
      'Deployment/api: container "api": runAsNonRoot must be true (on the pod or this container) [restricted: Running as Non-root]',
      'Deployment/api: initContainer "migrate": runAsNonRoot must be true (on the pod or this container) [restricted: Running as Non-root]',
    ]],
    ['runAsNonRoot false on a container despite the pod', (d) => { api(d).securityContext.runAsNonRoot = false; }, [
      'Deployment/api: container "api": runAsNonRoot must not be false [restricted: Running as Non-root]',
    ]],
    ['runAsUser 0', (d) => { spec(d).securityContext.runAsUser = 0; api(d).securityContext.runAsUser = 0; }, [
      'Deployment/api: pod: runAsUser must not be 0 [restricted: Running as Non-root user]',
      'Deployment/api: container "api": runAsUser must not be 0 [restricted: Running as Non-root user]',
    ]],
    ['ephemeral containers are checked too', (d) => {
      spec(d).ephemeralContainers = [{ name: 'debug', image: 'busybox', securityContext: { privileged: true } }];
    }, [
      'Deployment/api: ephemeralContainer "debug": securityContext.privileged must not be true [baseline: Privileged Containers]',
      'Deployment/api: ephemeralContainer "debug": securityContext.capabilities.drop must include ALL [restricted: Capabilities]',
      'Deployment/api: ephemeralContainer "debug": securityContext.allowPrivilegeEscalation must be false [restricted: Privilege Escalation]',
    ]],
  ];

  test.each(cases)('rejects %s', (_name, mutate, expected) => {
    const d = deployment();
    mutate(d);
    expect(podSecurityViolations(d)).toEqual(expected);
  });

  test('checks the pod template of a CronJob and a bare Pod', () => {
    const d = deployment();
    spec(d).hostPID = true;
    const cron = {
      kind: 'CronJob',
      metadata: { name: 'cleanup' },
      spec: { jobTemplate: { spec: { template: d.spec.template } } },
    };
    expect(podSecurityViolations(cron)).toEqual([
      'CronJob/cleanup: pod: hostPID must not be true [baseline: Host Namespaces]',
    ]);
    const pod = {
      kind: 'Pod',
      metadata: { name: 'p', annotations: { 'container.apparmor.security.beta.kubernetes.io/api': 'unconfined' } },
      spec: spec(deployment()),
    };
    expect(podSecurityViolations(pod)).toEqual([
      'Pod/p: pod: annotation container.apparmor.security.beta.kubernetes.io/api must be runtime/default or localhost/*, not "unconfined" [baseline: AppArmor]',
    ]);
  });
});

describe('hardeningViolations', () => {
  test('accepts a hardened pod', () => {
    expect(hardeningViolations(deployment())).toEqual([]);
  });

  test('returns nothing for objects without a pod spec', () => {
    expect(hardeningViolations({ kind: 'ConfigMap', metadata: { name: 'c' } })).toEqual([]);
  });

  test('requires automountServiceAccountToken: false', () => {
    const d = deployment();
    delete spec(d).automountServiceAccountToken;
    expect(hardeningViolations(d)).toEqual([
      'Deployment/api: pod: automountServiceAccountToken must be false [hardening]',
    ]);
  });

  test('requires a read-only root filesystem on containers and init containers', () => {
    const d = deployment();
    api(d).securityContext.readOnlyRootFilesystem = false;
    delete spec(d).initContainers[0].securityContext.readOnlyRootFilesystem;
    expect(hardeningViolations(d)).toEqual([
      'Deployment/api: container "api": securityContext.readOnlyRootFilesystem must be true [hardening]',
      'Deployment/api: initContainer "migrate": securityContext.readOnlyRootFilesystem must be true [hardening]',
    ]);
  });

  test('requires cpu and memory requests and limits', () => {
    const d = deployment();
    api(d).resources = { requests: { cpu: '100m' } };
    delete spec(d).initContainers[0].resources.limits.memory;
    expect(hardeningViolations(d)).toEqual([
      'Deployment/api: container "api": resources.requests.memory is required [hardening]',
      'Deployment/api: container "api": resources.limits.cpu is required [hardening]',
      'Deployment/api: container "api": resources.limits.memory is required [hardening]',
      'Deployment/api: initContainer "migrate": resources.limits.memory is required [hardening]',
    ]);
  });

  test('requires all three probes on containers but not on init containers', () => {
    const d = deployment();
    delete api(d).startupProbe;
    delete api(d).readinessProbe;
    delete api(d).livenessProbe;
    expect(hardeningViolations(d)).toEqual([
      'Deployment/api: container "api": startupProbe is required [hardening]',
      'Deployment/api: container "api": readinessProbe is required [hardening]',
      'Deployment/api: container "api": livenessProbe is required [hardening]',
    ]);
  });
});
