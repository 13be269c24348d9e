import { defineConfig } from 'vitest/config';

const alias = { '#app': new URL('./app', import.meta.url).pathname, '#db': new URL('./db', import.meta.url).pathname };

/**
 * Three projects: unit (pure domain code), integration (services and HTTP handlers on a real database:
 * PGlite by default, the PostgreSQL server when DATABASE_URL is set) and e2e (Chromium against a
 * production build). `npm test` runs all three.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' } },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          globalSetup: ['tests/support/global-setup.ts', 'tests/support/global-build.ts'],
          setupFiles: ['tests/support/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts', 'tests/e2e/support/global-server.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
