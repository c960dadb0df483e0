import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOSTILE_HTML, HOSTILE_ORDER, seedConsoleStore } from '../testing/consoleFixture';
import { runCliInProcess } from '../testing/runCliInProcess';
import { tempFolder } from '../testing/runCli';
import { jsonForScript, showControls, text } from './escapeHtml';

describe('escaping', () => {
  it('escapes markup and quotes, and makes control characters visible', () => {
    expect(text(HOSTILE_HTML)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(text(`a"b'c&d`)).toBe('a&quot;b&#39;c&amp;d');
    expect(showControls('\u001b[31mX\u0007\u0000\u009b\u007f')).toBe('\\x1B[31mX\\x07\\x00\\x9B\\x7F');
    expect(text('line\nnext\ttab')).toBe('line\nnext\ttab');
  });

  it('writes JSON that cannot close its script element', () => {
    const json = jsonForScript({ s: '</script><script>alert(1)</script>', t: '\u2028' });
    expect(json).not.toMatch(/[<>\u2028]/);
    expect(JSON.parse(json)).toEqual({ s: '</script><script>alert(1)</script>', t: '\u2028' });
  });
});

/** `audit --html` and `replay --html`, in process, on a store with hostile text. */
describe('disputekit audit --html (in process)', () => {
  const folder = tempFolder('html');
  const db = join(folder.path, 'store.db');
  const store = `sqlite:${db}`;
  beforeAll(() => seedConsoleStore(db), 30_000);
  afterAll(() => folder.remove());

  it('writes one self-contained report with the timeline, charts, integrity and a hash-only CSP', async () => {
    const file = join(folder.path, 'hostile.html');
    const run = await runCliInProcess(['audit', 'hostile-1', '--store', store, '--html', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote the audit of dispute hostile-1 (4 events, clean) to ${file}`);
    const html = readFileSync(file, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[^']+' 'sha256-[^']+'; style-src 'sha256-[^']+'; img-src data:/);
    expect(csp).not.toContain('unsafe');
    expect(html).not.toMatch(/<(link|img|iframe)\b|src=["']?https?:|href=["']?https?:/i);
    expect(html).toContain('uPlot');
    expect(html.match(/<li class="event/g)).toHaveLength(4);
    expect(html).toContain('id="money-chart"');
    expect(html).toContain('data-integrity="clean"');
    expect(html).toContain('hash chain intact: 4 events');
    expect(html).toContain('@media print');
    expect(html).toContain('Only the order’s buyer may open a dispute');
  });

  it('shows hostile text as escaped text, never as markup', async () => {
    const file = join(folder.path, 'hostile2.html');
    await runCliInProcess(['audit', 'hostile-1', '--store', store, '--html', file]);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(HOSTILE_HTML);
    expect(html).not.toContain(HOSTILE_ORDER);
    expect(html).toContain('wrote “&lt;img src=x onerror=alert(1)&gt;”');
    expect(html).toContain('order-&lt;b&gt;bold&lt;/b&gt;&quot;&#39;&amp;');
    expect(html).toContain('\\x1B[31mRED\\x1B[0m \\x1B]0;pwned\\x07 tail\\x00');
    expect(html).not.toMatch(/[\u0000\u0007\u001b]/);
  });

  it('marks checkHistory findings and a broken chain in red', async () => {
    const history = join(folder.path, 'history.jsonl');
    const exported = await runCliInProcess(['export', '--store', store, '--dispute', 'hostile-1']);
    expect(exported.code).toBe(0);
    // Tamper with the amount the seller offered: the chain breaks at that event.
    writeFileSync(history, exported.stdout.replace('"amount":4000', '"amount":4100'));
    const file = join(folder.path, 'tampered.html');
    const run = await runCliInProcess(['replay', '--file', history, '--dispute', 'hostile-1', '--html', file]);
    expect(run.code).toBe(2);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('data-integrity="problems"');
    expect(html).toMatch(/<li class="bad">✘ hash chain broken<ul class="findings"><li>first broken link: /);
  });

  it('replay --html without --dispute is refused with what to do, and writes nothing', async () => {
    const run = await runCliInProcess(['replay', '--file', join(folder.path, 'none.jsonl'), '--html', join(folder.path, 'x.html')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('replay --html needs --dispute ID');
  });

  it('a report to a folder that does not exist is a clear error', async () => {
    const run = await runCliInProcess(['audit', 'plain-2', '--store', store, '--html', join(folder.path, 'no', 'such', 'r.html')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot write the report to');
  });
});
