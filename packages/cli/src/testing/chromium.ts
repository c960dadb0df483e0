import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Where the tests and the bench look for a browser: `DISPUTEKIT_CHROMIUM`, then Debian's `chromium`. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The flags Chromium runs with: headless, no sandbox (containers), nothing that reaches the network on its own. */
export const CHROMIUM_FLAGS: ReadonlyArray<string> = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The installed Chromium binary, or `undefined` when there is none. Nothing is ever downloaded. */
export const findChromium = (env: NodeJS.ProcessEnv = process.env): string | undefined => {
  const wanted = env['DISPUTEKIT_CHROMIUM'];
  if (wanted !== undefined && wanted !== '') return wanted;
  return CANDIDATES.find((path) => existsSync(path));
};

/** A running headless Chromium and how to stop it (which also removes its fresh profile folder). */
export interface LaunchedChromium {
  readonly context: BrowserContext;
  readonly close: () => Promise<void>;
}

/** A fresh, empty folder for Chromium's profile, and how to remove it. */
export interface ProfileFolder {
  readonly path: string;
  readonly remove: () => void;
}

const tmpProfile = (): ProfileFolder => {
  const path = mkdtempSync(join(tmpdir(), 'disputekit-chromium-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/**
 * Starts the installed Chromium through playwright-core (which never downloads a browser) with
 * `CHROMIUM_FLAGS` and a fresh `--user-data-dir` from `newProfile` (tests pass the run's
 * `testTempFolder`), removed by `close`.
 */
export const launchChromium = async (executablePath: string, newProfile: () => ProfileFolder = tmpProfile): Promise<LaunchedChromium> => {
  const { chromium } = await import('playwright-core');
  const profile = newProfile();
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile.path, { executablePath, headless: true, args: [...CHROMIUM_FLAGS], viewport: { width: 1280, height: 900 } });
  } catch (error) {
    profile.remove();
    throw error;
  }
  return {
    context,
    close: async () => {
      try {
        await context.close();
      } finally {
        profile.remove();
      }
    },
  };
};
