// The engine's settings: the schema, the environment table and its parsers live in settings/.
export { ConfigError } from './config-error';
export { EngineConfig, LOG_LEVELS, backendMode } from './settings/engine-config';
export { configFromEnv } from './settings/from-env';
export { defaultDataDir } from './settings/data-dir';
export { readIntegrationsFile } from './settings/integrations-file';
