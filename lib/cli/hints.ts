/**
 * Known failure patterns in tool output, each with the fix to suggest. The
 * first pattern that matches wins, so the most specific come first.
 */
import { MINIKUBE_DEFAULT_MEMORY_MB, MINIKUBE_MIN_MEMORY_MB } from './cluster-size';
import { ENV_FILE_FLAG } from './dotenv';

/** Names the hints mention. */
export interface HintContext {
  readonly release: string;
  readonly namespace: string;
}

interface Rule {
  readonly pattern: RegExp;
  readonly hint: (c: HintContext) => string;
}

const RULES: readonly Rule[] = [
  {
    pattern: /ErrImageNeverPull|ImagePullBackOff|ErrImagePull|image can't be pulled|pull access denied/i,
    hint: () =>
      'the cluster cannot find the image: run "todo-chatbot images build" and "todo-chatbot images load" (use --driver kind on kind), then deploy again',
  },
  {
    pattern: /not present locally|No such image|image with reference .* was found but does not match|reference does not exist/i,
    hint: () => 'the image is not built on this machine: run "todo-chatbot images build" (with the same --tag) first',
  },
  {
    pattern: /no matches for kind "Ingress"|ingress-nginx|IngressClass|ingressclass|validate\.nginx\.ingress\.kubernetes\.io/i,
    hint: () =>
      'the ingress controller is missing or not ready: on minikube run "minikube addons enable ingress"; on kind run "todo-chatbot cluster up --driver kind" (installs ingress-nginx)',
  },
  {
    pattern: /current-context is not set|context was not found|no configuration has been provided|invalid configuration|server localhost:8080 was refused/i,
    hint: () =>
      'kubectl has no cluster selected: start one with "todo-chatbot cluster up", or pick one with "kubectl config use-context NAME" (list them with "kubectl config get-contexts")',
  },
  {
    pattern: /connection refused|was refused|Unable to connect to the server|Kubernetes cluster unreachable|dial tcp|no such host|i\/o timeout|the server could not find the requested resource \(get nodes\)/i,
    hint: () =>
      'the cluster is not reachable: start it with "todo-chatbot cluster up" (or "minikube start"), or switch with "kubectl config use-context NAME"',
  },
  {
    pattern: /Cannot connect to the Docker daemon|docker daemon is not running|error during connect|docker_engine|dockerDesktopLinuxEngine/i,
    hint: () => 'Docker is not running: start Docker Desktop (or the docker service) and try again',
  },
  {
    // Before the memory rule: the scheduler says "Insufficient memory" too.
    pattern: /Unschedulable/,
    hint: (c) =>
      `no node has room for a pod or matches its constraints (the scheduler's reason is above): lower the requests under resources in the values, ` +
      `or give the cluster more CPU and memory ("todo-chatbot cluster up --cpus N --memory MB" on minikube); "kubectl describe pods -n ${c.namespace} -l app.kubernetes.io/instance=${c.release}" shows the events`,
  },
  {
    pattern: /Docker Desktop has only|Requested memory allocation|insufficient memory|Not enough memory|RSRC_INSUFFICIENT/i,
    hint: () =>
      `not enough memory for the cluster: give Docker Desktop (or the VM) more memory, or lower --memory ` +
      `(default ${MINIKUBE_DEFAULT_MEMORY_MB} MB, the least minikube takes is ${MINIKUBE_MIN_MEMORY_MB} MB)`,
  },
  {
    pattern: /address already in use|port is already allocated|bind: .*in use/i,
    hint: () => 'a port the cluster needs (80/443 for kind) is taken: stop whatever listens there, or use the minikube driver',
  },
  {
    pattern: /another operation \(install\/upgrade\/rollback\) is in progress/i,
    hint: (c) => `a previous Helm operation did not finish: wait for it, or run "todo-chatbot rollback" (helm history ${c.release} -n ${c.namespace} shows the revisions)`,
  },
  {
    pattern: /has no deployed releases|release: not found|release not loaded/i,
    hint: () => 'the release is not installed: run "todo-chatbot deploy" first',
  },
  {
    pattern: /CreateContainerConfigError|secret ".*" not found|couldn't find key/i,
    hint: (c) =>
      `a Secret or key the pods need is missing: run "todo-chatbot secrets apply ${ENV_FILE_FLAG} .env" (creates ${c.release}-env), or check that the Secret named by --existing-secret or secrets.existingSecret exists and has the app's keys`,
  },
  {
    pattern: /violates PodSecurity/i,
    hint: () => 'the namespace enforces Pod Security "restricted" and a pod does not comply: check the image runs as a non-root numeric USER',
  },
  {
    pattern: /CrashLoopBackOff|Error: container has runAsNonRoot|exceeded its progress deadline/i,
    hint: (c) =>
      `a container keeps failing: look at its logs with "kubectl logs -n ${c.namespace} deployment/${c.release}-backend" (or -frontend) and at "kubectl get events -n ${c.namespace} --sort-by=.lastTimestamp"`,
  },
  {
    pattern: /timed out waiting for the condition|context deadline exceeded|timed out waiting/i,
    hint: (c) =>
      `pods did not become ready in time: run "todo-chatbot status" and "kubectl describe pods -n ${c.namespace} -l app.kubernetes.io/instance=${c.release}"`,
  },
];

/** The suggested fix for a failure's output, if it matches a known problem. */
export function hintFor(output: string, context: HintContext): string | undefined {
  const rule = RULES.find((r) => r.pattern.test(output));
  return rule?.hint(context);
}
