import type { slaEn } from './sla.en';

export const slaZhTW: Record<keyof typeof slaEn, string> = {
  'sla.notification.breach': '{kpi} 於 {month} 未達目標（{target}）：當月結果為 {value}。',
  'sla.notification.atRisk': '{kpi} 在 {month} 有未達標風險：月初至今為 {value}，目標為 {target}。',
  'sla.notification.disputeRaised': '{unitName}（{spanStart} 至 {spanEnd}）已提出爭議。',
  'sla.notification.disputeDecided': '{unitName}（{spanStart} 至 {spanEnd}）的爭議已有決定（{status}）。',
};
