import { Field, SelectField } from '#app/components/field';
import { PRICING_MODELS } from '#app/domain/contracts/rate-card';
import { CHANNELS } from '#app/domain/programs/schemas';
import { useT } from '#app/i18n/react';
import type { FieldErrors } from '#app/lib/form-data';
import { GroupError, RowToolbar, fieldIdOf, useFieldError, useHydrated, useRows } from './editor-bits';
import { blankRateLine, blankTier, type RateLineValues, type TierValues } from './version-form';
import type { ScopeOptions } from './scope';

interface RateCardEditorProps {
  lines: RateLineValues[];
  errors: FieldErrors;
  scope: ScopeOptions;
}

/** The rate card: one fieldset per line, each with its volume tiers. */
export function RateCardEditor({ lines, errors, scope }: RateCardEditorProps) {
  const t = useT();
  const errorOf = useFieldError(errors);
  const hydrated = useHydrated();
  const { rows, add, remove } = useRows(lines);
  const groupErrorId = `${fieldIdOf('rateLines')}-error`;
  const groupError = errors.rateLines ? errorOf('rateLines') : undefined;
  return (
    <fieldset id={fieldIdOf('rateLines')} className="contract-rows" aria-describedby={groupError ? groupErrorId : undefined}>
      <legend>{t('contractsUi.rateCard.title')}</legend>
      <p className="field-hint">{t('contractsUi.rateCard.hint')}</p>
      <GroupError id={groupErrorId} message={groupError} />
      {rows.map((row, index) => (
        <RateLineFields key={row.key} index={index} line={row.value} errors={errors} scope={scope} onRemove={hydrated ? () => remove(row.key) : undefined} />
      ))}
      {hydrated ? (
        <button type="button" className="secondary" onClick={() => add(blankRateLine())}>
          {t('contractsUi.rateCard.addLine')}
        </button>
      ) : null}
    </fieldset>
  );
}

function RateLineFields({ index, line, errors, scope, onRemove }: { index: number; line: RateLineValues; errors: FieldErrors; scope: ScopeOptions; onRemove?: () => void }) {
  const t = useT();
  const errorOf = useFieldError(errors);
  const name = (field: string) => `rateLines[${index}].${field}`;
  const legend = t('contractsUi.rateCard.lineLegend', { n: index + 1 });
  const input = (field: keyof Omit<RateLineValues, 'tiers'>, extra: Record<string, string> = {}) => ({ id: fieldIdOf(name(field)), name: name(field), defaultValue: line[field], error: errorOf(name(field)), ...extra });
  return (
    <fieldset className="contract-row" data-testid="rate-line-row">
      <legend>{legend}</legend>
      <div className="contract-row-grid">
        <SelectField
          label={t('contractsUi.field.pricingModel')}
          {...input('pricingModel')}
          options={[{ value: '', label: t('contractsUi.choose') }, ...PRICING_MODELS.map((m) => ({ value: m, label: t(`contractsUi.pricingModel.${m}`) }))]}
        />
        <Field label={t('contractsUi.field.description')} {...input('description')} />
        <SelectField label={t('contractsUi.field.channel')} {...input('channel')} options={[{ value: '', label: t('contractsUi.any') }, ...CHANNELS.map((c) => ({ value: c, label: t(`contractsUi.channel.${c}`) }))]} />
        <SelectField label={t('contractsUi.field.queue')} {...input('queueId')} options={[{ value: '', label: t('contractsUi.any') }, ...scope.queueOptions]} />
        <Field label={t('contractsUi.field.rate')} inputMode="decimal" {...input('rate')} />
      </div>
      <TierRows lineIndex={index} tiers={line.tiers} errors={errors} lineLegend={legend} />
      {onRemove ? (
        <RowToolbar>
          <button type="button" className="secondary" onClick={onRemove}>
            {t('contractsUi.rateCard.removeLine', { n: index + 1 })}
          </button>
        </RowToolbar>
      ) : null}
    </fieldset>
  );
}

function TierRows({ lineIndex, tiers, errors, lineLegend }: { lineIndex: number; tiers: TierValues[]; errors: FieldErrors; lineLegend: string }) {
  const t = useT();
  const errorOf = useFieldError(errors);
  const hydrated = useHydrated();
  const { rows, add, remove } = useRows(tiers);
  const group = `rateLines[${lineIndex}].tiers`;
  const groupErrorId = `${fieldIdOf(group)}-error`;
  const groupError = errors[group] ? errorOf(group) : undefined;
  return (
    <fieldset id={fieldIdOf(group)} className="contract-tiers" aria-describedby={groupError ? groupErrorId : undefined}>
      <legend>{t('contractsUi.tiers.legend', { line: lineLegend })}</legend>
      <p className="field-hint">{t('contractsUi.tiers.hint')}</p>
      <GroupError id={groupErrorId} message={groupError} />
      {rows.map((row, index) => {
        const name = (field: keyof TierValues) => `${group}[${index}].${field}`;
        const input = (field: keyof TierValues) => ({ id: fieldIdOf(name(field)), name: name(field), defaultValue: row.value[field], error: errorOf(name(field)), inputMode: 'decimal' as const });
        return (
          <div key={row.key} className="contract-tier" role="group" aria-label={t('contractsUi.tiers.rowLabel', { n: index + 1 })}>
            <Field label={t('contractsUi.field.fromQty')} {...input('fromQty')} />
            <span aria-hidden="true">–</span>
            <Field label={t('contractsUi.field.toQty')} {...input('toQty')} />
            <span aria-hidden="true">:</span>
            <Field label={t('contractsUi.field.tierRate')} {...input('rate')} />
            {hydrated ? (
              <button type="button" className="secondary" onClick={() => remove(row.key)} aria-label={t('contractsUi.tiers.removeLabel', { n: index + 1 })}>
                {t('contractsUi.remove')}
              </button>
            ) : null}
          </div>
        );
      })}
      {hydrated ? (
        <button type="button" className="secondary" onClick={() => add(blankTier())}>
          {t('contractsUi.tiers.add')}
        </button>
      ) : null}
    </fieldset>
  );
}
