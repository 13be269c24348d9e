import fs from 'node:fs';

/** Debian's Chromium; the browser tests never download a browser of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const hasChromium = fs.existsSync(CHROMIUM_PATH);

/** The name of a skipped browser suite says why and how to fix it. */
export const SKIP_REASON = `${CHROMIUM_PATH} is missing; install it with \`apt-get install -y chromium\``;
