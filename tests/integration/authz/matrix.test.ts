import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../app/services/api-keys.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp, type TestRequestInit } from '../../support/http';
import { seedTenants, TEST_TENANTS, type SeededTenants, type TenantName } from '../../support/tenants';
import { ROUTE_RULES, type Endpoint, type Outcome } from './rules';
import { actorLabel, expectedOutcome, fillEndpoint, listRouteFiles, outcomeOf, ruleProblems, type Actor } from './routes';

/**
 * Every route file × every role of two client orgs and two vendors (plus anonymous), for reads and
 * writes, against the production build: the status each must get follows from the rule and
 * ROLE_PERMISSIONS. Any route file without a rule fails the first test, naming the file.
 */
let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
const apiKeys = new Map<string, string>();

const MEMBERS = (Object.entries(TEST_TENANTS) as [TenantName, (typeof TEST_TENANTS)[TenantName]][]).flatMap(([tenant, spec]) =>
  spec.roles.map((role) => ({ tenant, role })),
);

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
  for (const { tenant, role } of MEMBERS) {
    const admin = seeded.orgs[tenant].kind === 'client' ? 'owner' : 'vendor_admin';
    const key = await createApiKey(seeded.ctx(tenant, admin), { name: `matrix ${role}`, role });
    apiKeys.set(`${tenant}/${role}`, key.secret);
  }
});
afterAll(() => handle?.close());

const routeFiles = listRouteFiles();

describe('route rules', () => {
  it('every file in app/routes has a rule, with a read for a loader/page and a write for an action', () => {
    const problems = ruleProblems(routeFiles, ROUTE_RULES);
    expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);
  });
});

function actorsFor(endpoint: Endpoint): Actor[] {
  const anonymous: Actor = { kind: 'anonymous' };
  if (typeof endpoint.access === 'object') {
    // On the API a session cookie is no credential (no CSRF through the browser).
    return [anonymous, { kind: 'session', tenant: 'bank1', role: 'owner' }, ...MEMBERS.map((m): Actor => ({ kind: 'key', ...m }))];
  }
  return [anonymous, ...MEMBERS.map((m): Actor => ({ kind: 'session', ...m }))];
}

async function requestAs(actor: Actor, method: string, pathname: string, endpoint: Endpoint): Promise<Response> {
  const init: TestRequestInit = { method };
  if (method !== 'GET') {
    if (endpoint.json !== undefined) init.json = endpoint.json;
    else init.form = endpoint.form ?? {};
  }
  if (actor.kind === 'session') {
    // A fresh session per request: a write such as logout must not spoil the next request.
    init.cookie = await sessionCookieFor(handle.db, seeded.userOf(actor.tenant, actor.role).id);
  } else if (actor.kind === 'key') {
    init.headers = { authorization: `Bearer ${apiKeys.get(`${actor.tenant}/${actor.role}`)}` };
  }
  return app.request(pathname, init);
}

function accessLabel(endpoint: Endpoint): string {
  const { access } = endpoint;
  if (typeof access !== 'object') return access;
  return access.api === 'public' ? 'API, no key needed' : `API key with ${access.api}`;
}

const asList = (e: Endpoint | Endpoint[] | undefined): Endpoint[] => (e === undefined ? [] : Array.isArray(e) ? e : [e]);
const usesObjects = (e: Endpoint) => [e.path, ...Object.values(e.form ?? {})].some((v) => /:\w/.test(v));

for (const { name } of routeFiles) {
  const rule = ROUTE_RULES[name];
  if (!rule) continue;
  const endpoints: [string, Endpoint][] = [
    ...asList(rule.read).map((e): [string, Endpoint] => ['GET', e]),
    ...asList(rule.write).map((e): [string, Endpoint] => [e.method ?? 'POST', e]),
  ];
  describe(`app/routes/${name}`, () => {
    for (const [method, template] of endpoints) {
      const owned = usesObjects(template);
      const title = `${method} ${template.path}${template.form ? ` ${JSON.stringify(template.form)}` : ''} answers each caller as "${accessLabel(template)}"${owned ? ' on an object of bank1' : ''} requires`;
      it(title, async () => {
        // Fresh objects per endpoint: an allowed write (a revoke, a role change) spends its object.
        const values = owned && rule.objects ? await rule.objects.create(seeded, handle) : {};
        const endpoint = fillEndpoint(template, values);
        const ownedBy = owned ? (rule.objects?.ownedBy ?? ['bank1']) : undefined;
        const expected: Record<string, Outcome> = {};
        const actual: Record<string, Outcome> = {};
        for (const actor of actorsFor(endpoint)) {
          const label = actorLabel(actor);
          expected[label] = expectedOutcome(endpoint, actor, ownedBy);
          actual[label] = outcomeOf(await requestAs(actor, method, endpoint.path, endpoint), app.origin);
        }
        expect(actual, `${method} ${endpoint.path}: status per caller`).toEqual(expected);
      });
    }
  });
}
