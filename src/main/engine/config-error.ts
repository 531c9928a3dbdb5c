/**
 * A setting the engine cannot start with: the CLI answers it like bad input (exit 2), not as a crash.
 * Its own module so the CLI can recognise it without loading the settings schema (zod) on `--help`.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
