import fs from 'node:fs';
import path from 'node:path';
import { can, type Role } from '../../../app/domain/permissions';
import { TEST_TENANTS, type TenantName } from '../../support/tenants';
import type { Endpoint, Outcome, RouteRule } from './rules';

export const ROUTES_DIR = 'app/routes';
export const RULES_FILE = 'tests/integration/authz/rules.ts';

export interface RouteFile {
  /** Entry name in app/routes: a file ("app.members.tsx") or a folder ("app.members/", keyed without the slash). */
  name: string;
  hasLoader: boolean;
  hasAction: boolean;
  hasPage: boolean;
}

const exportsName = (source: string, name: string) =>
  new RegExp(`export\\s+(async\\s+)?function\\s+${name}\\b|export\\s+(const|let)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b`).test(source);

/** The route modules Remix serves, read from disk at test time (flat files and folder routes). */
export function listRouteFiles(): RouteFile[] {
  return fs
    .readdirSync(ROUTES_DIR, { withFileTypes: true })
    .flatMap((entry) => {
      const file = entry.isDirectory()
        ? ['route.tsx', 'route.ts', 'route.jsx', 'route.js'].map((f) => path.join(ROUTES_DIR, entry.name, f)).find((f) => fs.existsSync(f))
        : /\.(tsx?|jsx?)$/.test(entry.name) && !/\.(test|spec)\./.test(entry.name)
          ? path.join(ROUTES_DIR, entry.name)
          : undefined;
      if (!file) return [];
      const source = fs.readFileSync(file, 'utf8');
      return [{ name: entry.name, hasLoader: exportsName(source, 'loader'), hasAction: exportsName(source, 'action'), hasPage: /export\s+default\b/.test(source) }];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Everything wrong between the route files and the rules, one line per problem, naming the file. */
export function ruleProblems(files: RouteFile[], rules: Record<string, RouteRule>): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const rule = rules[file.name];
    const where = `${ROUTES_DIR}/${file.name}`;
    if (!rule) {
      problems.push(`${where} has no rule: add an entry '${file.name}' to ${RULES_FILE}`);
      continue;
    }
    if ((file.hasLoader || file.hasPage) && !rule.read) problems.push(`${where} serves GET but its rule in ${RULES_FILE} has no \`read\``);
    if (file.hasAction && !rule.write) problems.push(`${where} exports an action but its rule in ${RULES_FILE} has no \`write\``);
    if (!file.hasAction && rule.write) problems.push(`${where} has no action, yet its rule has a \`write\``);
  }
  const names = new Set(files.map((f) => f.name));
  for (const name of Object.keys(rules)) {
    if (!names.has(name)) problems.push(`${RULES_FILE} has a rule for '${name}', which is not in ${ROUTES_DIR}: remove it`);
  }
  return problems;
}

export type Actor =
  | { kind: 'anonymous' }
  /** Signed in with a session cookie (on an API route: a cookie but no key). */
  | { kind: 'session'; tenant: TenantName; role: Role }
  | { kind: 'key'; tenant: TenantName; role: Role };

export function actorLabel(actor: Actor): string {
  if (actor.kind === 'anonymous') return 'anonymous';
  return `${actor.kind === 'key' ? 'key' : 'session'} ${actor.tenant}/${actor.role}`;
}

/**
 * The status an actor must get, derived from the rule and ROLE_PERMISSIONS:
 * anonymous page → 302 /login; API without a key → 401; role lacking the permission → 403;
 * allowed but another org's object → 404; allowed → the endpoint's `ok`.
 */
export function expectedOutcome(endpoint: Endpoint, actor: Actor, ownedBy: TenantName[] | undefined): Outcome {
  const ok = endpoint.ok ?? 200;
  const { access } = endpoint;
  if (access === 'public') return actor.kind === 'anonymous' ? ok : (endpoint.okSignedIn ?? ok);
  if (typeof access === 'object') {
    if (access.api === 'public') return ok;
    if (actor.kind !== 'key') return 401;
    if (!can(actor.role, access.api)) return 403;
  } else {
    if (actor.kind === 'anonymous') return '302 /login';
    if (actor.kind === 'key') throw new Error('API keys are tried on API routes only');
    if (access !== 'signed-in' && !can(actor.role, access)) return 403;
  }
  if (endpoint.orgKind && TEST_TENANTS[actor.tenant].kind !== endpoint.orgKind.only) return endpoint.orgKind.otherwise;
  if (ownedBy && !ownedBy.includes(actor.tenant)) return endpoint.foreignGets ?? 404;
  return ok;
}

/** The outcome of a response in the rules' notation: the status, plus the Location's path for a redirect. */
export function outcomeOf(response: Response, origin: string): Outcome {
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) return `${response.status} ${new URL(location, origin).pathname}` as Outcome;
  return response.status;
}

/** The endpoint with its `:name` placeholders (path and form values) replaced by the objects' values. */
export function fillEndpoint(endpoint: Endpoint, values: Record<string, string>): Endpoint {
  const fill = (template: string, encode: (v: string) => string) =>
    template.replace(/:(\w+)/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`${endpoint.path}: no value for :${name} (return it from the rule's objects.create)`);
      return encode(value);
    });
  const form = endpoint.form ? Object.fromEntries(Object.entries(endpoint.form).map(([k, v]) => [k, fill(v, String)])) : undefined;
  const outcome = (o: Outcome | undefined) => (typeof o === 'string' ? (fill(o, String) as Outcome) : o);
  return { ...endpoint, path: fill(endpoint.path, encodeURIComponent), form, ok: outcome(endpoint.ok), okSignedIn: outcome(endpoint.okSignedIn) };
}
