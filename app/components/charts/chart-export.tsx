import { useState } from 'react';
import { buildCsv } from '#app/domain/export/csv';
import { useT } from '#app/i18n/react';
import { toExportTable, type ChartData } from './chart-data';
import { useHydrated } from './chart-frame';

export interface ChartExportProps {
  data: ChartData;
  /** Names the download in screen readers and the XLSX sheet. */
  title: string;
  /** File name without extension, e.g. "erlang-c". */
  fileName: string;
}

type Format = 'csv' | 'xlsx';

/**
 * Download buttons for a chart's data, built in the browser from the same ChartData as the chart and its
 * table. They stay disabled until hydration (without JavaScript the table on the page is the data).
 */
export function ChartExport({ data, title, fileName }: ChartExportProps) {
  const t = useT();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState<Format | null>(null);
  const [failed, setFailed] = useState(false);

  async function download(format: Format) {
    setBusy(format);
    setFailed(false);
    try {
      const table = toExportTable(data);
      let blob: Blob;
      if (format === 'csv') {
        blob = new Blob([buildCsv(table)], { type: 'text/csv;charset=utf-8' });
      } else {
        const { buildXlsx, XLSX_MIME } = await import('#app/lib/table-export');
        blob = new Blob([await buildXlsx(table, title)], { type: XLSX_MIME });
      }
      saveBlob(blob, `${fileName}.${format}`);
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="toolbar" style={{ marginTop: '0.5rem' }}>
      <button type="button" className="secondary" disabled={!hydrated || busy !== null} onClick={() => void download('csv')} aria-label={t('charts.downloadCsvLabel', { title })} data-export="csv">
        {t('charts.downloadCsv')}
      </button>
      <button type="button" className="secondary" disabled={!hydrated || busy !== null} onClick={() => void download('xlsx')} aria-label={t('charts.downloadXlsxLabel', { title })} data-export="xlsx">
        {t('charts.downloadXlsx')}
      </button>
      {failed ? (
        <p className="field-error" role="alert">
          {t('charts.exportFailed')}
        </p>
      ) : null}
    </div>
  );
}

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
