import { describe, expect, it } from 'vitest';
import { idKind, matchCommands } from '../../../../../src/renderer/src/components/command-match';

const commands = [
  { id: 'go:/', title: 'Go to Overview', keywords: 'home dashboard' },
  { id: 'go:/blocked', title: 'Go to Blocked', keywords: 'unblock reasons' },
  { id: 'filter:blocked', title: 'Show blocked decisions' },
  { id: 'queue:pause', title: 'Pause the queue', keywords: 'stop workers' },
];

describe('matchCommands', () => {
  it('returns every command, in order, for empty text', () => {
    expect(matchCommands('  ', commands).map((c) => c.id)).toEqual(['go:/', 'go:/blocked', 'filter:blocked', 'queue:pause']);
  });

  it('ranks a title that starts with the text before one that contains it, then keyword-only matches', () => {
    expect(matchCommands('show', commands).map((c) => c.id)).toEqual(['filter:blocked']);
    expect(matchCommands('blocked', commands).map((c) => c.id)).toEqual(['go:/blocked', 'filter:blocked']);
    expect(matchCommands('stop', commands).map((c) => c.id)).toEqual(['queue:pause']);
  });

  it('needs every typed word, in any order, case-insensitively', () => {
    expect(matchCommands('QUEUE pause', commands).map((c) => c.id)).toEqual(['queue:pause']);
    expect(matchCommands('pause overview', commands)).toEqual([]);
  });
});

describe('idKind', () => {
  it('knows a decision id by its prefix, takes id-shaped text as a task id, and leaves plain words to commands', () => {
    expect(idKind('dec_0mwupj6oca3f7c865505a')).toBe('decision');
    expect(idKind(' demo-pay-0037 ')).toBe('task');
    expect(idKind('order:42')).toBe('task');
    expect(idKind('pause')).toBeNull();
    expect(idKind('has space 1')).toBeNull();
    expect(idKind('<script>')).toBeNull();
    expect(idKind('')).toBeNull();
  });
});
