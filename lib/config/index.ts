export * from './schema';
export * from './profiles';
export * from './load';
export * from './errors';
export * from './rules';
export * from './refs';
export * from './warnings';
import { configSchema, Config } from './schema';

/** The schema defaults: the local profile. */
export const DEFAULT_CONFIG: Config = configSchema.parse({});
