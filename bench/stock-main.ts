// The stock cdk8s TypeScript app (as `cdk8s init typescript-app` sets it up;
// bench/run.js copies it into a folder with its own imports, so tsconfig.json excludes it here)
// with one Deployment and one Service: the baseline of the synth benchmark.
import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import { IntOrString, KubeDeployment, KubeService } from './imports/k8s';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const labels = { app: 'hello' };
    new KubeDeployment(this, 'deployment', {
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'hello', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
        },
      },
    });
    new KubeService(this, 'service', {
      spec: { selector: labels, ports: [{ port: 80, targetPort: IntOrString.fromNumber(80) }] },
    });
  }
}

const app = new App();
new MyChart(app, 'bench');
app.synth();
