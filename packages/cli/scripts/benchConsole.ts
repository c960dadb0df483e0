/**
 * Figures for the HTML report and the console (issue 16). Not a test: nothing is asserted; the
 * numbers go into bench/README.md. Run from packages/cli after `pnpm run build` at the root:
 *
 *   node --import tsx scripts/benchConsole.ts [disputes=100000] [events=1000]
 *
 * 1. A dispute of `events` events (opened, one offer, then messages from both sides) is audited and
 *    written as a report; Chromium (/usr/bin/chromium via playwright-core) opens it 7 times; the
 *    time from navigation to the charts being drawn is reported (median, min, max).
 * 2. `disputes` disputes are opened through the service in a memory store; the console builds its
 *    read models from that log; searches are sent over HTTP 20 times each (median, max).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { auditDispute, createDisputeService, type EventStore } from '@disputekit/core';
import * as f from '@disputekit/core/testing';
import { startConsole } from '../src/console/consoleServer';
import { renderAuditHtml } from '../src/html/auditHtml';
import type { OpenedStore } from '../src/storeUrl';
import { findChromium, launchChromium } from '../src/testing/chromium';

const disputes = Number(process.argv[2] ?? 100_000);
const eventCount = Number(process.argv[3] ?? 1_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

const must = async (p: Promise<E.Either<unknown, unknown>>) => {
  const r = await p;
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
};

const longDispute = async (events: EventStore) => {
  const service = createDisputeService({ store: events, clock: () => new Date(f.day(40)), backoff: () => 0 });
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

const main = async () => {
  const chromium = findChromium();
  if (chromium === undefined) throw new Error('No Chromium at /usr/bin/chromium.');
  const dir = mkdtempSync(join(tmpdir(), 'disputekit-bench-console-'));
  const browser = await launchChromium(chromium);
  try {
    // 1. The report of a long dispute.
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
    console.log(`report: ${audit.timeline.length} events, ${(html.length / 1024 / 1024).toFixed(2)} MB, rendered in ${ms(renderMs)}; opened in Chromium until charts drawn: median ${median(opens)} ms, min ${Math.min(...opens)} ms, max ${Math.max(...opens)} ms (7 runs)`);

    // 2. The console over many disputes.
    const events = createInMemoryEventStore();
    const service = createDisputeService({ store: events, clock: () => new Date(f.day(40)), backoff: () => 0 });
    const seeded = performance.now();
    for (let n = 0; n < disputes; n++) {
      await must(service.handle(f.openNotReceived({ disputeId: `d-${n}`, commandId: `c-${n}`, at: f.day(20, n % 24), order: { orderId: `order-${n}`, buyerId: `buyer-${n % 5000}`, sellerId: `seller-${n % 997}` } , by: { role: 'buyer', id: `buyer-${n % 5000}` } })));
    }
    console.log(`console: ${disputes.toLocaleString('en-US')} disputes opened in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const store: OpenedStore = { spec: { kind: 'memory' }, events, label: 'memory: (bench)', openReadSide: () => Promise.reject(new Error('unused')), close: async () => undefined };
    const built = performance.now();
    const running = await startConsole({ store, port: 0 });
    console.log(`console: read models and search index built in ${((performance.now() - built) / 1000).toFixed(1)} s (${running.data.index().size.toLocaleString('en-US')} disputes)`);
    try {
      const queries = [
        ['seller', 'seller-42'],
        ['buyer', 'buyer-4999'],
        ['order', 'order-99999'],
        ['id', 'd-12345'],
        ['status', 'awaiting_seller'],
        ['any', 'no-such-thing'],
      ];
      for (const [field, q] of queries) {
        const times: number[] = [];
        let matches = '';
        for (let i = 0; i < 20; i++) {
          const start = performance.now();
          const answer = await get(`${running.url}?field=${field}&q=${encodeURIComponent(q!)}`);
          times.push(performance.now() - start);
          if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
          matches = /id="search-summary">([^<]*)</.exec(answer.body)?.[1] ?? '';
        }
        console.log(`search ${field}=${q}: median ${ms(median(times))}, max ${ms(Math.max(...times))} (20 runs) — ${matches}`);
      }
    } finally {
      await running.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

await main();
