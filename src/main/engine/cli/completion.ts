import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** A command's place in the tree and what may follow it there. */
interface Node {
  path: string[];
  description: string;
  subcommands: { name: string; description: string }[];
  options: { long: string | undefined; short: string | undefined; description: string }[];
  /** Values an argument takes from a fixed set (`completion <shell>`). */
  choices: string[];
}

/** Walks the program as commander's help sees it (visible commands and options, the implicit help command too). */
function nodes(command: Command, path: string[] = []): Node[] {
  const help = command.createHelp();
  const subs = help.visibleCommands(command);
  const here: Node = {
    path,
    description: command.description(),
    subcommands: subs.map((c) => ({ name: c.name(), description: c.description() })),
    options: help.visibleOptions(command).map((o) => ({ long: o.long, short: o.short, description: o.description })),
    choices: command.registeredArguments.flatMap((a) => a.argChoices ?? []),
  };
  return [here, ...subs.filter((c) => c.name() !== 'help').flatMap((c) => nodes(c, [...path, c.name()]))];
}

const words = (n: Node) => [...n.subcommands.map((c) => c.name), ...n.choices, ...n.options.flatMap((o) => (o.long ? [o.long] : []))].join(' ');

/** The completion script for `shell`, derived from the program: nothing in it is listed by hand. */
export function completionScript(program: Command, shell: Shell): string {
  const name = program.name();
  const fn = `_${name.replace(/[^A-Za-z0-9_]/g, '_')}_completion`;
  const all = nodes(program);
  const inner = all.filter((n) => n.path.length > 0).map((n) => `'${n.path.join(' ')}'`);
  if (shell === 'bash') {
    return [
      `# bash completion for ${name}: source <(${name} completion bash)`,
      `${fn}() {`,
      '  local cur="${COMP_WORDS[COMP_CWORD]}" cmdpath="" word i',
      '  for ((i = 1; i < COMP_CWORD; i++)); do',
      '    word="${COMP_WORDS[i]}"',
      '    case "${cmdpath:+$cmdpath }$word" in',
      `      ${inner.join('|')}) cmdpath="\${cmdpath:+$cmdpath }$word" ;;`,
      '    esac',
      '  done',
      '  local candidates=""',
      '  case "$cmdpath" in',
      ...all.map((n) => `    '${n.path.join(' ')}') candidates='${words(n)}' ;;`),
      '  esac',
      '  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))',
      '}',
      `complete -F ${fn} ${name}`,
      '',
    ].join('\n');
  }
  if (shell === 'zsh') {
    return [
      `#compdef ${name}`,
      `# zsh completion for ${name}: source <(${name} completion zsh)`,
      `${fn}() {`,
      '  local cmdpath="" word i',
      '  for ((i = 2; i < CURRENT; i++)); do',
      '    word="${words[i]}"',
      '    case "${cmdpath:+$cmdpath }$word" in',
      `      (${inner.join('|')}) cmdpath="\${cmdpath:+$cmdpath }$word" ;;`,
      '    esac',
      '  done',
      '  case "$cmdpath" in',
      ...all.map((n) => `    ('${n.path.join(' ')}') compadd -- ${words(n)} ;;`),
      '  esac',
      '}',
      `compdef ${fn} ${name}`,
      '',
    ].join('\n');
  }
  const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const condition = (n: Node) => {
    if (n.path.length === 0) return '__fish_use_subcommand';
    const children = n.subcommands.map((c) => c.name);
    return `__fish_seen_subcommand_from ${n.path.at(-1)}${children.length ? `; and not __fish_seen_subcommand_from ${children.join(' ')}` : ''}`;
  };
  const lines = [`# fish completion for ${name}: ${name} completion fish | source`, `complete -c ${name} -f`];
  for (const n of all) {
    for (const c of n.subcommands) lines.push(`complete -c ${name} -n ${quote(condition(n))} -a ${c.name} -d ${quote(c.description)}`);
    if (n.choices.length) lines.push(`complete -c ${name} -n ${quote(condition(n))} -a ${quote(n.choices.join(' '))}`);
    for (const o of n.options) {
      const flags = [o.long ? `-l ${o.long.replace(/^--/, '')}` : '', o.short ? `-s ${o.short.replace(/^-/, '')}` : ''].filter(Boolean).join(' ');
      lines.push(`complete -c ${name} -n ${quote(condition(n))} ${flags} -d ${quote(o.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
