export * from './schema';
export * from './profiles';
export * from './load';
export * from './errors';
export * from './rules';
export * from './refs';
export * from './warnings';
import { chartDefaults } from './load';
import { Config } from './schema';

/** The schema defaults: the local profile. */
export const DEFAULT_CONFIG: Config = chartDefaults();
