import { Construct } from 'constructs';
import type { KubeSecretProps } from '../../imports/k8s';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { and, base64, Dict, eq, Expr, Generated, isSet, labelled, ne, not, str, ternary, withDefault } from '../template/expr';
import { TemplatedObject } from '../template/templated-object';
import { entry, letIn, member } from '../template/tree';
import { Naming } from './naming';
import { settingsRead } from './settings-checksum';

export interface AppSecretsProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** All values. */
  readonly values: Refs<Config>;
  /** In-cluster host of PostgreSQL (database.mode=postgres). */
  readonly postgresHost: Expr<string>;
}

/** A setting kept in the app Secret, by its key in secrets.keys. */
export type SecretSetting = keyof Config['secrets']['keys'];

/**
 * The app Secret. Created from values unless secrets.existingSecret names one
 * (or secrets.create is false); every reference points at `name` either way.
 * An empty auth secret or PostgreSQL password is generated, and the chart
 * keeps the generated value across upgrades. The Secret outlives an uninstall
 * while the chart keeps a data volume, so a reinstall finds the password that
 * volume was made with.
 */
export class AppSecrets extends Construct {
  /** Name of the Secret every workload reads. */
  public readonly name: Expr<string>;
  private readonly refs: Record<SecretSetting, { readonly name: Expr<string>; readonly key: Expr<string> }>;
  /** What each key holds as far as the values decide it (a generated value counts as its empty input, which upgrades keep). */
  private readonly inputs: Record<SecretSetting, Expr>;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const s = props.values.secrets;
    const db = props.values.database;
    const ownName = props.naming.name('secrets');
    const creates = labelled('secrets.created', 'Whether the chart makes the app Secret (secrets.create, and no secrets.existingSecret).', and(s.create, not(isSet(s.existingSecret))));
    const authFromSecret = isSet(s.authSecretFrom.name);
    this.name = labelled('secretName', 'The app Secret: secrets.existingSecret, else the chart\'s own.', withDefault(s.existingSecret, ownName));
    const inApp = (key: SecretSetting) => ({ name: this.name, key: s.keys[key] as Expr<string> });
    this.refs = {
      authSecret: {
        name: labelled('authSecret.secretName', 'The Secret that holds the auth secret: secrets.authSecretFrom.name, else the app Secret.', withDefault(s.authSecretFrom.name, this.name)),
        key: labelled('authSecret.key', 'The key of the auth secret in that Secret.', ternary(authFromSecret, s.authSecretFrom.key, s.keys.authSecret)),
      },
      databaseUrl: inApp('databaseUrl'),
      openaiApiKey: inApp('openaiApiKey'),
      groqApiKey: inApp('groqApiKey'),
      postgresPassword: inApp('postgresPassword'),
    };
    const postgresUrl = (password: Expr<string>) =>
      str`postgresql://${db.postgres.username}:${password}@${props.postgresHost}:${db.postgres.port}/${db.postgres.database}`;
    const created = (key: SecretSetting, e: Expr) => labelled(`secrets.${key}Written`, `The ${key} the chart writes into its Secret, or nothing when it makes none.`, ternary(creates, e, ''));
    this.inputs = {
      authSecret: created('authSecret', s.authSecret),
      databaseUrl: created('databaseUrl', ternary(eq(db.mode, 'postgres'), postgresUrl(s.postgresPassword), s.databaseUrl)),
      openaiApiKey: created('openaiApiKey', s.openaiApiKey),
      groqApiKey: created('groqApiKey', s.groqApiKey),
      postgresPassword: created('postgresPassword', s.postgresPassword),
    };
    const generated = (key: Expr<string>) => new Generated({ length: 48, secretName: ownName, key });

    new TemplatedObject<KubeSecretProps>(this, 'secret', {
      apiVersion: 'v1',
      kind: 'Secret',
      when: creates,
      manifest: letIn(
        {
          authSecret: withDefault(s.authSecret, generated(s.keys.authSecret)),
          postgresPassword: withDefault(s.postgresPassword, generated(s.keys.postgresPassword)),
        },
        ({ authSecret, postgresPassword }) => ({
          metadata: props.naming.metadata(ownName, 'secrets', {
            values: ternary(ne(db.mode, 'external'), new Dict({ 'helm.sh/resource-policy': 'keep' }), new Dict({})) as Expr<Record<string, string>>,
          }),
          type: 'Opaque',
          data: {
            [member()]: entry(s.keys.authSecret, base64(authSecret as Expr<string>), not(authFromSecret)),
            [member()]: entry(s.keys.openaiApiKey, base64(s.openaiApiKey)),
            [member()]: entry(s.keys.groqApiKey, base64(s.groqApiKey)),
            [member()]: entry(s.keys.databaseUrl, base64(s.databaseUrl), eq(db.mode, 'external')),
            [member()]: entry(s.keys.databaseUrl, base64(postgresUrl(postgresPassword as Expr<string>)), eq(db.mode, 'postgres')),
            [member()]: entry(s.keys.postgresPassword, base64(postgresPassword as Expr<string>), eq(db.mode, 'postgres')),
          },
        }),
      ) as never,
    });
  }

  /** An env var read from the Secret that holds a setting; the pods roll when the values change it. */
  public env(name: string | Expr<string>, setting: SecretSetting, optional = false) {
    const ref = this.refs[setting];
    const envVar = { name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key, ...(optional ? { optional: true } : {}) } } };
    return settingsRead(envVar, 'secret', setting, this.inputs[setting]);
  }
}
