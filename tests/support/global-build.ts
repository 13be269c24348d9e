import { execFileSync } from 'node:child_process';

/** Builds the Remix app once per run, so HTTP-level tests exercise the same bundle production serves. */
export default function build() {
  if (process.env.OUTPOST_SKIP_TEST_BUILD === '1') return;
  execFileSync(process.execPath, ['node_modules/@remix-run/dev/dist/cli.js', 'vite:build', '--logLevel', 'error'], { stdio: 'inherit' });
}
