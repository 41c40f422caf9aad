// Launches the machine's Chromium (Debian's /usr/bin/chromium) through playwright-core.
// Playwright never downloads a browser here: the machine has no route to one.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Headless, and quiet on the network: Chromium's background services would only reach
// hosts this machine cannot, and --no-sandbox is needed when running as root.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/**
 * Records what goes wrong on `page`: console errors and uncaught page errors.
 * Returns the (live) array of messages.
 */
export function collectErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}
