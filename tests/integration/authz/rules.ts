import type { OrgKind, Permission } from '../../../app/domain/permissions';
import { API_GET_ONLY, bank1ApiKey, bank1Program, bank1Unit, bank1Upload, NO_SUCH_ID, NO_SUCH_TOKEN } from './objects';
import { unsafeAddMember } from '../../../app/services/orgs.server';
import { unsafeWithoutTenant } from '../../../db/tenant';
import type { TestDatabase } from '../../support/db';
import type { SeededTenants, TenantName } from '../../support/tenants';
import { BILLING_RULES } from './rules-billing';
import { RECONCILIATION_RULES } from './rules-reconciliation';
import { SUBSCRIPTION_RULES } from './rules-subscriptions';
import { COST_RULES } from './rules-costs';
import { WHAT_IF_RULES } from './rules-what-if';
import { MONTH_CLOSE_RULES } from './rules-month-close';
import { FEED_MAPPING_RULES } from './rules-feed-mapping';
import { WEBHOOK_RULES } from './rules-webhooks';

/**
 * Who may use a route:
 * - 'public': anyone, signed in or not;
 * - 'signed-in': any signed-in member (anonymous pages redirect to /login);
 * - a Permission: a signed-in member whose role holds it (others 403);
 * - { api }: an `Authorization: Bearer` API key whose role holds `api` (no key 401, a session cookie is no key);
 *   { api: 'public' } for an API endpoint that needs no key (tried with and without keys).
 */
export type Access = 'public' | 'signed-in' | Permission | { api: Permission | 'public' };

/** A status, or "status /path" for a redirect (the Location's pathname), e.g. '302 /app'. */
export type Outcome = number | `${number} /${string}`;

export interface Endpoint {
  /** Concrete path; `:name` (here and in `form` values) is filled from the rule's `objects`. */
  path: string;
  access: Access;
  /** What an allowed caller gets. Default 200; for a write, the status of the invalid form it sends. */
  ok?: Outcome;
  /** 'public' only: what a signed-in caller gets instead (e.g. the login page sends members to /app). */
  okSignedIn?: Outcome;
  /** A page for one kind of org: members of the other kind get `otherwise` (after the permission check). */
  orgKind?: { only: OrgKind; otherwise: 403 | 404 };
  /**
   * KNOWN DEVIATION, to be fixed in the route: what callers of other orgs get instead of 404 (e.g. 422
   * when the action validates the form before looking the object up). Leaks nothing, but breaks the rule.
   */
  foreignGets?: Outcome;
  /** Write method; default POST. */
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Form sent by a write (default: empty). Harmless or invalid, so the matrix changes nothing shared. */
  form?: Record<string, string>;
  /** JSON body sent by an API write instead of a form. */
  json?: unknown;
}

export interface RouteRule {
  /** Required when the route file exports a loader or a page component. */
  read?: Endpoint | Endpoint[];
  /** Required when the route file exports an action. */
  write?: Endpoint | Endpoint[];
  /**
   * Objects named by `:name` in an endpoint: `create` makes fresh ones (per endpoint) in the tenants of
   * `ownedBy` (default bank1). Callers of any other org get 404 where their role would be allowed:
   * another tenant's object does not exist for them.
   */
  objects?: {
    ownedBy?: TenantName[];
    create(seeded: SeededTenants, handle: TestDatabase): Promise<Record<string, string>>;
  };
}

const PROGRAM_FORM = { name: 'Cards renamed', lineOfBusiness: 'Cards', channels: 'voice', timeZone: 'Asia/Taipei', currency: 'TWD', status: 'planned' };

/** One entry per file in app/routes, keyed by file (or folder) name. */
export const ROUTE_RULES: Record<string, RouteRule> = {
  '$.tsx': { read: { path: '/no-such-page', access: 'public', ok: 404 } },
  '_index.tsx': { read: { path: '/', access: 'public', ok: '302 /login', okSignedIn: '302 /app' } },
  'healthz.tsx': { read: { path: '/healthz', access: 'public' } },
  'set-language.tsx': { read: { path: '/set-language?lang=zh-TW&back=/login', access: 'public', ok: '302 /login' } },
  'login.tsx': {
    read: { path: '/login', access: 'public', okSignedIn: '302 /app' },
    // A signed-in caller's document POST ends in the loader's redirect to /app.
    write: { path: '/login', access: 'public', ok: 400, okSignedIn: '302 /app', form: { email: 'not-an-email' } },
  },
  'logout.tsx': {
    read: { path: '/logout', access: 'public', ok: '302 /login' },
    write: { path: '/logout', access: 'public', ok: '302 /login' },
  },
  'forgot-password.tsx': {
    read: { path: '/forgot-password', access: 'public' },
    write: { path: '/forgot-password', access: 'public', ok: 400, form: { email: 'not-an-email' } },
  },
  'reset-password.$token.tsx': {
    read: { path: `/reset-password/${NO_SUCH_TOKEN}`, access: 'public', ok: 410 },
    write: { path: `/reset-password/${NO_SUCH_TOKEN}`, access: 'public', ok: 400, form: { password: 'x' } },
  },
  'invitations.$token.tsx': {
    read: { path: `/invitations/${NO_SUCH_TOKEN}`, access: 'public', ok: 404 },
    write: { path: `/invitations/${NO_SUCH_TOKEN}`, access: 'public', ok: 400, form: { intent: 'no-such-intent' } },
  },
  'app.tsx': { read: { path: '/app', access: 'signed-in' } },
  'app._index.tsx': { read: { path: '/app', access: 'signed-in' } },
  'app.switch-org.tsx': {
    read: { path: '/app/switch-org', access: 'public', ok: '302 /app' },
    // Not the id of one of the caller's orgs: "no such org" for everyone signed in.
    write: { path: '/app/switch-org', access: 'signed-in', ok: 404, form: { orgId: 'not-a-uuid' } },
  },
  'app.settings.tsx': {
    read: { path: '/app/settings', access: 'signed-in' },
    write: { path: '/app/settings', access: 'signed-in', ok: 400, form: { intent: 'no-such-intent' } },
  },
  'app.members.tsx': {
    read: { path: '/app/members', access: 'manage:members' },
    write: [
      { path: '/app/members', access: 'manage:members', ok: 400, form: { intent: 'invite', email: 'not-an-email', role: 'viewer' } },
      // Removing a member of bank1 (a fresh one per run); from any other org that member does not exist.
      // (change-role would answer a vendor 422 first: a client role is invalid in a vendor org.)
      { path: '/app/members', access: 'manage:members', form: { intent: 'remove', userId: ':userId' } },
    ],
    objects: {
      create: (seeded, handle) =>
        unsafeWithoutTenant(handle.db, async (tx) => {
          const email = `object-${crypto.randomUUID()}@bank1.test`;
          const user = await unsafeAddMember(tx, { orgId: seeded.orgs.bank1.id, orgKind: 'client', email, name: 'Object member', role: 'finance' });
          return { userId: user.id };
        }),
    },
  },
  'app.api-keys.tsx': {
    read: [
      { path: '/app/api-keys', access: 'manage:api-keys' },
      { path: '/app/api-keys?revoke=:keyId', access: 'manage:api-keys' },
    ],
    write: [
      { path: '/app/api-keys', access: 'manage:api-keys', ok: 400, form: { intent: 'create', name: '' } },
      { path: '/app/api-keys', access: 'manage:api-keys', ok: '302 /app/api-keys', form: { intent: 'revoke', id: ':keyId' } },
    ],
    objects: { create: bank1ApiKey },
  },
  'app.audit.tsx': { read: { path: '/app/audit', access: 'read:audit' } },
  'app.outbox.tsx': { read: { path: '/app/outbox', access: 'read:outbox' } },
  'app.programs._index.tsx': { read: { path: '/app/programs', access: 'read:programs' } },
  'app.programs.new.tsx': {
    read: { path: '/app/programs/new', access: 'write:programs' },
    write: { path: '/app/programs/new', access: 'write:programs', ok: 422, form: { name: '' } },
  },
  'app.portfolio.tsx': { read: { path: '/app/portfolio', access: 'read:programs', orgKind: { only: 'client', otherwise: 403 } } },
  'app.programs.$programId._index.tsx': { read: { path: '/app/programs/:programId', access: 'read:programs' }, objects: { create: bank1Program } },
  'app.programs.$programId.edit.tsx': {
    read: { path: '/app/programs/:programId/edit', access: 'write:programs' },
    write: [
      { path: '/app/programs/:programId/edit', access: 'write:programs', ok: 422, form: { name: '' } },
      { path: '/app/programs/:programId/edit', access: 'write:programs', ok: '302 /app/programs/:programId', form: PROGRAM_FORM },
    ],
    objects: { create: bank1Program },
  },
  'app.programs.$programId.sourcing.tsx': {
    read: { path: '/app/programs/:programId/sourcing', access: 'read:programs', orgKind: { only: 'client', otherwise: 404 } },
    write: { path: '/app/programs/:programId/sourcing', access: 'write:programs', ok: 422, form: {} },
    objects: { create: bank1Program },
  },
  'app.programs.$programId.units.new.tsx': {
    read: { path: '/app/programs/:programId/units/new', access: 'write:programs' },
    write: { path: '/app/programs/:programId/units/new', access: 'write:programs', ok: 422, form: {} },
    objects: { create: bank1Program },
  },
  'app.units.$unitId.tsx': {
    read: { path: '/app/units/:unitId', access: 'read:programs' },
    write: { path: '/app/units/:unitId', access: 'write:programs', ok: 422, form: { intent: 'add-queue', name: '' } },
    objects: { create: bank1Unit },
  },
  'app.feeds._index.tsx': { read: { path: '/app/feeds', access: 'read:kpis' } },
  'app.feeds.upload.tsx': {
    read: { path: '/app/feeds/upload', access: 'upload:feeds' },
    // Not a multipart body: the form is invalid for everyone allowed.
    write: { path: '/app/feeds/upload?intent=preview', access: 'upload:feeds', ok: 422, form: {} },
  },
  'app.feeds.upload-file.tsx': { write: { path: '/app/feeds/upload-file?intent=preview', access: 'upload:feeds', ok: 422, form: {} } },
  'app.feeds.uploads.$uploadId.tsx': { read: { path: '/app/feeds/uploads/:uploadId', access: 'read:kpis' }, objects: { create: bank1Upload } },
  'app.feeds.uploads.$uploadId.issues[.]csv.tsx': { read: { path: '/app/feeds/uploads/:uploadId/issues.csv', access: 'read:kpis' }, objects: { create: bank1Upload } },
  'app.units.$unitId_.feed-settings.tsx': {
    read: { path: '/app/units/:unitId/feed-settings', access: 'write:programs' },
    write: { path: '/app/units/:unitId/feed-settings', access: 'write:programs', ok: 422, form: { cadence: 'hourly' } },
    objects: { create: bank1Unit },
  },
  'app.notifications.tsx': {
    read: { path: '/app/notifications', access: 'signed-in' },
    // Marking a notification no one has changes nothing.
    write: { path: '/app/notifications', access: 'signed-in', ok: '302 /app/notifications', form: { intent: 'mark-read', id: NO_SUCH_ID } },
  },
  'app.contracts._index.tsx': { read: { path: '/app/contracts', access: 'read:contracts' } },
  'app.contracts.new.tsx': {
    read: { path: '/app/contracts/new', access: 'write:contracts' },
    write: { path: '/app/contracts/new', access: 'write:contracts', ok: 422, form: {} },
  },
  // TODO(contracts): create a bank1 contract in `objects` so other orgs are checked for 404 too.
  'app.contracts.$contractId._index.tsx': { read: { path: `/app/contracts/${NO_SUCH_ID}`, access: 'read:contracts', ok: 404 } },
  'app.contracts.$contractId.versions.new.tsx': {
    read: { path: `/app/contracts/${NO_SUCH_ID}/versions/new`, access: 'write:contracts', ok: 404 },
    write: { path: `/app/contracts/${NO_SUCH_ID}/versions/new`, access: 'write:contracts', ok: 404, form: {} },
  },
  // SLA pages (issue 5): scorecard, month close, disputes. Another org's contract or dispute is a 404.
  'app.contracts.$contractId_.scorecard.tsx': {
    read: { path: `/app/contracts/${NO_SUCH_ID}/scorecard`, access: 'read:kpis', ok: 404 },
    write: { path: `/app/contracts/${NO_SUCH_ID}/scorecard`, access: 'close:months', ok: 404, form: { intent: 'close', month: '2026-01' } },
  },
  'app.disputes._index.tsx': {
    read: { path: '/app/disputes', access: 'read:kpis' },
    // An empty form is invalid for every vendor allowed to raise one.
    write: { path: '/app/disputes', access: 'raise:disputes', ok: 422, form: {} },
  },
  'app.disputes.$disputeId.tsx': {
    read: { path: `/app/disputes/${NO_SUCH_ID}`, access: 'read:kpis', ok: 404 },
    write: { path: `/app/disputes/${NO_SUCH_ID}`, access: 'decide:disputes', ok: 404, form: { decision: 'approved', comment: 'authz' } },
  },
  'vendor-invitations.$token.tsx': {
    read: { path: `/vendor-invitations/${NO_SUCH_TOKEN}`, access: 'public', ok: 404 },
    write: { path: `/vendor-invitations/${NO_SUCH_TOKEN}`, access: 'public', ok: 400, form: { intent: 'no-such-intent' } },
  },
  'api.v1.$.ts': {
    read: { path: '/api/v1/no-such-endpoint', access: { api: 'public' }, ok: 404 },
    write: { path: '/api/v1/no-such-endpoint', access: { api: 'public' }, ok: 404, json: {} },
  },
  'api.v1.openapi[.]json.ts': { read: { path: '/api/v1/openapi.json', access: { api: 'public' } }, write: API_GET_ONLY('/api/v1/openapi.json') },
  'api.v1.me.ts': { read: { path: '/api/v1/me', access: { api: 'read:org' } }, write: API_GET_ONLY('/api/v1/me') },
  'api.v1.programs.ts': { read: { path: '/api/v1/programs', access: { api: 'read:programs' } }, write: API_GET_ONLY('/api/v1/programs') },
  'api.v1.programs.$programId.ts': {
    read: { path: '/api/v1/programs/:programId', access: { api: 'read:programs' } },
    write: API_GET_ONLY('/api/v1/programs/:programId'),
    objects: { create: bank1Program },
  },
  'api.v1.programs.$programId.sla-results.ts': {
    read: { path: '/api/v1/programs/:programId/sla-results?month=2026-03', access: { api: 'read:kpis' } },
    write: API_GET_ONLY('/api/v1/programs/:programId/sla-results'),
    objects: { create: bank1Program },
  },
  'api.v1.units.ts': { read: { path: '/api/v1/units', access: { api: 'read:programs' } }, write: API_GET_ONLY('/api/v1/units') },
  'api.v1.units.$unitId.uploads.ts': {
    read: { path: '/api/v1/units/:unitId/uploads', access: { api: 'read:kpis' } },
    // A JSON body is no feed: 415 for every key allowed to upload (before any unit is looked up).
    write: { path: `/api/v1/units/${NO_SUCH_ID}/uploads`, access: { api: 'upload:feeds' }, ok: 415, json: {} },
    objects: { create: bank1Unit },
  },
  'api.v1.uploads.$uploadId.ts': {
    read: { path: '/api/v1/uploads/:uploadId', access: { api: 'read:kpis' } },
    write: API_GET_ONLY('/api/v1/uploads/:uploadId'),
    objects: { create: bank1Upload },
  },
  'api.v1.uploads.$uploadId.issues.ts': {
    read: { path: '/api/v1/uploads/:uploadId/issues', access: { api: 'read:kpis' } },
    write: API_GET_ONLY('/api/v1/uploads/:uploadId/issues'),
    objects: { create: bank1Upload },
  },
  'api.v1.uploads.$uploadId.issues[.]csv.ts': {
    read: { path: '/api/v1/uploads/:uploadId/issues.csv', access: { api: 'read:kpis' } },
    write: API_GET_ONLY('/api/v1/uploads/:uploadId/issues.csv'),
    objects: { create: bank1Upload },
  },
  'app.tools.erlang-c.tsx': { read: { path: '/app/tools/erlang-c?calls=100&intervalSeconds=1800&ahtSeconds=180&thresholdSeconds=20&targetServiceLevel=80', access: 'signed-in' } },
  // The route asks for no permission (a key of any role); every role holds read:org, so the matrix agrees.
  'api.v1.tools.erlang-c.ts': {
    read: { path: '/api/v1/tools/erlang-c?calls=100&intervalSeconds=1800&ahtSeconds=180&thresholdSeconds=20&targetServiceLevel=0.8', access: { api: 'read:org' } },
    write: API_GET_ONLY('/api/v1/tools/erlang-c'),
  },
  // KPI dashboards (issue 5): another org's program or unit is a 404, a vendor sees its own units only.
  'app.programs.$programId.dashboard.tsx': { read: { path: '/app/programs/:programId/dashboard', access: 'read:kpis' }, objects: { create: bank1Program } },
  'app.units.$unitId_.day.tsx': { read: { path: '/app/units/:unitId/day?date=2026-03-02', access: 'read:kpis' }, objects: { create: bank1Unit } },
  'api.v1.units.$unitId.kpis.ts': {
    read: { path: '/api/v1/units/:unitId/kpis?from=2026-03-01&to=2026-03-31&grain=day', access: { api: 'read:kpis' } },
    write: API_GET_ONLY('/api/v1/units/:unitId/kpis'),
    objects: { create: bank1Unit },
  },
  ...BILLING_RULES,
  ...RECONCILIATION_RULES,
  ...SUBSCRIPTION_RULES,
  ...COST_RULES,
  ...WHAT_IF_RULES,
  ...MONTH_CLOSE_RULES,
  ...FEED_MAPPING_RULES,
  ...WEBHOOK_RULES,
};
