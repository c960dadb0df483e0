/**
 * Figures for the HTML report and the console (issue 16). Not a test: nothing is asserted; the
 * numbers go into bench/README.md. Run from packages/cli (see bench/README.md, "Report and console"):
 *
 *   node --import tsx scripts/benchConsole.ts report [events=1000]
 *   node --import tsx scripts/benchConsole.ts search STORE_URL
 *
 * `report`: a dispute of `events` events (opened, one offer, then messages from both sides) is
 * audited and written as a report; Chromium (/usr/bin/chromium via playwright-core) opens it 7
 * times; the time from navigation to the charts being drawn is reported (median, min, max).
 * `search`: the console is started on the store, read-only, as `disputekit serve` does (read models
 * built in memory from the log), and searches are sent over HTTP 20 times each (median, max).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { auditDispute, createDisputeService, fixedClock, type EventStore } from '@disputekit/core';
import * as f from '@disputekit/core/testing';
import { startConsole } from '../src/console/consoleServer';
import { renderAuditHtml } from '../src/html/auditHtml';
import { openStore } from '../src/storeUrl';
import { findChromium, launchChromium } from '../src/testing/chromium';

const eventCount = Number(process.argv[3] ?? 1_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

const must = async (p: Promise<E.Either<unknown, unknown>>) => {
  const r = await p;
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
};

const longDispute = async (events: EventStore) => {
  const service = createDisputeService({ store: events, clock: fixedClock(f.day(40)), backoff: () => 0 });
  const id = 'long-1';
  await must(service.handle(f.openNotReceived({ disputeId: id, commandId: 'l-1', at: f.day(20) })));
  await must(service.handle(f.makeProposal({ disputeId: id, commandId: 'l-2', at: f.day(20, 1), proposalId: 'p-s', amount: 5_000 })));
  for (let i = 3; i <= eventCount; i++) {
    const at = new Date(Date.parse(f.day(20, 2)) + i * 60_000).toISOString();
    const by = i % 2 === 0 ? 'buyer' : 'seller';
    await must(service.handle(f.postMessage({ disputeId: id, commandId: `l-${i}`, at, by, messageId: `m-${i}`, text: `message ${i} from the ${by}` })));
  }
  const read = await events.readStream(`dispute-${id}`);
  if (E.isLeft(read)) throw new Error('read');
  return auditDispute(`dispute-${id}`, read.right);
};

const get = (url: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });

const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

const benchReport = async () => {
  const chromium = findChromium();
  if (chromium === undefined) throw new Error('No Chromium at /usr/bin/chromium.');
  const dir = mkdtempSync(join(tmpdir(), 'disputekit-bench-report-'));
  const browser = await launchChromium(chromium);
  try {
    const audit = await longDispute(createInMemoryEventStore());
    const t0 = performance.now();
    const html = renderAuditHtml(audit, { source: 'bench', generatedAt: new Date().toISOString() });
    const renderMs = performance.now() - t0;
    const file = join(dir, 'long.html');
    writeFileSync(file, html);
    const opens: number[] = [];
    for (let i = 0; i < 7; i++) {
      const page = await browser.context.newPage();
      const start = Date.now();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-charts="drawn"]');
      opens.push(Date.now() - start);
      await page.close();
    }
    console.log(`report: ${audit.timeline.length} events, ${(html.length / 1024 / 1024).toFixed(2)} MB, rendered in ${ms(renderMs)}; opened in Chromium until charts drawn: median ${median(opens)} ms, min ${Math.min(...opens)} ms, max ${Math.max(...opens)} ms (7 runs); ${load()}`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const benchSearch = async (url: string) => {
  const store = await openStore(url, { create: false, readOnly: true });
  try {
    const built = performance.now();
    const running = await startConsole({ store, port: 0 });
    console.log(`console: read models and search index of ${running.data.index().size.toLocaleString('en-US')} disputes built from ${store.label} in ${((performance.now() - built) / 1000).toFixed(1)} s; RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB; ${load()}`);
    try {
      const queries = [
        ['seller', 'seller-42'],
        ['buyer', 'buyer-1'],
        ['order', 'o99999'],
        ['id', 'd12345'],
        ['status', 'refunded_full'],
        ['any', 'no-such-thing'],
        ['any', 'd4242'],
      ];
      for (const [field, q] of queries) {
        const times: number[] = [];
        let summary = '';
        for (let i = 0; i < 20; i++) {
          const start = performance.now();
          const answer = await get(`${running.url}?field=${field}&q=${encodeURIComponent(q!)}`);
          times.push(performance.now() - start);
          if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
          summary = /id="search-summary">([^<]*)</.exec(answer.body)?.[1] ?? '';
        }
        console.log(`search ${field}=${q}: HTTP median ${ms(median(times))}, max ${ms(Math.max(...times))} (20 runs) — ${summary}`);
      }
      console.log(`after the searches: ${load()}`);
    } finally {
      await running.close();
    }
  } finally {
    await store.close();
  }
};

const [mode, arg] = process.argv.slice(2);
if (mode === 'report') await benchReport();
else if (mode === 'search' && arg !== undefined) await benchSearch(arg);
else throw new Error('Usage: benchConsole.ts report [events] | search STORE_URL');
