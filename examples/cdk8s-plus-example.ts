// The stock cdk8s-plus example, inside a TemplatedChart: objects built this
// way reach both outputs as they are (see "cdk8s-plus and tokens" in the README).
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export function buildStockExample(chart: Construct): void {
  const deployment = new kplus.Deployment(chart, 'Deployment', {
    replicas: 3,
    containers: [{ image: 'ubuntu', portNumber: 8080, securityContext: { user: 1000, group: 1000 } }],
  });
  deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
}
