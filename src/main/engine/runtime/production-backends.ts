import { ConfigError } from '../config-error';
import type { OpenBackends } from './backends';

/** Postgres + Redis: wired in the next step of issue 11. */
export const openProductionBackends: OpenBackends = async () => {
  throw new ConfigError('production mode (DATABASE_URL + REDIS_URL) is not available in this build yet; unset both to run embedded');
};
