import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root. */
export const ROOT = join(__dirname, '..', '..');

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  readonly file: string;
  /** The line of its opening fence (1-based). */
  readonly line: number;
  readonly lang: string;
  readonly text: string;
}

/** Every fenced code block of a Markdown file (relative to the repository root). */
export const codeBlocks = (file: string): CodeBlock[] => {
  const markdown = readFileSync(join(ROOT, file), 'utf8');
  const blocks: CodeBlock[] = [];
  for (const match of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    blocks.push({ file, line: markdown.slice(0, match.index).split('\n').length, lang: match[1] ?? '', text: match[2] ?? '' });
  }
  return blocks;
};

/** The commands of a shell block: comments dropped, continuation lines joined, `&&` chains split, each as words. */
export const shellCommands = (text: string): string[][] =>
  text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '')
    .flatMap((line) => line.split('&&'))
    .map((command) => command.trim().split(/\s+/));

/** A text's lines with their indentation and trailing spaces removed, for comparing quoted code with its source. */
export const normalisedLines = (text: string): string => text.split('\n').map((line) => line.trim()).filter((line) => line !== '').join('\n');
