import type { MessageKey } from './en';
import { apiZhTW } from './messages/api.zh-TW';
import { authZhTW } from './messages/auth.zh-TW';
import { coreZhTW } from './messages/core.zh-TW';
import { programsZhTW } from './messages/programs.zh-TW';
import { programsUiZhTW } from './messages/programs-ui.zh-TW';
import { contractsUiZhTW } from './messages/contracts-ui.zh-TW';
import { toolsZhTW } from './messages/tools.zh-TW';
import { dashboardsZhTW } from './messages/dashboards.zh-TW';
import { feedsUiZhTW } from './messages/feeds-ui.zh-TW';
import { feedsIssuesZhTW } from './messages/feeds-issues.zh-TW';
import { slaZhTW } from './messages/sla.zh-TW';
import { billingZhTW } from './messages/billing.zh-TW';
import { reconciliationZhTW } from './messages/reconciliation.zh-TW';
import { subscriptionsZhTW } from './messages/subscriptions.zh-TW';
import { costsZhTW } from './messages/costs.zh-TW';
import { whatIfZhTW } from './messages/what-if.zh-TW';
import { webhooksZhTW } from './messages/webhooks.zh-TW';

/** Traditional Chinese (Taiwan). Record<MessageKey, …> makes a missing key a type error. */
export const zhTW: Record<MessageKey, string> = { ...coreZhTW, ...authZhTW, ...apiZhTW, ...programsZhTW, ...programsUiZhTW, ...contractsUiZhTW, ...toolsZhTW, ...dashboardsZhTW, ...feedsUiZhTW, ...feedsIssuesZhTW, ...slaZhTW, ...billingZhTW, ...reconciliationZhTW, ...subscriptionsZhTW, ...costsZhTW, ...whatIfZhTW, ...webhooksZhTW };
