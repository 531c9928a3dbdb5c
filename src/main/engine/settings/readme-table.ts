import { EngineConfig } from './engine-config';
import { SETTINGS, type Setting } from './table';

const code = (s: string) => `\`${s}\``;

function defaultOf(s: Setting): string {
  if (s.defaultText !== undefined) return s.defaultText;
  const value: unknown = EngineConfig.shape[s.key].safeParse(undefined).data;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '';
  return code(Array.isArray(value) ? value.join(',') : String(value));
}

/** The README's settings table, rendered from `SETTINGS` (the README must contain exactly this). */
export function settingsMarkdownTable(): string {
  const rows = SETTINGS.map((s) => {
    const name = [code(s.name), ...(s.flag ? [code(s.flag)] : [])].join(' / ');
    const aliases = (s.aliases ?? []).map(code).join(', ');
    return `| ${name} | ${aliases} | ${defaultOf(s)} | ${s.meaning} |`;
  });
  return ['| variable | old name (alias) | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
