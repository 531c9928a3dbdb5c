import type { MatcherOp, SilenceLabel, SilenceState } from '../../../shared/schemas/alerts';
import { regexMatchesWhole, regexProblem } from './policy-regex';

/**
 * Silences as Alertmanager has them: label matchers on any label (=, !=, =~, !~; regexes are RE2, anchored at both
 * ends; a label an alert lacks is the empty string), a window
 * [startsAt, endsAt), a comment and who made it. A silence made ahead of a maintenance window mutes nothing
 * until it starts. Regexes run on RE2 (linear time), so a matcher cannot stall the alert evaluator.
 */
export interface SilenceMatcher {
  label: SilenceLabel;
  op: MatcherOp;
  value: string;
}

export interface Silence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy: string;
}

/** How far in the past a start may lie (clock skew, a slow form): later starts are refused. */
export const START_TOLERANCE_MS = 5 * 60_000;

export function silenceState(s: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now >= s.endsAt) return 'expired';
  return now < s.startsAt ? 'pending' : 'active';
}

const isRegex = (op: MatcherOp) => op === '=~' || op === '!~';

export function matcherHolds(m: SilenceMatcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return regexMatchesWhole(value, m.value);
    case '!~':
      return !regexMatchesWhole(value, m.value);
  }
}

export function silenceMatches(s: Pick<Silence, 'matchers'>, labels: Record<string, string>): boolean {
  return s.matchers.every((m) => matcherHolds(m, labels[m.label] ?? ''));
}

/** The first silence muting these labels at `now`, or null. */
export function isSilenced(labels: Record<string, string>, silences: readonly Silence[], now: number): Silence | null {
  return silences.find((s) => silenceState(s, now) === 'active' && silenceMatches(s, labels)) ?? null;
}

/** The runbooks' `{"alertname": "x"}` form: every pair an equality matcher. */
export function matchersFromRecord(record: Record<string, string>): SilenceMatcher[] {
  return Object.entries(record).map(([label, value]) => ({ label, op: '=', value }));
}

export function describeMatchers(matchers: readonly SilenceMatcher[]): string {
  return matchers.map((m) => `${m.label}${m.op}${m.value}`).join(',');
}

/** Why a new silence cannot be stored, field first, or null when it can. */
export function silenceProblem(s: Pick<Silence, 'matchers' | 'startsAt' | 'endsAt'>, now: number): string | null {
  if (s.endsAt <= s.startsAt) return 'ends_at: a silence must end after it starts';
  if (s.endsAt <= now) return 'ends_at: a silence must end in the future';
  if (s.startsAt < now - START_TOLERANCE_MS) return `starts_at: a silence cannot start more than ${START_TOLERANCE_MS / 60_000} minutes in the past`;
  for (const m of s.matchers) {
    const problem = isRegex(m.op) ? regexProblem(m.value) : null;
    if (problem) return `matchers: ${m.label}${m.op}${m.value} is not a valid RE2 regex (${problem})`;
  }
  // Alertmanager's rule: matchers that all hold for a label-less alert would mute every alert without those labels.
  if (s.matchers.every((m) => matcherHolds(m, ''))) return 'matchers: at least one matcher must not match an empty (missing) label, or the silence mutes every alert that lacks these labels';
  return null;
}

/** A silence ended now: a pending one never starts, an active one stops. */
export function expireSilence(s: Silence, now: number): Silence {
  return { ...s, startsAt: Math.min(s.startsAt, now), endsAt: Math.min(s.endsAt, now) };
}
