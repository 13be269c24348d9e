import { apiEn } from './messages/api.en';
import { authEn } from './messages/auth.en';
import { coreEn } from './messages/core.en';
import { programsEn } from './messages/programs.en';
import { programsUiEn } from './messages/programs-ui.en';
import { contractsUiEn } from './messages/contracts-ui.en';
import { toolsEn } from './messages/tools.en';
import { dashboardsEn } from './messages/dashboards.en';
import { feedsUiEn } from './messages/feeds-ui.en';
import { feedsIssuesEn } from './messages/feeds-issues.en';
import { slaEn } from './messages/sla.en';
import { billingEn } from './messages/billing.en';
import { reconciliationEn } from './messages/reconciliation.en';
import { subscriptionsEn } from './messages/subscriptions.en';
import { costsEn } from './messages/costs.en';
import { whatIfEn } from './messages/what-if.en';
import { webhooksEn } from './messages/webhooks.en';

/**
 * English messages: the reference catalog, one module per feature under messages/ so features can grow
 * independently. Every other locale must have every key (checked by tsc).
 */
export const en = { ...coreEn, ...authEn, ...apiEn, ...programsEn, ...programsUiEn, ...contractsUiEn, ...toolsEn, ...dashboardsEn, ...feedsUiEn, ...feedsIssuesEn, ...slaEn, ...billingEn, ...reconciliationEn, ...subscriptionsEn, ...costsEn, ...whatIfEn, ...webhooksEn } as const;

export type MessageKey = keyof typeof en;
