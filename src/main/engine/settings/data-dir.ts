import envPaths from 'env-paths';

/**
 * Where the database and admin key live unless DECISIONOS_DATA_DIR says otherwise: the platform's data
 * directory (~/.local/share/decisionos or $XDG_DATA_HOME/decisionos on Linux, ~/Library/Application
 * Support/decisionos on macOS, %LOCALAPPDATA%\decisionos\Data on Windows). The CLI and the desktop app both
 * get it from here, so they open the same engine data.
 */
export function defaultDataDir(): string {
  return envPaths('decisionos', { suffix: '' }).data;
}
