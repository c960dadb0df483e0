#!/usr/bin/env node
/**
 * The API report of every published entry point: runs API Extractor on the built declarations of each
 * entry in each package's `exports` map (`packages/<pkg>/dist/...d.ts`, so run after `pnpm run build`)
 * and compares the result with the checked-in report `packages/<pkg>/api/<entry>.api.md`.
 *
 *   node scripts/api-report.mjs            compare; on a change print the diff and exit 1
 *   node scripts/api-report.mjs --update   rewrite the checked-in reports
 *
 * Either way it also writes each entry's doc model to `.tmp/api/<pkg>/<entry>.api.json`, which
 * `scripts/api-docs.mjs` reads to write docs/api.md. The API Extractor configuration is built here, one
 * per entry, from the `exports` maps: a new subpath gets its report without a new config file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = resolve(import.meta.dirname, '..');
/** Where the doc models (and, on a change, the new reports) are written; git-ignored. */
export const modelRoot = join(root, '.tmp', 'api');

/** The report name of an `exports` key: `.` is `index`, `./memory` is `memory`. */
const entryName = (key) => (key === '.' ? 'index' : key.replace(/^\.\//, '').replace(/\//g, '-'));

/** The declaration file an `exports` value points ESM consumers at, or undefined for a non-code subpath. */
const typesOf = (target) => {
  if (typeof target !== 'object' || target === null) return undefined;
  if (typeof target.types === 'string') return target.types;
  return typesOf(target.import) ?? typesOf(target.default);
};

/** Packages in dependency order (the rest follow by name). */
const packageOrder = ['core', 'projections', 'adapters', 'cli'];
const rank = (folder) => (packageOrder.includes(folder) ? packageOrder.indexOf(folder) : packageOrder.length);

/** Every published entry point: package, its folder, entry name and built declaration file. */
export const publishedEntries = () => {
  const entries = [];
  const folders = readdirSync(join(root, 'packages')).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en'));
  for (const folder of folders) {
    const dir = join(root, 'packages', folder);
    const manifestPath = join(dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private || typeof manifest.exports !== 'object') continue;
    for (const [key, target] of Object.entries(manifest.exports)) {
      const types = typesOf(target);
      if (types === undefined) continue;
      entries.push({ packageName: manifest.name, folder, dir, key, entry: entryName(key), dts: join(dir, types) });
    }
  }
  return entries;
};

/** The API Extractor configuration of one entry point. */
const configOf = ({ dir, folder, entry, dts }) => ({
  projectFolder: dir,
  mainEntryPointFilePath: dts,
  bundledPackages: [],
  newlineKind: 'lf',
  compiler: {
    // The declarations are already built and bundled by tsup: no project tsconfig is needed to read them.
    // tsup type-checked them when it emitted them, so they are not checked again here (skipLibCheck).
    overrideTsconfig: {
      compilerOptions: { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', strict: true, skipLibCheck: true, types: ['node'], lib: ['es2023'] },
      files: [dts],
    },
  },
  apiReport: {
    enabled: true,
    reportFileName: `${entry}.api.md`,
    reportFolder: join(dir, 'api'),
    reportTempFolder: join(modelRoot, folder, 'reports'),
  },
  docModel: { enabled: true, apiJsonFilePath: join(modelRoot, folder, `${entry}.api.json`) },
  dtsRollup: { enabled: false },
  tsdocMetadata: { enabled: false },
  messages: {
    compilerMessageReporting: { default: { logLevel: 'warning' } },
    extractorMessageReporting: {
      default: { logLevel: 'warning', addToApiReportFile: true },
      // disputekit marks no release stages (@public, @beta): everything exported is public.
      'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
      'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
      // An undocumented member already shows as `(undocumented)` beside it in the report.
      'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
    },
    // The doc comments are read for their summary only; TSDoc's stricter syntax is not enforced.
    tsdocMessageReporting: { default: { logLevel: 'none' } },
  },
});

/** Runs API Extractor on one entry; returns whether its report is unchanged (or was rewritten). */
const runEntry = (entry, update) => {
  const packageJsonFullPath = join(entry.dir, 'package.json');
  if (update) mkdirSync(join(entry.dir, 'api'), { recursive: true });
  const config = ExtractorConfig.prepare({ configObject: configOf(entry), configObjectFullPath: undefined, packageJsonFullPath });
  const messages = [];
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback: (message) => {
      message.handled = true;
      // Its notes on writing a report file are said below, one line an entry.
      if (message.messageId.startsWith('console-api-report')) return;
      if (message.logLevel === 'error' || message.logLevel === 'warning') messages.push(message.formatMessageWithLocation(root));
    },
  });
  for (const message of messages) console.error(`  ${message}`);
  if (result.errorCount > 0) throw new Error(`API Extractor failed on ${entry.packageName}${entry.key.slice(1)}`);
  const report = relative(root, config.reportFilePath);
  if (update) {
    console.log(`${result.apiReportChanged ? 'updated ' : 'unchanged'} ${report}`);
    return true;
  }
  if (!result.apiReportChanged) return true;
  console.error(`\nThe public API of ${entry.packageName}${entry.key.slice(1)} changed (${report}):`);
  const newReport = config.reportTempFilePath;
  const diff = existsSync(config.reportFilePath)
    ? spawnSync('git', ['diff', '--no-index', '--no-color', report, relative(root, newReport)], { cwd: root, encoding: 'utf8' }).stdout
    : `(no checked-in report; the new one is ${relative(root, newReport)})\n`;
  console.error(diff);
  return false;
};

const main = () => {
  const update = process.argv.includes('--update');
  rmSync(modelRoot, { recursive: true, force: true });
  mkdirSync(modelRoot, { recursive: true });
  const entries = publishedEntries();
  const missing = entries.filter((entry) => !existsSync(entry.dts));
  if (missing.length > 0) {
    throw new Error(`not built: ${missing.map((entry) => relative(root, entry.dts)).join(', ')} (run pnpm run build first)`);
  }
  const changed = entries.filter((entry) => !runEntry(entry, update));
  if (changed.length > 0) {
    console.error(`${changed.length} API report(s) differ. If the change is intended, run \`pnpm run api:update\` and commit the reports and docs/api.md.`);
    process.exit(1);
  }
  if (!update) console.log(`API reports: ${entries.length} entry points unchanged.`);
};

if (import.meta.url === `file://${process.argv[1]}`) main();
