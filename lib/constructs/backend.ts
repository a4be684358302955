import { Construct } from 'constructs';
import { mockLlmEnabled } from '../config/ai-endpoint';
import { Config } from '../config/schema';
import { Refs } from '../config/refs';
import { dirname, eq, Expr, str } from '../template/expr';
import { when } from '../template/tree';
import { AppConfig, CONFIG_KEYS } from './app-config';
import { AppSecrets } from './app-secrets';
import { MOCK_LLM_KEY } from './mock-llm';
import { Naming } from './naming';
import { imageRegistry } from './pod-options';
import { SqliteStorage } from './sqlite-storage';
import { WebWorkload } from './web-workload';

export interface BackendProps {
  /** Shared names and labels. */
  readonly naming: Naming;
  /** All values. */
  readonly values: Refs<Config>;
  /** Non-secret settings. */
  readonly config: AppConfig;
  /** The app Secret. */
  readonly secrets: AppSecrets;
  /** The SQLite volume, mounted in database.mode=sqlite. */
  readonly sqlite: SqliteStorage;
}

/**
 * The FastAPI backend. With SQLite it owns a ReadWriteOnce volume, so it runs
 * one pod and is replaced with Recreate; otherwise it rolls with no downtime.
 */
export class Backend extends Construct {
  public readonly workload: WebWorkload;
  public readonly name: Expr<string>;

  constructor(scope: Construct, id: string, props: BackendProps) {
    super(scope, id);
    const { config, secrets } = props;
    const v = props.values.backend;
    const db = props.values.database;
    const names = v.envNames;
    const sqlite = eq(db.mode, 'sqlite');
    const mock = mockLlmEnabled(props.values);
    this.name = props.naming.name('backend');
    this.workload = new WebWorkload(this, 'workload', {
      naming: props.naming,
      component: 'backend',
      values: v,
      imagePullSecrets: props.values.imagePullSecrets,
      imageRegistry: imageRegistry(props.values),
      sleepCommand: (seconds) => ['python', '-c', str`import time; time.sleep(${seconds})`],
      mustRecreate: sqlite,
      env: [
        { name: names.port, value: str`${v.port}` },
        when(
          sqlite,
          { name: names.databaseUrl, value: str`sqlite:///${db.sqlite.path}` },
          secrets.env(names.databaseUrl, 'databaseUrl'),
        ),
        secrets.env(names.authSecret, 'authSecret'),
        // Only the chosen provider's key is needed; an existing Secret may lack the other. The
        // in-cluster mock takes any key, but OpenAI clients refuse to start without one.
        when(mock, { name: names.openaiApiKey, value: MOCK_LLM_KEY }, secrets.env(names.openaiApiKey, 'openaiApiKey', true)),
        when(mock, { name: names.groqApiKey, value: MOCK_LLM_KEY }, secrets.env(names.groqApiKey, 'groqApiKey', true)),
        config.env(names.aiProvider, CONFIG_KEYS.aiProvider),
        config.env(names.aiModel, CONFIG_KEYS.aiModel),
        config.env(names.aiBaseUrl, CONFIG_KEYS.aiBaseUrl),
        config.env(names.corsOrigins, CONFIG_KEYS.corsOrigins),
      ],
      volumes: [when(sqlite, { name: 'data', persistentVolumeClaim: { claimName: props.sqlite.claimName } })],
      volumeMounts: [when(sqlite, { name: 'data', mountPath: dirname(db.sqlite.path) })],
    });
  }
}
