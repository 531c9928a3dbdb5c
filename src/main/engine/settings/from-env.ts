import { ConfigError, EngineConfig, backendMode } from './engine-config';
import { defaultDataDir } from './data-dir';
import { SETTINGS, type Setting } from './table';

/** The variable that is set for a setting: its own name first, then its aliases. Empty counts as unset. */
function presentName(s: Setting, env: NodeJS.ProcessEnv): string | undefined {
  return [s.name, ...(s.aliases ?? [])].find((n) => env[n] !== undefined && env[n] !== '');
}

/**
 * Reads the settings table from the environment; explicit options (command-line flags, tests) win. A bad value
 * stops the start with a ConfigError naming the variable and its value, e.g. `DECISIONOS_PORT=abc: not a port`.
 */
export function configFromEnv(env: NodeJS.ProcessEnv, overrides: Partial<EngineConfig> = {}): EngineConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const fromEnv: Record<string, unknown> = {};
  const source = new Map<string, string>();
  for (const s of SETTINGS) {
    if (s.key in given) continue; // an explicit option: the variable is not read (nor can it fail the start)
    const name = presentName(s, env);
    if (name === undefined) continue;
    const raw = env[name] as string;
    try {
      fromEnv[s.key] = s.parse(raw);
    } catch (error) {
      throw new ConfigError(`${name}=${raw}: ${(error as Error).message}`, { cause: error });
    }
    source.set(s.key, `${name}=${raw}`);
  }
  fromEnv.dataDir ??= defaultDataDir();
  const parsed = EngineConfig.safeParse({ ...fromEnv, ...given });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const where = source.get(key) ?? SETTINGS.find((s) => s.key === key)?.name ?? key;
    throw new ConfigError(`${where}: ${issue?.message}`);
  }
  backendMode(parsed.data); // half a production setup is refused here, naming the missing variable
  return parsed.data;
}
