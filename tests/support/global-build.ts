import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of this run's production build (server bundle at server/index.js). */
    buildDir: string;
  }
}

/**
 * Builds the Remix app once per run into a folder of its own, so HTTP-level tests exercise the same
 * bundle production serves and parallel runs never share a half-written build.
 */
export default function build(project: TestProject) {
  const buildDir = path.resolve('.cache', `test-build-${process.pid}`);
  execFileSync(process.execPath, ['node_modules/@remix-run/dev/dist/cli.js', 'vite:build', '--logLevel', 'error'], {
    stdio: 'inherit',
    env: { ...process.env, OUTPOST_BUILD_DIR: buildDir },
  });
  project.provide('buildDir', buildDir);
  return () => fs.rmSync(buildDir, { recursive: true, force: true });
}
