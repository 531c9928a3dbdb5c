import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/main/engine/cli/program';

const deploy = (file: string) => path.join(import.meta.dirname, '../../../deploy', file);

/** The subcommand an argv names and whether every option it passes exists on that command. */
function checkArgv(argv: string[]): string[] {
  const program = buildProgram({ code: 0 });
  const [name, ...rest] = argv;
  const command = program.commands.find((c: Command) => c.name() === name);
  if (!command) return [`no command '${name}'`];
  const known = new Set(command.options.flatMap((o) => [o.long, o.short].filter(Boolean) as string[]));
  return rest.filter((a) => a.startsWith('-') && !known.has(a)).map((a) => `'${name}' has no option ${a}`);
}

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
}

describe('deploy/compose.yaml', () => {
  const compose = parse(fs.readFileSync(deploy('compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const s = compose.services;

  it('runs Postgres, a Redis that never evicts, a migration, one API without a worker and two workers', () => {
    expect(Object.keys(s).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
    expect(s.redis!.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction']));
    expect(s.migrate!.command).toEqual(['migrate']);
    expect(s.api!.command).toContain('--no-worker');
    expect(s.worker!.command![0]).toBe('worker');
    expect(s.worker!.deploy?.replicas).toBe(2);
  });

  it('gives every engine process both production URLs, pointing at the compose services', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      expect(s[name]!.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(s[name]!.environment?.REDIS_URL).toBe('redis://redis:6379');
    }
  });

  it('only uses commands and options the CLI has', () => {
    for (const name of ['migrate', 'api', 'worker']) expect(checkArgv(s[name]!.command!)).toEqual([]);
  });
});

describe('deploy/systemd units', () => {
  const units = fs.readdirSync(deploy('systemd')).filter((f) => f.endsWith('.service'));

  it('has a migration, an API and a templated worker unit', () => {
    expect(units.sort()).toEqual(['decisionos-api.service', 'decisionos-migrate.service', 'decisionos-worker@.service']);
  });

  it('starts each with a command and options the CLI has, reading the shared environment file', () => {
    for (const unit of units) {
      const text = fs.readFileSync(deploy(`systemd/${unit}`), 'utf8');
      expect(text).toContain('EnvironmentFile=/etc/decisionos/decisionos.env');
      const exec = /^ExecStart=\S+decisionos\.js (.+)$/m.exec(text);
      expect(exec, unit).not.toBeNull();
      expect(checkArgv(exec![1]!.split(/\s+/))).toEqual([]);
    }
    const env = fs.readFileSync(deploy('systemd/decisionos.env'), 'utf8');
    expect(env).toMatch(/^DATABASE_URL=postgres:\/\//m);
    expect(env).toMatch(/^REDIS_URL=redis:\/\//m);
  });
});
