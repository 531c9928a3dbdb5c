import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../../../src/main/engine/cli/program';
import { completionScript, SHELLS } from '../../../../../src/main/engine/cli/completion';

const program = buildProgram({ code: 0 });
const find = (path: string[]): Command => path.reduce<Command>((c, name) => c.commands.find((s) => s.name() === name) as Command, program);

/** What bash offers after `decisionos <words...> <cur>`, by sourcing the script and calling its function. */
function bashComplete(words: string[], cur = ''): string[] {
  const line = ['decisionos', ...words, cur].map((w) => `'${w}'`).join(' ');
  const script = `${completionScript(program, 'bash')}\nCOMP_WORDS=(${line}); COMP_CWORD=${words.length + 1}; _decisionos_completion; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('decisionos completion', () => {
  it('offers every top-level command of the program', () => {
    const offered = bashComplete([]);
    for (const c of program.commands) expect(offered).toContain(c.name());
    expect(offered).toContain('--version');
  });

  it("offers a nested command's subcommands, then that subcommand's options", () => {
    expect(bashComplete(['keys'])).toEqual(expect.arrayContaining(find(['keys']).commands.map((c) => c.name())));
    const createOptions = find(['keys', 'create']).options.map((o) => o.long as string);
    expect(createOptions).toContain('--scopes');
    expect(bashComplete(['keys', 'create', '--workspace', 'w'])).toEqual(expect.arrayContaining(createOptions));
    expect(bashComplete(['serve'], '--p')).toEqual(['--port']);
    expect(bashComplete(['completion'])).toEqual(expect.arrayContaining([...SHELLS]));
  });

  it('prints scripts every shell can parse, each naming every command', () => {
    for (const shell of SHELLS) {
      const script = completionScript(program, shell);
      for (const c of program.commands) expect(script).toContain(c.name());
    }
    expect(spawnSync('bash', ['-n', '-c', completionScript(program, 'bash')]).status).toBe(0);
    for (const shell of ['zsh', 'fish'] as const) {
      const check = spawnSync(shell, ['-n', '-c', completionScript(program, shell)]);
      if (check.error) continue; // that shell is not installed here
      expect(check.status).toBe(0);
    }
  });
});
