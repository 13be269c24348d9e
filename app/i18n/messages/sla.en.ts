/** SLA results, month close, disputes, credits and their notifications. */
export const slaEn = {
  'sla.notification.breach': '{kpi} missed its target ({target}) in {month}: the month ended at {value}.',
  'sla.notification.atRisk': '{kpi} is at risk for {month}: month to date {value} against a target of {target}.',
  'sla.notification.disputeRaised': 'A dispute was raised for {unitName} ({spanStart} to {spanEnd}).',
  'sla.notification.disputeDecided': 'The dispute for {unitName} ({spanStart} to {spanEnd}) was decided: {status}.',
} as const;
