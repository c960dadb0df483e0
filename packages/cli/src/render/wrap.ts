/** ANSI colour codes, which take no columns on a terminal. */
const ANSI = /\u001b\[[0-9;]*m/g;

/** The columns a piece of text takes on a terminal (colour codes take none; one column a code point). */
export const visibleWidth = (text: string): number => [...text.replace(ANSI, '')].length;

/**
 * Where a wrapped line's continuation starts: under the last column of a table-like line (the end of
 * the last run of two or more spaces in its first 60 columns), else four past its own indent.
 */
const hangingIndent = (line: string): number => {
  const plain = line.replace(ANSI, '');
  let indent = (/^ */.exec(plain)?.[0].length ?? 0) + 4;
  for (const match of plain.slice(0, 60).matchAll(/ {2,}/g)) indent = Math.max(indent, match.index + match[0].length);
  return indent;
};

/** Splits a word too long for a line into pieces of at most `width` columns (colour codes kept). */
const splitWord = (word: string, width: number): string[] => {
  const pieces: string[] = [];
  let piece = '';
  for (const token of word.split(/(\u001b\[[0-9;]*m)/)) {
    if (token.startsWith('\u001b[')) {
      piece += token;
      continue;
    }
    for (const char of token) {
      if (visibleWidth(piece) >= width) {
        pieces.push(piece);
        piece = '';
      }
      piece += char;
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
};

/** Wraps one line at spaces so that no line is wider than `width`; continuations hang (see `hangingIndent`). */
export const wrapLine = (line: string, width: number): string[] => {
  if (visibleWidth(line) <= width) return [line];
  const indent = Math.max(0, Math.min(hangingIndent(line), width - 30)); // at least 30 columns for the text
  const leading = /^ */.exec(line)?.[0] ?? '';
  const words = line.slice(leading.length).split(/(?<=\S) (?=\S)/);
  const lines: string[] = [];
  let current = leading;
  let fresh = true;
  for (const word of words) {
    const room = width - visibleWidth(current) - (fresh ? 0 : 1);
    if (visibleWidth(word) <= room) {
      current += fresh ? word : ` ${word}`;
      fresh = false;
      continue;
    }
    if (!fresh) lines.push(current);
    const pieces = splitWord(word, width - indent);
    for (const piece of pieces.slice(0, -1)) lines.push(' '.repeat(indent) + piece);
    current = ' '.repeat(indent) + pieces.at(-1)!;
    fresh = false;
  }
  lines.push(current);
  return lines;
};

/** Wraps every line of a text to at most `width` columns. */
export const wrapText = (text: string, width: number): string =>
  text
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
