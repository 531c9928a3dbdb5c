import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve(import.meta.dirname, '../../../src/renderer/src');
const CSS = fs.readFileSync(path.join(RENDERER, 'styles.css'), 'utf8');

const RAW_COLOUR = /#[0-9a-fA-F]{3,8}\b|\b(rgba?|hsla?)\(/;
const RAW_PIXELS = /\d(\.\d+)?px\b/;

/** The stylesheet minus its comments and the token blocks (`:root { ... }`), which are where raw values belong. */
function rulesOutsideTokens(css: string): string[] {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...withoutComments.matchAll(/([^{}]+)\{([^{}]*)\}/g)]
    .filter((m) => !(m[1] as string).trim().startsWith(':root'))
    .map((m) => `${(m[1] as string).trim()} { ${(m[2] as string).trim()} }`);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('styles use the design tokens', () => {
  it('the stylesheet defines the spacing, type, status and severity tokens in both themes', () => {
    for (const token of ['--space-2', '--text-md', '--status-approved', '--status-needs_review', '--status-blocked', '--status-failed', '--severity-critical', '--severity-warning']) {
      expect(CSS).toContain(`${token}:`);
    }
    const dark = /:root\[data-theme='dark'\] \{([\s\S]*?)\n\}/.exec(CSS)?.[1] ?? '';
    for (const colour of ['--bg', '--fg', '--accent', '--accent-fg', '--danger', '--ok', '--warn', '--info']) expect(dark).toContain(`${colour}:`);
  });

  it('no rule outside the token blocks has a raw colour or pixel size', () => {
    const offenders = rulesOutsideTokens(CSS).filter((rule) => RAW_COLOUR.test(rule) || RAW_PIXELS.test(rule));
    expect(offenders).toEqual([]);
  });

  it('no component sets a raw colour, or a size as a bare number, in its inline styles or code', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(RENDERER)) {
      const text = fs.readFileSync(file, 'utf8');
      text.split('\n').forEach((line, i) => {
        const where = `${path.relative(RENDERER, file)}:${i + 1}`;
        if (RAW_COLOUR.test(line.replace(/['"`]#(?=[\w=-]*[g-zG-Z_=-])[\w=-]*/g, ''))) offenders.push(`${where} colour: ${line.trim()}`);
        for (const style of line.matchAll(/style=\{\{([^}]*)\}\}/g)) {
          if (/:\s*-?\d+(\.\d+)?\s*[,}]|\d(\.\d+)?px['"`]/.test(`${style[1]}}`)) offenders.push(`${where} size: ${style[0]}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });
});
