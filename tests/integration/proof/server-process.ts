/**
 * The production server (server/main.ts on this run's build) as a child process of its own, so a test
 * can SIGKILL it like a crash would and start it again on the same database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';
import { sessionSecret } from '../../../app/lib/env.server';

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  logFile: string;
  /** SIGKILL: no shutdown hook, no flush, no lock release, like a crash. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServer(options: { env: Record<string, string>; logFile: string; timeoutMs?: number }): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = fs.openSync(options.logFile, 'a');
  // node --import tsx: one process (tsx's CLI would fork a second one that a SIGKILL of the first leaves running).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: path.resolve('.'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      OUTPOST_BUILD_DIR: inject('buildDir'),
      // The test process signs session cookies (sessionCookieFor) with its own secret.
      SESSION_SECRET: sessionSecret(),
      OUTPOST_INSECURE_COOKIES: '1',
      OUTPOST_SEED_DEMO: '0',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: ServerProcess = {
    baseUrl,
    child,
    logFile: options.logFile,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      fs.closeSync(log);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      try {
        fs.closeSync(log);
      } catch {
        // closed by kill9 already
      }
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${fs.readFileSync(options.logFile, 'utf8').slice(-4000)}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await server.stop();
  throw new Error(`the server did not answer /healthz in time:\n${fs.readFileSync(options.logFile, 'utf8').slice(-4000)}`);
}
