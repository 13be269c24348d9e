import { Link } from '@remix-run/react';
import { WEEKDAYS, type Channel, type HoursOfOperation, type ProgramStatus, type UnitKind } from '#app/domain/programs/schemas';
import { formatDate, formatNumber } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import { SlaTable, type SlaRowView } from './sla-table';
import { StatusBadge } from './status-badge';

export interface ProgramFactsView {
  channels: Channel[];
  timeZone: string;
  currency: string;
  status: ProgramStatus;
  hoursOfOperation: HoursOfOperation;
  holidays: { date: string; name: string; hours?: { open: string; close: string }[] }[];
  lineOfBusiness: string;
  description: string | null;
  clientName: string | null;
}

export function ProgramFacts({ program, showClient }: { program: ProgramFactsView; showClient: boolean }) {
  const t = useT();
  const locale = useLocale();
  const spans = (list: { open: string; close: string }[] | undefined) => (list?.length ? list.map((s) => `${s.open}–${s.close}`).join(', ') : t('programsUi.program.closed'));
  return (
    <section className="card" aria-labelledby="facts-heading">
      <h2 id="facts-heading">{t('programsUi.overview.facts')}</h2>
      {program.description ? <p>{program.description}</p> : null}
      <dl className="facts">
        {showClient ? (
          <>
            <dt>{t('programsUi.list.client')}</dt>
            <dd>{program.clientName}</dd>
          </>
        ) : null}
        <dt>{t('programsUi.program.lineOfBusiness')}</dt>
        <dd>{program.lineOfBusiness}</dd>
        <dt>{t('programsUi.program.channels')}</dt>
        <dd>{program.channels.map((c) => t(`programsUi.channel.${c}`)).join(', ')}</dd>
        <dt>{t('programsUi.program.timeZone')}</dt>
        <dd>{program.timeZone}</dd>
        <dt>{t('programsUi.program.currency')}</dt>
        <dd>{program.currency}</dd>
        <dt>{t('programsUi.program.status')}</dt>
        <dd>
          <StatusBadge status={program.status} />
        </dd>
      </dl>
      <h3>{t('programsUi.program.hours')}</h3>
      <dl className="facts hours">
        {WEEKDAYS.map((day) => (
          <div key={day} className="fact-row">
            <dt>{t(`programsUi.weekday.${day}`)}</dt>
            <dd>{spans(program.hoursOfOperation[day])}</dd>
          </div>
        ))}
      </dl>
      {program.holidays.length ? (
        <>
          <h3>{t('programsUi.program.holidays')}</h3>
          <ul className="plain-list">
            {program.holidays.map((h) => (
              <li key={h.date}>
                <time dateTime={h.date}>{formatDate(locale, `${h.date}T00:00:00Z`, 'UTC')}</time> · {h.name}
                {h.hours?.length ? ` (${spans(h.hours)})` : ` (${t('programsUi.program.closed')})`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export interface UnitRowView {
  id: string;
  kind: UnitKind;
  name: string;
  vendorName: string | null;
  site: string | null;
  volumeShareBp: number;
  queues: { id: string; name: string; channel: string }[];
}

export function UnitsTable({ units }: { units: UnitRowView[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">{t('programsUi.unit.name')}</th>
          <th scope="col">{t('programsUi.unit.deliveredBy')}</th>
          <th scope="col">{t('programsUi.unit.site')}</th>
          <th scope="col" className="num">
            {t('programsUi.unit.volumeShare')}
          </th>
          <th scope="col">{t('programsUi.unit.queues')}</th>
        </tr>
      </thead>
      <tbody>
        {units.map((u) => (
          <tr key={u.id} data-testid="unit-row">
            <td>
              <Link to={`/app/units/${u.id}`}>{u.name}</Link>
            </td>
            <td>{u.kind === 'in_house' ? t('programsUi.unitKind.in_house') : (u.vendorName ?? <span className="badge warn">{t('programsUi.unit.awaitingVendor')}</span>)}</td>
            <td>{u.site ?? '—'}</td>
            <td className="num">{t('programsUi.target.percent', { value: formatNumber(locale, u.volumeShareBp / 100, 2) })}</td>
            <td>{u.queues.length ? u.queues.map((q) => `${q.name} (${t(`programsUi.channel.${q.channel as Channel}`)})`).join(', ') : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface ContractView {
  id: string;
  name: string;
  vendorName: string | null;
  unitIds: string[];
  versionCount: number;
  current: { versionNo: number; effectiveFrom: string; effectiveUntil: string | null; slas: SlaRowView[] } | null;
}

export function ContractsInForce({ contracts, scopeNames }: { contracts: ContractView[]; scopeNames: Record<string, string> }) {
  const t = useT();
  const locale = useLocale();
  const day = (d: string) => formatDate(locale, `${d}T00:00:00Z`, 'UTC');
  return (
    <>
      {contracts.map((c) => (
        <article key={c.id} className="card" data-testid="contract-card">
          <h3>
            <Link to={`/app/contracts/${c.id}`}>{c.name}</Link>
          </h3>
          <p className="muted">
            {t('programsUi.contract.vendorAndUnits', { vendor: c.vendorName ?? '—', units: c.unitIds.map((id) => scopeNames[id]).filter(Boolean).join(', ') || '—' })}
            {c.current
              ? ` · ${t('programsUi.contract.versionInForce', {
                  version: c.current.versionNo,
                  from: day(c.current.effectiveFrom),
                  until: c.current.effectiveUntil ? day(c.current.effectiveUntil) : t('programsUi.contract.openEnded'),
                  count: c.versionCount,
                })}`
              : ''}
          </p>
          {c.current?.slas.length ? (
            <SlaTable slas={c.current.slas} caption={t('programsUi.contract.slaCaption', { name: c.name })} scopeNames={scopeNames} showCredits />
          ) : (
            <p className="muted">{t('programsUi.contract.noSlas')}</p>
          )}
        </article>
      ))}
    </>
  );
}
