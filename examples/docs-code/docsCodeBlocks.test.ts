import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import type { AddressInfo } from 'node:net';
import { commandJsonSchema, commandTypes, createDisputeService, disputeCommand, eventTypes, initialState } from '@disputekit/core';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { createWebhookSink, type Notification } from '@disputekit/projections';
import { runCliInProcess } from '../../packages/cli/src/testing/runCliInProcess';
import { codeBlocks, normalisedLines, ROOT, shellCommands, type CodeBlock } from './codeBlocks';
import { buyerActions } from './embeddingAvailableActions';
import { anyCommand, offer, opened, writeSchemas } from './embeddingSchemas';
import { settleForPartialRefund } from './embeddingTypedCommands';
import { createWebhookReceiver } from './embeddingWebhookReceiver';
import { onCommand } from './readmeDecide';

/**
 * The docs cannot drift: every code block of README.md and docs/getting-started.md is either one of
 * the files here (compiled by the typecheck, run below) or shell commands checked against what
 * exists (scripts, paths, CLI commands and flags — the CLI's run in-process on a demo store).
 */
const DOCS = ['README.md', 'docs/getting-started.md'];
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { packageManager: string; scripts: Record<string, string>; repository: { url: string } };
const codeFiles = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'codeBlocks.ts');
const fileWithText = (block: CodeBlock) => codeFiles.find((f) => readFileSync(join(__dirname, f), 'utf8') === block.text);
const where = (block: CodeBlock) => `${block.file}:${block.line}`;

const opening = (disputeId: string) => ({
  type: 'OpenDispute',
  disputeId,
  commandId: `open-${disputeId}`,
  actor: { role: 'buyer', id: 'buyer-ana' },
  at: '2026-03-20T09:00:00Z',
  order: {
    orderId: `order-${disputeId}`, buyerId: 'buyer-ana', sellerId: 'seller-lucky-store',
    paid: { amount: 4999, currency: 'USD' }, alreadyRefunded: { amount: 0, currency: 'USD' },
    paidAt: '2026-03-01T12:00:00Z', deliveryDeadlineAt: '2026-03-18T23:59:59Z', cancellationRefusedAt: '2026-03-02T09:00:00Z',
  },
  kind: 'REFUND_ONLY', itemReceived: false, reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
  proposalId: 'p-1', requested: { amount: 4999, currency: 'USD' }, description: 'The parcel never arrived.', evidence: [],
});

describe('the code blocks of the README and getting started', () => {
  const temp = testTempFolder('docs');
  const folder = temp.path;
  const demoStore = join(folder, 'disputekit-demo-XXXX', 'disputekit.db');
  const cwd = process.cwd();
  afterAll(() => {
    process.chdir(cwd);
    temp.remove();
  });

  const blocks = DOCS.flatMap(codeBlocks);
  it('finds the blocks, each of a known kind', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    for (const block of blocks) expect({ where: where(block), lang: block.lang }).toEqual({ where: where(block), lang: expect.stringMatching(/^(ts|js|sh)$/) });
  });

  it('every TypeScript or JavaScript block is, character for character, a file here (compiled by the typecheck)', () => {
    for (const block of blocks.filter((b) => b.lang !== 'sh')) {
      expect({ where: where(block), file: fileWithText(block) }).toEqual({ where: where(block), file: expect.any(String) });
    }
  });

  it("runs the README's decide block: 200 with the new state, 400 with every issue, 422 naming the rule", () => {
    const reply = (status: number, body: unknown) => ({ status, body });
    expect(onCommand(JSON.stringify(opening('d-1')), initialState, reply)).toMatchObject({ status: 200, body: { status: 'AWAITING_SELLER' } });
    const bad = onCommand(JSON.stringify({ ...opening('d-2'), requested: { amount: 12.5, currency: 'USD' } }), initialState, reply);
    expect(bad.status).toBe(400);
    expect((bad.body as Array<{ path: string }>).map((issue) => issue.path)).toContain('requested.amount');
    const late = onCommand(JSON.stringify({ ...opening('d-3'), at: '2026-06-01T00:00:00Z' }), initialState, reply);
    expect(late).toMatchObject({ status: 422, body: { _tag: 'OutsideProtectionWindow' } });
  });

  it("runs the README's store block: a command in, the stored result out, in a disputes.db of the working folder", async () => {
    process.chdir(folder);
    try {
      const { handleCommand } = await import('./readmeService');
      const handled = await handleCommand(opening('d-service'));
      expect(E.isRight(handled) && handled.right.state.status).toBe('AWAITING_SELLER');
      expect(existsSync(join(folder, 'disputes.db'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it("runs getting started's program as a user does (node with tsx, in an empty folder), twice: applied once", () => {
    const project = mkdtempSync(join(folder, 'project-'));
    const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const env = { ...process.env, TSX_TSCONFIG_PATH: join(__dirname, 'tsconfig.json') };
    for (let run = 0; run < 2; run++) {
      const result = spawnSync(process.execPath, ['--import', tsx, join(__dirname, 'gettingStarted.ts')], { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
      expect({ code: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ code: 0, stdout: 'AWAITING_SELLER\n', stderr: '' });
    }
  }, 120_000);

  it('every shell command names a script, path, repository or CLI command and flags that exist (the CLI ones run)', async () => {
    mkdirSync(join(folder, 'disputekit-demo-XXXX'));
    expect((await runCliInProcess(['demo', '--store', `sqlite:${demoStore}`])).code).toBe(0);
    const pnpmVersion = rootPackage.packageManager.replace(/^pnpm@/, '');
    const repository = rootPackage.repository.url.replace(/^git\+/, '');
    const cliBin = (JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['disputekit'];
    for (const block of blocks.filter((b) => b.lang === 'sh')) {
      for (const words of shellCommands(block.text)) {
        const command = `${where(block)}: ${words.join(' ')}`;
        const [head, ...rest] = words;
        if (head === 'npx' && rest[0] === '-y' && rest[1]?.startsWith('pnpm@')) {
          expect({ command, version: rest[1].slice('pnpm@'.length) }).toEqual({ command, version: pnpmVersion });
          const [verb, script] = rest.slice(2);
          if (verb === 'install') expect({ command, flags: rest.slice(3) }).toEqual({ command, flags: expect.arrayContaining([]) });
          else if (verb === 'run') expect({ command, script: script !== undefined && script in rootPackage.scripts }).toEqual({ command, script: true });
          else expect({ command, script: verb !== undefined && verb in rootPackage.scripts }).toEqual({ command, script: true });
        } else if (head === 'npx' && rest[0] === 'jest') {
          expect({ command, exists: existsSync(join(ROOT, rest[1] ?? '')) }).toEqual({ command, exists: true });
        } else if ((head === 'node' && rest[0] === 'packages/cli/dist/bin.js') || head === 'disputekit') {
          if (head === 'node') expect({ command, bin: `packages/cli/${cliBin?.replace(/^\.\//, '')}` }).toEqual({ command, bin: rest[0] });
          const args = (head === 'node' ? rest.slice(1) : rest).map((arg) => arg.replace(/^sqlite:\/tmp\/disputekit-demo-XXXX\/disputekit\.db$/, `sqlite:${demoStore}`));
          const run = await runCliInProcess(args);
          expect({ command, code: run.code, stderr: run.stderr }).toEqual({ command, code: 0, stderr: '' });
        } else if (head === 'git' && rest[0] === 'clone') {
          expect({ command, url: rest[1] }).toEqual({ command, url: repository });
        } else if (head === 'cd') {
          expect({ command, args: rest.length }).toEqual({ command, args: 1 });
        } else if (head === 'npm' && rest[0] === 'install') {
          // The tarballs `pack:local` writes (scripts/pack-local.mjs packs into .tmp/packs).
          expect({ command, from: rest[1] }).toEqual({ command, from: expect.stringMatching(/\/\.tmp\/packs\/\*\.tgz$/) });
          expect(readFileSync(join(ROOT, 'scripts', 'pack-local.mjs'), 'utf8')).toContain("join(root, '.tmp', 'packs')");
        } else {
          throw new Error(`${command}: this test does not know how to check this command; teach it (docsCodeBlocks.test.ts).`);
        }
      }
    }
  }, 60_000);
});

/**
 * The embedding guide's TypeScript blocks: each one is either quoted from the marketplace example
 * (line for line; its own tests run it) or, character for character, one of the files below, which
 * the typecheck compiles and a test here runs. A block that is neither fails.
 */
const EMBEDDING_FILES = ['embeddingTypedCommands.ts', 'embeddingAvailableActions.ts', 'embeddingSchemas.ts', 'embeddingWebhookReceiver.ts'];

describe('the code of the embedding guide', () => {
  const quoted = codeBlocks('docs/guides/embedding.md').filter((b) => b.lang === 'ts');
  const example = join(ROOT, 'examples', 'marketplace');
  const sources = readdirSync(example).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => normalisedLines(readFileSync(join(example, f), 'utf8')));
  const inExample = (block: CodeBlock) => sources.some((source) => source.includes(normalisedLines(block.text)));
  const temp = testTempFolder('embedding');
  const folder = temp.path;
  afterAll(() => temp.remove());

  it('every block is quoted from the marketplace example, line for line, or is one of the files run here', () => {
    expect(quoted.length).toBeGreaterThanOrEqual(7);
    for (const block of quoted) {
      const file = fileWithText(block);
      const how = inExample(block) ? 'marketplace' : file !== undefined && EMBEDDING_FILES.includes(file) ? file : 'neither';
      expect({ where: where(block), how }).toEqual({ where: where(block), how: expect.not.stringMatching(/^neither$/) });
    }
    // and every file here is still in the guide (none left over after an edit)
    for (const file of EMBEDDING_FILES) expect({ file, quoted: quoted.some((b) => fileWithText(b) === file) }).toEqual({ file, quoted: true });
  });

  const service = () => createDisputeService({ store: createInMemoryEventStore() });

  it('runs the typed commands: the seller offers, the buyer accepts', async () => {
    const disputes = service();
    expect(E.isRight(await disputes.handle(opening('d-typed')))).toBe(true);
    const settled = await settleForPartialRefund(disputes, 'd-typed', '2026-03-21T09:00:00Z');
    expect(settled).toMatchObject({ _tag: 'Right', right: { state: { status: 'AWAITING_REFUND' } } });
  });

  it("runs availableActions: the buyer may accept the seller's offer, or counter within the amount paid", async () => {
    const disputes = service();
    expect(E.isRight(await disputes.handle(opening('d-actions')))).toBe(true);
    const offer = disputeCommand('MakeProposal', {
      disputeId: 'd-actions', commandId: 'offer', at: '2026-03-21T09:00:00Z', actor: { role: 'seller', id: 'seller-lucky-store' },
      proposalId: 'p-2', amount: { amount: 2_500, currency: 'USD' }, returnRequired: false,
    });
    expect(E.isRight(await disputes.handle(offer))).toBe(true);
    const actions = await buyerActions(disputes, 'd-actions', 'buyer-ana', '2026-03-21T10:00:00Z');
    const accept = actions.find((a) => a.type === 'AcceptProposal');
    expect(accept?.bounds).toMatchObject({ proposals: [expect.objectContaining({ proposalId: 'p-2' })] });
    expect(actions.find((a) => a.type === 'MakeProposal')?.bounds).toMatchObject({ terms: expect.arrayContaining([expect.objectContaining({ amount: expect.objectContaining({ max: 4999, currency: 'USD' }) })]) });
    expect(await buyerActions(disputes, 'd-actions', 'buyer-eve', '2026-03-21T10:00:00Z')).toEqual([]);
  });

  it('runs the schemas: one file per command and event, each the generated schema', () => {
    writeSchemas(folder);
    expect(readdirSync(folder).sort()).toEqual([...commandTypes, ...eventTypes].map((type) => `${type}.json`).sort());
    expect(JSON.parse(readFileSync(join(folder, 'MakeProposal.json'), 'utf8'))).toEqual(commandJsonSchema('MakeProposal'));
    expect(offer).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:disputekit:schema:command:MakeProposal' });
    expect((anyCommand as { oneOf: unknown[] }).oneOf).toHaveLength(commandTypes.length);
    expect(opened).toMatchObject({ $id: 'urn:disputekit:schema:event:DisputeOpened' });
  });

  it('runs the webhook receiver: a signed notification is taken once (a retry deduplicated), a forged one refused', async () => {
    const secret = 'whsec-a webhook secret of at least 32 characters';
    const taken: string[] = [];
    const receiver = createWebhookReceiver(secret, (n) => taken.push(n.notificationId));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
      const notification: Notification = { notificationId: 'n-1', kind: 'opened', disputeId: 'd-1', recipient: { role: 'buyer', id: 'buyer-ana' }, at: '2026-03-20T09:00:00Z', details: {} };
      const sink = createWebhookSink({ url, secret, maxAttempts: 1 });
      expect(await sink.deliver(notification)).toMatchObject({ status: 'delivered' });
      expect(await sink.deliver(notification)).toMatchObject({ status: 'delivered' });
      expect(taken).toEqual(['n-1']);
      const forged = await createWebhookSink({ url, secret: 'not the secret, though at least 32 characters', maxAttempts: 1 }).deliver({ ...notification, notificationId: 'n-2' });
      expect(forged).toMatchObject({ status: 'dead-lettered', lastError: 'HTTP 400' });
      expect(taken).toEqual(['n-1']);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
