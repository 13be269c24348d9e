import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';
import type { ImportResult } from '#app/services/costs/import.server';
import { Money } from './money';

/** What an import check found: every problem with its row, column, value and reason, or the rows it would write. */
export function ImportReport({ result }: { result: ImportResult }) {
  const t = useT();
  if (result.issues.length > 0) {
    return (
      <section aria-labelledby="import-issues" className="card">
        <h2 id="import-issues">{t('costs.import.issuesTitle', { count: result.issues.length })}</h2>
        <p role="alert">{t('costs.import.nothingWritten')}</p>
        <table className="data" data-testid="import-issues">
          <thead>
            <tr>
              <th scope="col">{t('costs.import.row')}</th>
              <th scope="col">{t('costs.import.column')}</th>
              <th scope="col">{t('costs.import.value')}</th>
              <th scope="col">{t('costs.import.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {result.issues.map((issue, i) => (
              <tr key={i}>
                <td>{issue.row ?? '—'}</td>
                <td>{issue.column ?? '—'}</td>
                <td>{issue.value === null ? '—' : <code>{issue.value}</code>}</td>
                <td>
                  {t(issue.reason as MessageKey, { row: issue.detail ?? '' })}
                  {issue.detail && issue.reason === 'costs.import.error.file' ? ` ${issue.detail}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    );
  }
  return (
    <section aria-labelledby="import-preview" className="card">
      <h2 id="import-preview">{t('costs.import.previewTitle', { count: result.rows.length })}</h2>
      <table className="data" data-testid="import-preview">
        <thead>
          <tr>
            <th scope="col">{t('costs.import.row')}</th>
            <th scope="col">{t('costs.import.unit')}</th>
            <th scope="col">{t('costs.field.month')}</th>
            <th scope="col" className="num">{t('costs.field.total')}</th>
            <th scope="col">{t('costs.import.effect')}</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row) => (
            <tr key={row.row}>
              <td>{row.row}</td>
              <td>{row.unitName}</td>
              <td>{row.month}</td>
              <td className="num"><Money minor={row.totalMinor} currency={result.currency} /></td>
              <td>{row.replaces ? t('costs.import.replaces') : t('costs.import.adds')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
