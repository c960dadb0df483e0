import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory for one test file, and a way to remove it. */
export const tempDirectory = (prefix: string): { readonly path: string; readonly file: (name: string) => string; readonly remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), `disputekit-${prefix}-`));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
};
