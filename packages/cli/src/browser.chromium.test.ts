import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { ciIsSet, testTempFolder } from '@disputekit/adapters/testRun';
import { startConsole, type RunningConsole } from './console/consoleServer';
import { openStore, type OpenedStore } from './storeUrl';
import { findChromium, launchChromium, type LaunchedChromium } from './testing/chromium';
import { HOSTILE_HTML, seedConsoleStore } from './testing/consoleFixture';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

const chromiumPath = findChromium();
const noChromium = 'there is no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set DISPUTEKIT_CHROMIUM)';

/**
 * The browser tests run with a Chromium; without one they fail when `CI` is set, and are skipped
 * otherwise with the reason in the title (the skip reporter lists it): never silently.
 */
const describeBrowser = (title: string, body: (chromium: string) => void): void => {
  if (chromiumPath !== undefined) {
    describe(title, () => body(chromiumPath));
    return;
  }
  const reason = ciIsSet() ? `${noChromium}, and CI is set: the browser tests need it.` : `${noChromium}; CI is unset, so the browser tests are skipped.`;
  console.warn(reason);
  if (ciIsSet()) {
    it(`${title}: needs Chromium in CI`, () => {
      throw new Error(reason);
    });
  } else it.skip(`${title} — skipped: ${reason}`, () => undefined);
};

/** What a page did that it must not: dialogs (alert), page errors, console errors (CSP refusals included). */
const watch = (page: Page) => {
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('file:') && !url.startsWith('http://127.0.0.1') && !url.startsWith('data:')) problems.push(`network request: ${url}`);
  });
  return problems;
};

/** The HTML report and the console in a real browser (Debian's Chromium via playwright-core; nothing downloaded). */
describeBrowser('the report and the console in Chromium', (chromium) => {
  const folder = tempFolder('browser');
  const db = join(folder.path, 'store.db');
  let browser: LaunchedChromium | undefined;
  let store: OpenedStore | undefined;
  let running: RunningConsole | undefined;

  beforeAll(async () => {
    await seedConsoleStore(db);
    browser = await launchChromium(chromium, () => testTempFolder('chromium'));
    store = await openStore(`sqlite:${db}`, { create: false, readOnly: true });
    running = await startConsole({ store, port: 0 });
  }, 60_000);
  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      try {
        await running?.close();
        await store?.close();
      } finally {
        folder.remove();
      }
    }
  }, 30_000);

  it('opens the report file: timeline events, drawn charts, integrity; hostile text is text and no script runs', async () => {
    const file = join(folder.path, 'hostile-1.html');
    expect((await runCliInProcess(['audit', 'hostile-1', '--store', `sqlite:${db}`, '--html', file])).code).toBe(0);
    const page = await browser!.context.newPage();
    const problems = watch(page);
    try {
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-charts]');
      expect(await page.getAttribute('body', 'data-charts')).toBe('drawn');
      expect(await page.locator('#timeline > li.event').count()).toBe(4);
      expect(await page.locator('#money-chart canvas').count()).toBeGreaterThan(0);
      expect(await page.locator('#deadline-chart canvas').count()).toBeGreaterThan(0);
      expect(await page.getAttribute('#integrity', 'data-integrity')).toBe('clean');
      expect(await page.textContent('#verdict')).toBe('clean');
      const message = page.locator('#timeline > li[data-version="3"] .what');
      expect(await message.textContent()).toBe(`wrote “${HOSTILE_HTML}”`);
      expect(await page.locator('#timeline img').count()).toBe(0);
      expect(await page.locator('#timeline > li[data-version="4"] .what').textContent()).toContain('\\x1B[31mRED\\x1B[0m');
      await page.locator('#timeline > li[data-version="2"] summary').click();
      expect(await page.locator('#timeline > li[data-version="2"] tr.changed').count()).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('follows a search in the console to a dispute page, with its chart, integrity and verification', async () => {
    const page = await browser!.context.newPage();
    const problems = watch(page);
    try {
      await page.goto(running!.url);
      await page.fill('#q', 'seller-hostile');
      await page.selectOption('#field', 'seller');
      await Promise.all([page.waitForURL(/field=seller/), page.click('form.search button')]);
      expect(await page.textContent('#search-summary')).toContain('1 of 3 disputes match');
      await Promise.all([page.waitForURL(/\/disputes\/hostile-1$/), page.click('#results a[href="/disputes/hostile-1"]')]);
      await page.waitForSelector('body[data-charts]');
      expect(await page.getAttribute('body', 'data-charts')).toBe('drawn');
      expect(await page.textContent('#dispute-id')).toBe('hostile-1');
      expect(await page.locator('#timeline > li.event').count()).toBe(4);
      expect(await page.locator('#money-chart canvas').count()).toBeGreaterThan(0);
      expect(await page.getAttribute('#integrity', 'data-integrity')).toBe('clean');
      expect(await page.locator('#timeline img').count()).toBe(0);
      await page.goto(`${running!.url}queues`);
      await page.waitForSelector('body[data-charts]');
      expect(await page.locator('#deadline-queue-chart canvas').count()).toBeGreaterThan(0);
      await page.goto(`${running!.url}sellers`);
      await page.waitForSelector('body[data-charts]');
      expect(await page.locator('#scorecard-chart canvas').count()).toBeGreaterThan(0);
      // The verification runs in the background from the start; reload until it has finished (it takes milliseconds here).
      let result = '';
      for (let attempt = 0; attempt < 50 && !result.includes('Clean'); attempt++) {
        if (attempt > 0) await page.waitForTimeout(200);
        await page.goto(`${running!.url}verify`);
        result = (await page.textContent('#verify-result')) ?? '';
      }
      expect(result).toContain('Clean: every stream checks out.');
      expect(await page.textContent('#verify-status')).toContain('verified clean');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it("shows a signed checkpoint's verdict in the report's integrity section", async () => {
    const pair = generateKeyPairSync('ed25519');
    const key = join(folder.path, 'key.pem');
    const pub = join(folder.path, 'pub.pem');
    const checkpoint = join(folder.path, 'checkpoint.json');
    const file = join(folder.path, 'checkpoint.html');
    writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await runCliInProcess(['checkpoint', '--store', `sqlite:${db}`, '--key', key, '--out', checkpoint])).code).toBe(0);
    expect((await runCliInProcess(['audit', 'hostile-1', '--store', `sqlite:${db}`, '--html', file, '--checkpoint', checkpoint, '--public-key', pub])).code).toBe(0);
    const page = await browser!.context.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      const inclusion = page.locator('#integrity li.ok', { hasText: "this dispute's events: all 4 covered events are in the signed log" });
      expect(await inclusion.isVisible()).toBe(true);
      expect(await page.locator('#integrity li.ok', { hasText: 'signature: valid' }).isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  }, 60_000);
});
