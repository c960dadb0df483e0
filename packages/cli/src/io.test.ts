import { stylesFor } from './colour';
import { colourWanted } from './io';
import { createProgress } from './progress';

describe('colour and progress', () => {
  const terminal = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };

  it('colours only a terminal, and never with NO_COLOR or --no-color', () => {
    expect(colourWanted(terminal, {}, true)).toBe(true);
    expect(colourWanted(pipe, {}, true)).toBe(false);
    expect(colourWanted(terminal, { NO_COLOR: '1' }, true)).toBe(false);
    expect(colourWanted(terminal, { NO_COLOR: '' }, true)).toBe(true); // no-color.org: set and not empty
    expect(colourWanted(terminal, {}, false)).toBe(false);
    expect(stylesFor(false).red('x')).toBe('x');
    expect(stylesFor(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });

  it('draws progress only on a terminal, and erases it when done', () => {
    const written: string[] = [];
    const silent = createProgress({ write: (t: string) => written.push(t), isTTY: false }, 'verifying');
    silent.update(10);
    silent.done();
    expect(written).toEqual([]);
    const shown = createProgress({ write: (t: string) => written.push(t), isTTY: true }, 'verifying', 100);
    shown.update(50);
    shown.done();
    expect(written[0]).toMatch(/^\r\u001b\[2Kverifying \[█{12}░{12}\] 50\/100 · [\d,]+\/s$/);
    expect(written[1]).toBe('\r\u001b[2K');
  });
});
