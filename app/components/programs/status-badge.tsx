import type { ProgramStatus } from '#app/domain/programs/schemas';
import { useT } from '#app/i18n/react';

const TONE: Record<ProgramStatus, string> = { planned: '', in_transition: 'warn', live: 'ok', exiting: 'danger' };

export function StatusBadge({ status }: { status: ProgramStatus }) {
  const t = useT();
  return <span className={`badge ${TONE[status]}`.trim()}>{t(`programsUi.status.${status}`)}</span>;
}
