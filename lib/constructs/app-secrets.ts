import { Construct } from 'constructs';
import type { KubeSecretProps } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { and, base64, eq, Expr, Generated, isSet, not, str, withDefault } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { entry, letIn, member } from '../template/tree';
import { Naming } from './naming';

export interface AppSecretsProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** All values. */
  readonly values: Refs<Config>;
  /** In-cluster host of PostgreSQL (database.mode=postgres). */
  readonly postgresHost: Expr<string>;
}

/**
 * The app Secret. Created from values unless secrets.existingSecret names one
 * (or secrets.create is false); every reference points at `name` either way.
 * An empty auth secret or PostgreSQL password is generated, and the chart
 * keeps the generated value across upgrades.
 */
export class AppSecrets extends Construct {
  /** Name of the Secret every workload reads. */
  public readonly name: Expr<string>;
  /** Key names in the Secret. */
  public readonly keys: Refs<Config['secrets']['keys']>;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const s = props.values.secrets;
    const db = props.values.database;
    const ownName = props.naming.name('secrets');
    this.name = withDefault(s.existingSecret, ownName);
    this.keys = s.keys;
    const generated = (key: Expr<string>) => new Generated({ length: 48, secretName: ownName, key });

    new TemplatedObject<KubeSecretProps>(this, 'secret', {
      apiVersion: 'v1',
      kind: 'Secret',
      when: and(s.create, not(isSet(s.existingSecret))),
      manifest: letIn(
        {
          authSecret: withDefault(s.authSecret, generated(s.keys.authSecret)),
          postgresPassword: withDefault(s.postgresPassword, generated(s.keys.postgresPassword)),
        },
        ({ authSecret, postgresPassword }) => ({
          metadata: props.naming.metadata(ownName, 'secrets'),
          type: 'Opaque',
          data: {
            [member()]: entry(s.keys.authSecret, base64(authSecret as Expr<string>)),
            [member()]: entry(s.keys.openaiApiKey, base64(s.openaiApiKey)),
            [member()]: entry(s.keys.groqApiKey, base64(s.groqApiKey)),
            [member()]: entry(s.keys.databaseUrl, base64(s.databaseUrl), eq(db.mode, 'external')),
            [member()]: entry(
              s.keys.databaseUrl,
              base64(str`postgresql://${db.postgres.username}:${postgresPassword}@${props.postgresHost}:${db.postgres.port}/${db.postgres.database}`),
              eq(db.mode, 'postgres'),
            ),
            [member()]: entry(s.keys.postgresPassword, base64(postgresPassword as Expr<string>), eq(db.mode, 'postgres')),
          },
        }),
      ) as never,
    });
  }

  /** An env var read from a key of the Secret. */
  public env(name: string | Expr<string>, key: Expr<string>, optional = false) {
    return { name, valueFrom: { secretKeyRef: { name: this.name, key, ...(optional ? { optional: true } : {}) } } };
  }
}
