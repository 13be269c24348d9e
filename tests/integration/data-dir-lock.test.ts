import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../db/data-dir-lock';

const run = promisify(execFile);
let holder: ChildProcess;
let dir: string;

beforeAll(() => {
  // A live process that is not this one stands in for the running portal.
  holder = spawn('sleep', ['60'], { stdio: 'ignore' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-lock-'));
});
afterAll(() => {
  holder.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database serves one process at a time', () => {
  it('a data directory held by a live process is refused with a message that names it and says what to do', () => {
    fs.writeFileSync(path.join(dir, 'outpost.pid'), String(holder.pid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`open in process ${holder.pid}.*DATABASE_URL`));
  });

  it('the CLI exits with that message instead of opening the directory', async () => {
    fs.writeFileSync(path.join(dir, 'outpost.pid'), String(holder.pid));
    const result = await run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'seed'], { env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' } }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`already open in process ${holder.pid}`);
  });

  it('a stale lock of a process that is gone is taken over, and released on close', () => {
    fs.writeFileSync(path.join(dir, 'outpost.pid'), '2147483646');
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'outpost.pid'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'outpost.pid'))).toBe(false);
  });
});
