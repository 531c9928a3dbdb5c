import { AppError } from '../../../../../shared/errors';
import { SilenceAlertParams } from '../../../../../shared/schemas/runbook';
import type { SilenceMatcher } from '../../../../../shared/schemas/alerts';
import { describeMatchers, silenceMatches, silenceProblem } from '../../../domain/silences';
import { defineAction, type ActionContext, type PreviewOf } from './action';

const matchersOf = (p: SilenceAlertParams): SilenceMatcher[] => [{ label: 'alertname', op: '=', value: p.alert }, ...(p.matchers ?? [])];

/** The rule ids of the firing alerts (silenced already or not) these matchers hold for. */
function firingMatched(ctx: ActionContext, matchers: SilenceMatcher[]): string[] {
  return ctx.alerts.active(true).filter((a) => silenceMatches({ matchers }, a.labels)).map((a) => a.rule_id);
}

export const silenceAlert = defineAction({
  id: 'silence-alert',
  title: 'Silence an alert for a while',
  description:
    "Create a silence (the same the Alerts screen creates) for one alert rule, optionally narrowed by more label matchers (any label, a rule's own included; =, !=, =~, !~), for the given minutes: the alert still fires and shows, its notifications are not sent. The run's reason is the silence's comment. Undo: expire-silence.",
  scope: 'system',
  params: SilenceAlertParams,
  async preview(ctx, params): Promise<PreviewOf> {
    const rules = ctx.alerts.listRules().map((r) => r.id);
    if (!rules.includes(params.alert)) throw new AppError('not_found', `no alert rule ${params.alert}; the rules are ${rules.join(', ')}`);
    const matchers = matchersOf(params);
    const now = ctx.deps.clock.now();
    // What creating the silence would refuse (a bad regex), refused before any matcher runs.
    const problem = silenceProblem({ matchers, startsAt: now, endsAt: now + params.minutes * 60_000 }, now);
    if (problem) throw new AppError('validation_failed', `params of silence-alert: ${problem}`);
    const firing = firingMatched(ctx, matchers);
    const until = new Date(now + params.minutes * 60_000).toISOString();
    return {
      summary: firing.length
        ? `Silence ${describeMatchers(matchers)} for ${params.minutes} min (until about ${until}): mutes the notifications of ${firing.join(', ')}, firing now.`
        : `Silence ${describeMatchers(matchers)} for ${params.minutes} min (until about ${until}); it does not fire now, so the silence mutes it if it fires in that time.`,
      touches: { counts: { silences: 1, alerts: firing.length }, ids: firing, total: firing.length },
      destructive: false,
      confirm: null,
      params,
    };
  },
  async run(ctx, params, _preview, progress) {
    const matchers = matchersOf(params);
    const ends = new Date(ctx.deps.clock.now() + params.minutes * 60_000).toISOString();
    const silence = await ctx.alerts.createSilence(ctx.caller, { matchers, ends_at: ends, comment: ctx.reason });
    const firing = firingMatched(ctx, matchers);
    progress(1, 1);
    return {
      summary: `Silence ${silence.id} mutes ${describeMatchers(matchers)} until ${silence.ends_at}${firing.length ? `; it mutes ${firing.join(', ')} now` : ''}.`,
      counts: { silences: 1, alerts: firing.length },
      undo: { action_id: 'expire-silence', params: { silence_id: silence.id }, title: `End silence ${silence.id} now` },
    };
  },
});
