#!/usr/bin/env node
/**
 * The code-shape check: no source file in packages/*\/src (tests aside) is over 400 lines and no
 * function over 80. Prints every offender with its place and exits 1 when there is one.
 *
 * Usage: node scripts/check-code-shape.mjs [--max-file-lines N] [--max-function-lines N]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const argValue = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const maxFileLines = argValue('--max-file-lines', 400);
const maxFunctionLines = argValue('--max-function-lines', 80);

/** True for files that are tests or test-only support, which the rule does not cover. */
const isTestFile = (path) => /\.test\.tsx?$/.test(path);

function* sourceFiles(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts') && !isTestFile(path)) yield path;
  }
}

const functionName = (node, source) => {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  return '(anonymous)';
};

const offences = [];
const packagesFolder = join(root, 'packages');
for (const pkg of readdirSync(packagesFolder)) {
  const src = join(packagesFolder, pkg, 'src');
  try { statSync(src); } catch { continue; }
  for (const path of sourceFiles(src)) {
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const shown = relative(root, path);
    if (lines > maxFileLines) offences.push(`${shown}: ${lines} lines (at most ${maxFileLines})`);
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.end).line;
        const length = end - start + 1;
        if (length > maxFunctionLines) {
          offences.push(`${shown}:${start + 1}: function ${functionName(node, source)} is ${length} lines (at most ${maxFunctionLines})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

if (offences.length > 0) {
  console.error(`code shape: ${offences.length} offence(s)`);
  for (const offence of offences) console.error(`  ${offence}`);
  process.exit(1);
}
console.log(`code shape: every source file is at most ${maxFileLines} lines and every function at most ${maxFunctionLines}`);
