import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { withDatabase } from '../../support/global-setup';
import { CHROMIUM_PATH, SKIP_REASON } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the production server the browser tests drive; '' when Chromium is absent. */
    e2eBaseUrl: string;
  }
}

const STARTUP_TIMEOUT_MS = 120_000;

/**
 * The browser tests' server: a production build of its own (`remix vite:build` into
 * OUTPOST_BUILD_DIR=.cache/e2e-build-<pid>), served by server/main.ts on a free loopback port, on a fresh database (a temp
 * PGlite DATA_DIR, or a new database on the DATABASE_URL server), seeded with the demo on start.
 */
export default async function startServer(project: TestProject) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    // The suites skip themselves (describe.skipIf, the reason in their name); say it plainly here too,
    // since a reporter folds a skipped file into one line.
    console.warn(`\n  Browser tests SKIPPED: ${SKIP_REASON}\n`);
    project.provide('e2eBaseUrl', '');
    return;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-e2e-'));
  // Inside the project, so the server bundle resolves its external packages from node_modules.
  const buildDir = path.resolve('.cache', `e2e-build-${process.pid}`);
  const started = performance.now();
  execFileSync(process.execPath, ['node_modules/@remix-run/dev/dist/cli.js', 'vite:build', '--logLevel', 'error'], {
    stdio: 'inherit',
    env: { ...process.env, OUTPOST_BUILD_DIR: buildDir },
  });
  const buildMs = performance.now() - started;

  const database = await freshDatabase(root);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(root, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const server = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/main.ts'], {
    env: {
      ...process.env,
      ...database.env,
      NODE_ENV: 'production',
      PORT: String(port),
      OUTPOST_BUILD_DIR: buildDir,
      SESSION_SECRET: randomBytes(24).toString('hex'),
      // Plain http on loopback: the session cookie cannot be Secure here.
      OUTPOST_INSECURE_COOKIES: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', log, log],
    // Its own process group, so teardown stops tsx and the node it starts together.
    detached: true,
  });
  const stop = async () => {
    await stopGroup(server);
    fs.closeSync(log);
    await database.drop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(buildDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, server, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  console.log(`e2e server: ${baseUrl} (${database.label}); build ${Math.round(buildMs)} ms, start ${Math.round(performance.now() - started - buildMs)} ms`);
  project.provide('e2eBaseUrl', baseUrl);
  return stop;
}

async function freshDatabase(root: string): Promise<{ env: Record<string, string>; label: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.join(root, 'data');
    return { env: { DATA_DIR: dataDir, DATABASE_URL: '' }, label: `PGlite in ${dataDir}`, drop: async () => {} };
  }
  const name = `outpost_e2e_${process.pid}_${Date.now()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  return {
    env: { DATABASE_URL: withDatabase(url, name) },
    label: `PostgreSQL database ${name}`,
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the e2e server exited with ${server.exitCode}:\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the e2e server did not answer ${baseUrl}/healthz within ${STARTUP_TIMEOUT_MS / 1000} s:\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`);
}

async function stopGroup(server: ChildProcess): Promise<void> {
  if (server.pid === undefined || server.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-server.pid!, name);
    } catch {
      // the group is gone already
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
