import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_OUT } from '../../../../../scripts/build-engine.mjs';

const ROOT = path.resolve(import.meta.dirname, '../../../../..');

/** The packages a built module loads before its first line runs: static imports, followed through our chunks. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(path.join(ENGINE_OUT, file), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gm)) {
      const spec = (m[1] ?? m[2]) as string;
      if (spec.startsWith('./')) visit(spec.slice(2));
      else packages.add(spec);
    }
  };
  visit(entry);
  return packages;
}

describe('the compiled engine (dist/engine, built by the test setup)', () => {
  it('has the CLI and the writer thread as plain JavaScript entries', () => {
    expect(fs.existsSync(path.join(ENGINE_OUT, 'cli.js'))).toBe(true);
    expect(fs.existsSync(path.join(ENGINE_OUT, 'writer-thread.js'))).toBe(true);
  });

  it('starts the CLI without loading the server, the database or the schemas (fast --help)', () => {
    const loaded = staticPackages('cli.js');
    for (const heavy of ['fastify', 'better-sqlite3', 'zod', 'prom-client', '@marcbachmann/cel-js', 'pino']) {
      expect(loaded, heavy).not.toContain(heavy);
    }
  });

  it('keeps the writer thread free of the HTTP server', () => {
    expect(staticPackages('writer-thread.js')).not.toContain('fastify');
  });

  it('needs neither tsx nor pino-pretty at run time (both are development dependencies)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('tsx');
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('pino-pretty');
    const built = fs.readdirSync(ENGINE_OUT).filter((f) => f.endsWith('.js'));
    for (const file of built) expect(staticPackages(file), file).not.toContain('tsx/esm/api');
    expect(fs.readFileSync(path.join(ROOT, 'bin/decisionos.js'), 'utf8')).not.toMatch(/tsx/);
  });
});
