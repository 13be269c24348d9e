/** The unit's saved custom mapping in words: which column holds what, how times are read, the defaults. */
import type { CustomMapping } from '#app/domain/feeds/templates/custom-mapping';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';

const KEY_FIELDS = new Set(['queue', 'channel', 'threshold_s']);

export function SavedMappingSummary({ mapping, programTimeZone }: { mapping: CustomMapping; programTimeZone: string }) {
  const t = useT();
  const fieldLabel = (field: string) => (KEY_FIELDS.has(field) ? t(`feedsUi.mapping.field.${field}` as MessageKey) : field);
  const unitLabel = (unit: string | undefined) => (unit === 'minutes' ? t('feedsUi.mapping.unit.minutes') : unit === 'hhmmss' ? t('feedsUi.mapping.unit.hhmmss') : t('feedsUi.mapping.unit.default'));
  const rows: Array<{ holds: string; column: string; readAs: string }> = [
    { holds: t('feedsUi.mapping.role.start'), column: mapping.timestampColumn, readAs: t(`feedsUi.mapping.format.${mapping.timestampFormat}`) },
    ...(mapping.timeOfDayColumn ? [{ holds: t('feedsUi.mapping.role.timeOfDay'), column: mapping.timeOfDayColumn, readAs: '' }] : []),
    ...Object.entries(mapping.columns).map(([field, spec]) => ({
      holds: fieldLabel(field),
      column: spec?.column ?? '',
      readAs: spec?.average_of ? t('feedsUi.mapping.readAs', { unit: unitLabel(spec.unit), count: spec.average_of }) : spec?.unit ? unitLabel(spec.unit) : '',
    })),
  ];
  const { defaults } = mapping;
  return (
    <div data-testid="saved-mapping">
      {mapping.label ? <p>{mapping.label}</p> : null}
      <table>
        <caption>{t('feedsUi.mapping.summaryCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('feedsUi.mapping.colField')}</th>
            <th scope="col">{t('feedsUi.mapping.colColumn')}</th>
            <th scope="col">{t('feedsUi.mapping.colReadAs')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.holds}-${row.column}`}>
              <td>{row.holds}</td>
              <td>{row.column}</td>
              <td>{row.readAs}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl>
        <dt>{t('feedsUi.mapping.timeZone')}</dt>
        <dd>{mapping.timeZone ?? t('feedsUi.mapping.programZone', { zone: programTimeZone })}</dd>
        <dt>{t('feedsUi.mapping.intervalMinutes')}</dt>
        <dd>{t(`feedsUi.mapping.interval.${mapping.intervalMinutes}`)}</dd>
        {defaults.queue ? (
          <>
            <dt>{t('feedsUi.mapping.defaultQueue')}</dt>
            <dd>{defaults.queue}</dd>
          </>
        ) : null}
        {defaults.channel ? (
          <>
            <dt>{t('feedsUi.mapping.defaultChannel')}</dt>
            <dd>{defaults.channel}</dd>
          </>
        ) : null}
        {defaults.thresholdS !== undefined ? (
          <>
            <dt>{t('feedsUi.mapping.defaultThreshold')}</dt>
            <dd>{defaults.thresholdS}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
