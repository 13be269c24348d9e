import { useState } from 'react';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';

export interface LineRow {
  lineKey: string;
  description: string;
  quantity: string;
  rate: string;
  amount: string;
}

const BLANK: LineRow = { lineKey: '', description: '', quantity: '', rate: '', amount: '' };
const COLUMNS = ['lineKey', 'description', 'quantity', 'rate', 'amount'] as const;

/**
 * The vendor's invoice lines as editable rows (`lines[i].amount`…), posted with the form so it works
 * without JavaScript; with it, rows can be added and removed. Each input has its own label and its
 * error is tied to it (aria-describedby).
 */
export function LinesEditor({ initial, errors }: { initial: LineRow[]; errors: Record<string, string> }) {
  const t = useT();
  const [rows, setRows] = useState<{ key: number; row: LineRow }[]>(() => (initial.length ? initial : [BLANK, BLANK, BLANK]).map((row, key) => ({ key, row })));
  const [next, setNext] = useState(rows.length);
  return (
    <fieldset>
      <legend>{t('reconciliation.new.lines')}</legend>
      <p className="field-hint" id="lines-hint">
        {t('reconciliation.new.linesHint')}
      </p>
      <table className="data" data-testid="lines-editor">
        <thead>
          <tr>
            <th scope="col">#</th>
            {COLUMNS.map((c) => (
              <th scope="col" key={c}>
                {t(`reconciliation.line.${c}` as MessageKey)}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('reconciliation.new.removeLine')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, row }, index) => (
            <tr key={key}>
              <td>{index + 1}</td>
              {COLUMNS.map((c) => {
                const name = `lines[${index}].${c}`;
                const id = `line-${key}-${c}`;
                const error = errors[name];
                return (
                  <td key={c}>
                    <label htmlFor={id} className="visually-hidden">
                      {t('reconciliation.new.cellLabel', { row: index + 1, column: t(`reconciliation.line.${c}` as MessageKey) })}
                    </label>
                    <input
                      id={id}
                      name={name}
                      defaultValue={row[c]}
                      inputMode={c === 'quantity' || c === 'rate' || c === 'amount' ? 'decimal' : undefined}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                    />
                    {error ? (
                      <p id={`${id}-error`} className="field-error" role="alert">
                        {t(error as MessageKey)}
                      </p>
                    ) : null}
                  </td>
                );
              })}
              <td>
                <button type="button" className="secondary" onClick={() => setRows(rows.filter((r) => r.key !== key))} aria-label={t('reconciliation.new.removeLineN', { row: index + 1 })}>
                  {t('reconciliation.new.removeLine')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setRows([...rows, { key: next, row: BLANK }]);
          setNext(next + 1);
        }}
      >
        {t('reconciliation.new.addLine')}
      </button>
    </fieldset>
  );
}
