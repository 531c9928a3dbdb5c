import { RE2JS } from 're2js';

/**
 * CEL's `matches` on RE2 semantics, through re2js: matching takes time linear in the input, so no pattern can
 * backtrack for seconds the way `^(a|aa)+$` does on JavaScript's RegExp. Patterns RE2 cannot express
 * (backreferences, lookaround) do not compile.
 */

/** Compiled patterns kept; patterns can come from inputs, so the cache is bounded (least recently used goes). */
const CACHE_LIMIT = 256;
const compiled = new Map<string, RE2JS>();

function compile(pattern: string): RE2JS {
  const hit = compiled.get(pattern);
  if (hit) {
    compiled.delete(pattern);
    compiled.set(pattern, hit);
    return hit;
  }
  const regex = RE2JS.compile(pattern);
  compiled.set(pattern, regex);
  if (compiled.size > CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
  return regex;
}

/** Why RE2 cannot compile `pattern`, or null when it can. */
export function regexProblem(pattern: string): string | null {
  try {
    compile(pattern);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** CEL `string.matches(string)`: true when the pattern matches anywhere in the input (RE2 partial match). */
export function regexMatches(input: string, pattern: string): boolean {
  return compile(pattern).matcher(input).find();
}

/** True when the pattern matches the whole input (how Alertmanager anchors silence matchers). */
export function regexMatchesWhole(input: string, pattern: string): boolean {
  return compile(pattern).matches(input);
}

/** How many compiled patterns are cached (tests check the bound). */
export function cachedRegexCount(): number {
  return compiled.size;
}
