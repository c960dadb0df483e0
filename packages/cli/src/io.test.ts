import { stylesFor } from './colour';
import { colourWanted } from './io';

describe('colour', () => {
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
});
