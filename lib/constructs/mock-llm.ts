import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import type * as Kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { mockLlmEnabled } from '../config/ai-endpoint';
import { Refs } from '../config/refs';
import { Config } from '../config/schema';
import { Expr, isSet, release, str, ternary, truthy } from '../template/expr';
import { TemplatedChart } from '../template/templated-chart';
import { Naming } from './naming';
import { imageReference, pullSecrets } from './pod-options';
import { restrictedPodSecurityContext } from './pod-security';

export interface MockLlmProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** All values. */
  readonly values: Refs<Config>;
  /** Registry put before the image repository (global.imageRegistry). */
  readonly imageRegistry: Expr<string>;
}

/** The API key the backend gets while it talks to the mock, which takes any. */
export const MOCK_LLM_KEY = 'mock-llm-takes-any-key';
/** The component label of the mock's objects. */
export const MOCK_LLM_COMPONENT = 'mock-llm';
/** The server, stdlib Python only, which the ConfigMap carries into the pod. */
const SERVER_FILE = path.join(__dirname, '..', 'mock-llm', 'server.py');
const SERVER_DIR = '/mock';


/**
 * An OpenAI-compatible mock LLM in the cluster (ai.provider=mock): a
 * Deployment, a Service and the ConfigMap holding the server, built with
 * cdk8s-plus. It runs on the backend image (which has Python) unless
 * ai.mock.image names another, needs no key and no internet, and calls the
 * app's tools deterministically. Names, labels, images and the other values
 * reach the cdk8s-plus objects as tokens (see template/tokens.ts).
 *
 * The objects are built when this configuration has the mock, or when the
 * chart is packaged: a synth without the mock never loads cdk8s-plus.
 */
export class MockLlm extends Construct {
  /** Name of the Deployment and Service. */
  public readonly name: Expr<string>;
  /** The base URL the backend's OpenAI client uses. */
  public readonly url: Expr<string>;
  /** Port of the Service and the container. */
  public readonly port: Expr<number>;

  constructor(scope: Construct, id: string, props: MockLlmProps) {
    super(scope, id);
    const m = props.values.ai.mock;
    this.name = props.naming.name(MOCK_LLM_COMPONENT);
    this.port = m.port;
    this.url = str`http://${this.name}:${m.port}/v1`;
    const chart = TemplatedChart.of(this);
    const enabled = mockLlmEnabled(props.values);
    chart.tokens.guard(this, enabled);
    if (truthy(enabled.evaluate(chart.context))) this.build(props);
    else chart.defer(() => this.build(props));
  }

  private build(props: MockLlmProps): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kplus = require('cdk8s-plus-28') as typeof Kplus;
    const { naming, values: v } = props;
    const m = v.ai.mock;
    const tokens = TemplatedChart.of(this).tokens;
    const component = MOCK_LLM_COMPONENT;
    const server = fs.readFileSync(SERVER_FILE, 'utf-8');
    const own = isSet(m.image.repository);
    const image = ternary(own, imageReference(m.image, props.imageRegistry), imageReference(v.backend.image, props.imageRegistry));
    const pullPolicy = ternary(own, m.image.pullPolicy, v.backend.image.pullPolicy);
    const metadata = (name: Expr<string>) => ({ name: tokens.string(name), namespace: tokens.string(release.namespace) });
    // cdk8s-plus writes its own labels and no annotations: the chart's standard metadata replaces them.
    const standardMetadata = (o: ApiObject, name: Expr<string>) => tokens.patch(o, JsonPatch.add('/metadata', tokens.tree(naming.metadata(name, component))));

    const configMap = new kplus.ConfigMap(this, 'config', { metadata: metadata(str`${this.name}-server`), data: { 'server.py': server } });
    standardMetadata(ApiObject.of(configMap), str`${this.name}-server`);

    const deployment = new kplus.Deployment(this, 'deployment', {
      metadata: metadata(this.name),
      replicas: 1,
      // A new pod is ready before the old one goes, as for the chart's other stateless workloads.
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      // The chart's selector labels, not cdk8s-plus's construct-address label.
      select: false,
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true },
      containers: [
        {
          name: component,
          image: tokens.string(image),
          imagePullPolicy: tokens.tree(pullPolicy),
          command: ['python', `${SERVER_DIR}/server.py`],
          portNumber: tokens.number(m.port),
          envVariables: {
            PORT: kplus.EnvValue.fromValue(tokens.string(str`${m.port}`)),
            MOCK_MODEL: kplus.EnvValue.fromValue(tokens.string(m.model)),
            PYTHONDONTWRITEBYTECODE: kplus.EnvValue.fromValue('1'),
          },
          securityContext: {
            ensureNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          readiness: kplus.Probe.fromHttpGet('/health', { port: tokens.number(m.port), periodSeconds: Duration.seconds(5) }),
          liveness: kplus.Probe.fromHttpGet('/health', { port: tokens.number(m.port), periodSeconds: Duration.seconds(20) }),
          volumeMounts: [
            { path: SERVER_DIR, volume: kplus.Volume.fromConfigMap(this, 'server', configMap, { name: 'server' }), readOnly: true },
            { path: '/tmp', volume: kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(16) }) },
          ],
        },
      ],
    });
    const d = ApiObject.of(deployment);
    standardMetadata(d, this.name);
    tokens.patch(
      d,
      JsonPatch.add('/spec/selector', { matchLabels: tokens.tree(naming.selectorLabels(component)) }),
      // A new server.py rolls the pod.
      JsonPatch.add('/spec/template/metadata', tokens.tree({ labels: naming.labels(component), annotations: { 'checksum/config': createHash('sha256').update(server).digest('hex') } })),
      // The backend's user and group, or none for OpenShift to assign, as the backend's pods get.
      JsonPatch.add('/spec/template/spec/securityContext', tokens.tree(restrictedPodSecurityContext(v.backend.podSecurityContext))),
      JsonPatch.add('/spec/template/spec/imagePullSecrets', tokens.tree(pullSecrets(v.imagePullSecrets))),
      JsonPatch.add('/spec/template/spec/containers/0/resources', tokens.tree(m.resources as unknown as Expr)),
    );

    const service = new kplus.Service(this, 'service', {
      metadata: metadata(this.name),
      ports: [{ name: 'http', port: tokens.number(m.port), targetPort: tokens.number(m.port) }],
    });
    const s = ApiObject.of(service);
    standardMetadata(s, this.name);
    tokens.patch(s, JsonPatch.add('/spec/selector', tokens.tree(naming.selectorLabels(component))));
  }
}
