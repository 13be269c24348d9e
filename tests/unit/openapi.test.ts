import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '../../app/api-docs/index';
import { buildOpenApiDocument } from '../../app/lib/openapi.server';

const ROUTES_DIR = path.resolve(__dirname, '../../app/routes');

/** Remix flat-route file name → OpenAPI path: `api.v1.programs.$programId.ts` → `/api/v1/programs/{programId}`. */
export function apiPathOfRouteFile(file: string): string | undefined {
  const base = file.replace(/\.(ts|tsx)$/, '');
  const segments = base.match(/(\[[^\]]*\]|[^.[])+/g) ?? [];
  const parts = segments.map((segment) => {
    const literal = segment.replace(/\[([^\]]*)\]/g, '$1');
    if (segment === '$') return undefined;
    return segment.startsWith('$') ? `{${segment.slice(1)}}` : literal;
  });
  if (parts.includes(undefined) || parts[0] !== 'api' || parts[1] !== 'v1') return undefined;
  return `/${parts.join('/')}`;
}

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it('is OpenAPI 3.1 with the bearer scheme, the error schema and a version', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'] });
    expect(JSON.stringify(document)).not.toContain('#/$defs/');
  });

  it('documents every operation at its path and method', () => {
    for (const operation of API_OPERATIONS) {
      const item = document.paths[operation.path];
      expect(item, operation.path).toBeDefined();
      expect(item?.[operation.method], `${operation.method} ${operation.path}`).toMatchObject({ operationId: operation.operationId });
    }
  });

  it('has unique operation ids', () => {
    const ids = API_OPERATIONS.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('marks the document itself public and /me as needing a key', () => {
    expect(document.paths['/api/v1/openapi.json']?.get).toMatchObject({ security: [] });
    const me = document.paths['/api/v1/me']?.get as { security?: unknown; responses: Record<string, unknown> };
    expect(me.security).toBeUndefined();
    expect(Object.keys(me.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
  });

  it('every /api/v1 route file has a documented operation (a new endpoint without docs fails here)', () => {
    const routePaths = fs
      .readdirSync(ROUTES_DIR)
      .map((file) => apiPathOfRouteFile(file))
      .filter((p): p is string => p !== undefined);
    expect(routePaths).toContain('/api/v1/me');
    expect(routePaths).toContain('/api/v1/openapi.json');
    const documented = new Set(API_OPERATIONS.map((o) => o.path));
    expect(routePaths.filter((p) => !documented.has(p))).toEqual([]);
  });

  it('derives route paths from file names', () => {
    expect(apiPathOfRouteFile('api.v1.programs.$programId.ts')).toBe('/api/v1/programs/{programId}');
    expect(apiPathOfRouteFile('api.v1.openapi[.]json.ts')).toBe('/api/v1/openapi.json');
    expect(apiPathOfRouteFile('api.v1.$.ts')).toBeUndefined();
    expect(apiPathOfRouteFile('app.audit.tsx')).toBeUndefined();
  });
});
