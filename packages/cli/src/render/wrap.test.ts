import { visibleWidth, wrapLine, wrapText } from './wrap';

describe('wrapping text to a width', () => {
  it('keeps a line that fits', () => {
    expect(wrapLine('  short line', 20)).toEqual(['  short line']);
  });

  it('wraps a table row under its last column, every line within the width, no word lost', () => {
    const row = `  1   2026-03-20 09:00Z   buyer buyer-ana   ${'opened a dispute about order order-1001, asking 49.99 USD of 49.99 USD refundable'}`;
    const lines = wrapLine(row, 80);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(80);
    const indent = row.indexOf('opened');
    for (const line of lines.slice(1)) expect(line.slice(0, indent).trim()).toBe('');
    expect(lines.join(' ').split(/\s+/)).toEqual(row.split(/\s+/));
  });

  it('splits a word longer than the line, and does not count colour codes', () => {
    const lines = wrapLine(`x ${'a'.repeat(25)}`, 10);
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(10);
    expect(lines.join('').replace(/ /g, '')).toBe(`x${'a'.repeat(25)}`);
    expect(visibleWidth('\u001b[1mbold\u001b[22m')).toBe(4);
    expect(wrapText('\u001b[1mbold\u001b[22m fits', 9)).toBe('\u001b[1mbold\u001b[22m fits');
  });
});
