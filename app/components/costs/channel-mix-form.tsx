import { Form } from '@remix-run/react';
import { useId, useMemo, useState } from 'react';
import { useHydrated } from '#app/components/charts/chart-frame';
import { FormError } from '#app/components/field';
import { costPerInteractionMinor, fractionFromJson, MIX_CHANNELS, type ChannelMixBaselineDto, type MixBaseline, type MixChannel } from '#app/domain/costs/channel-mix';
import { COST_FIELDS, evaluateMixForm, SHARE_FIELDS, type MixFormError, type MixFormValues } from '#app/domain/costs/channel-mix-params';
import { formatMoney, formatNumber } from '#app/i18n/format';
import type { Translate } from '#app/i18n/index';
import { useLocale, useT } from '#app/i18n/react';

export interface ChannelMixFormProps {
  baseline: ChannelMixBaselineDto;
  values: MixFormValues;
}

export const baselineOf = (dto: ChannelMixBaselineDto): MixBaseline => ({
  months: dto.months,
  channels: Object.fromEntries(MIX_CHANNELS.map((c) => [c, { interactions: dto.channels[c].interactions, cost: fractionFromJson(dto.channels[c].cost) }])) as MixBaseline['channels'],
});

function errorText(error: MixFormError, t: Translate): string {
  if (error.kind === 'share_sum') return t('whatIf.mix.error.sum', { sum: error.sum });
  if (error.kind === 'cost_unknown') return t('whatIf.mix.error.costUnknown', { channel: t(`whatIf.mix.channel.${error.channel}`) });
  if (error.kind === 'no_volume') return t('whatIf.mix.error.noVolume');
  return t('form.errorSummary');
}

/**
 * The what-if form: a GET form (works without JavaScript: number inputs, a submit button, the server
 * answers) that, once hydrated, adds a slider beside each share and recomputes on every change.
 */
export function ChannelMixForm({ baseline, values: initial }: ChannelMixFormProps) {
  const t = useT();
  const hydrated = useHydrated();
  const [values, setValues] = useState<MixFormValues>(initial);
  const model = useMemo(() => baselineOf(baseline), [baseline]);
  const outcome = useMemo(() => evaluateMixForm(model, values, baseline.minorDigits), [model, values, baseline.minorDigits]);
  const set = (name: keyof MixFormValues, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const fieldErrors = !outcome.ok && outcome.error.kind === 'fields' ? outcome.error.fields : {};
  const sum = MIX_CHANNELS.reduce((acc, c) => acc + (Number(values[SHARE_FIELDS[c]]) || 0), 0);
  return (
    <>
      <Form method="get" className="stack card" noValidate aria-labelledby="mix-form-title">
        <h2 id="mix-form-title" style={{ marginTop: 0 }}>
          {t('whatIf.mix.formTitle')}
        </h2>
        <FormError message={!outcome.ok ? errorText(outcome.error, t) : undefined} />
        <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600 }}>{t('whatIf.mix.sharesLegend')}</legend>
          {MIX_CHANNELS.map((channel) => (
            <ShareInput key={channel} channel={channel} value={values[SHARE_FIELDS[channel]]} hydrated={hydrated} invalid={fieldErrors[SHARE_FIELDS[channel]] !== undefined} onChange={(v) => set(SHARE_FIELDS[channel], v)} />
          ))}
          <p className={sum === 100 ? 'muted' : 'field-error'} aria-live="polite" data-testid="mix-sum">
            {t('whatIf.mix.sum', { sum })}
          </p>
        </fieldset>
        <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600 }}>{t('whatIf.mix.costsLegend', { currency: baseline.currency })}</legend>
          {MIX_CHANNELS.map((channel) => (
            <CostInput key={channel} channel={channel} baseline={baseline} value={values[COST_FIELDS[channel]]} invalid={fieldErrors[COST_FIELDS[channel]] !== undefined} onChange={(v) => set(COST_FIELDS[channel], v)} />
          ))}
        </fieldset>
        <button type="submit">{t('whatIf.mix.submit')}</button>
      </Form>
      <MixResultView baseline={baseline} outcome={outcome} />
    </>
  );
}

function ShareInput({ channel, value, hydrated, invalid, onChange }: { channel: MixChannel; value: string; hydrated: boolean; invalid: boolean; onChange: (value: string) => void }) {
  const t = useT();
  const id = useId();
  const label = t(`whatIf.mix.share.${channel}`);
  const errorId = `${id}-error`;
  return (
    <div className={`field${invalid ? ' field-invalid' : ''}`}>
      <label htmlFor={`${id}-number`}>{label}</label>
      <div style={{ display: 'flex', gap: '0.75rem', alignItems: 'center' }}>
        {hydrated ? (
          // The slider has no name: the number input beside it is what the form submits.
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            value={Number(value) || 0}
            aria-label={t('whatIf.mix.sliderLabel', { channel: label })}
            aria-valuetext={t('whatIf.mix.percent', { value: Number(value) || 0 })}
            onChange={(e) => onChange(e.target.value)}
            style={{ flex: 1 }}
          />
        ) : null}
        <input
          id={`${id}-number`}
          name={SHARE_FIELDS[channel]}
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          value={value}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(e) => onChange(e.target.value)}
          style={{ width: '6rem' }}
        />
        <span aria-hidden="true">%</span>
      </div>
      {invalid ? (
        <p id={errorId} className="field-error" role="alert">
          {t('whatIf.mix.error.share')}
        </p>
      ) : null}
    </div>
  );
}

function CostInput({ channel, baseline, value, invalid, onChange }: { channel: MixChannel; baseline: ChannelMixBaselineDto; value: string; invalid: boolean; onChange: (value: string) => void }) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const derived = fractionFromJson(baseline.channels[channel].cost);
  const hint = derived ? t('whatIf.mix.costFromData', { cost: formatMoney(locale, costPerInteractionMinor(derived), baseline.currency) }) : t('whatIf.mix.costUnknown');
  return (
    <div className={`field${invalid ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{t('whatIf.mix.cost', { channel: t(`whatIf.mix.channel.${channel}`) })}</label>
      <input
        id={id}
        name={COST_FIELDS[channel]}
        type="text"
        inputMode="decimal"
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-hint${invalid ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
        style={{ width: '10rem' }}
      />
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {invalid ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t('whatIf.mix.error.cost')}
        </p>
      ) : null}
    </div>
  );
}

function MixResultView({ baseline, outcome }: { baseline: ChannelMixBaselineDto; outcome: ReturnType<typeof evaluateMixForm> }) {
  const t = useT();
  const locale = useLocale();
  const money = (minor: bigint | null) => (minor === null ? '—' : formatMoney(locale, minor, baseline.currency));
  return (
    <section aria-labelledby="mix-result-title" aria-live="polite" data-testid="mix-result">
      <h2 id="mix-result-title">{t('whatIf.mix.resultTitle')}</h2>
      {!outcome.ok ? (
        <p className="muted">{t('whatIf.mix.noResult')}</p>
      ) : (
        <>
          <p data-testid="mix-summary">
            {t('whatIf.mix.summary', {
              today: money(outcome.result.today.totalMinor),
              scenario: money(outcome.result.scenario.totalMinor),
              difference: money(outcome.result.differenceMinor),
            })}
          </p>
          <div style={{ overflowX: 'auto' }}>
            <table className="data">
              <caption className="muted">{t('whatIf.mix.tableCaption', { interactions: formatNumber(locale, outcome.result.interactionsPerMonth, 0) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('whatIf.mix.channelHeader')}</th>
                  <th scope="col" className="num">{t('whatIf.mix.todayShare')}</th>
                  <th scope="col" className="num">{t('whatIf.mix.todayCost')}</th>
                  <th scope="col" className="num">{t('whatIf.mix.scenarioShare')}</th>
                  <th scope="col" className="num">{t('whatIf.mix.scenarioInteractions')}</th>
                  <th scope="col" className="num">{t('whatIf.mix.scenarioCost')}</th>
                </tr>
              </thead>
              <tbody>
                {MIX_CHANNELS.map((channel) => {
                  const today = outcome.result.today.channels[channel];
                  const scenario = outcome.result.scenario.channels[channel];
                  return (
                    <tr key={channel} data-channel={channel}>
                      <th scope="row">{t(`whatIf.mix.channel.${channel}`)}</th>
                      <td className="num">{t('whatIf.mix.percent', { value: outcome.result.today.shares[channel] })}</td>
                      <td className="num">{money(today?.costMinor ?? null)}</td>
                      <td className="num">{t('whatIf.mix.percent', { value: outcome.result.scenario.shares[channel] })}</td>
                      <td className="num">{formatNumber(locale, scenario.interactions, 0)}</td>
                      <td className="num">{money(scenario.costMinor)}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('whatIf.mix.total')}</th>
                  <td />
                  <td className="num" data-testid="mix-today-total">
                    {money(outcome.result.today.totalMinor)}
                  </td>
                  <td />
                  <td />
                  <td className="num" data-testid="mix-scenario-total">
                    {money(outcome.result.scenario.totalMinor)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
