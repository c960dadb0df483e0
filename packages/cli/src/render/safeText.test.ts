import { safeDeep, safeJson, safeLines, safeText } from './safeText';

describe('safeText', () => {
  it.each([
    ['ESC (C0)', 'a\u001b[2Jb', 'a\\x1B[2Jb'],
    ['line feed, carriage return, tab', 'a\nb\rc\td', 'a\\nb\\rc\\td'],
    ['NUL and BEL', '\u0000\u0007', '\\x00\\x07'],
    ['DEL', 'a\u007fb', 'a\\x7Fb'],
    ['C1 CSI and NEL', '\u009b31m\u0085', '\\x9B31m\\x85'],
    ['bidi override and isolate', '\u202egnp.exe\u2066', '\\u202Egnp.exe\\u2066'],
    ['zero-width and line separator', 'a\u200bb\u2028c', 'a\\u200Bb\\u2028c'],
    ['byte order mark', '\ufeffx', '\\uFEFFx'],
    ['lone high and low surrogates', 'd\ud800 e\udc00', 'd\\uD800 e\\uDC00'],
  ])('escapes %s', (_, raw, shown) => {
    expect(safeText(raw)).toBe(shown);
  });

  it('leaves ordinary text alone: accents, CJK, emoji (paired surrogates), symbols', () => {
    const text = 'Zoë paid 40,00 € — 退款 ✔ 👍🏽 “quoted” \\x1B stays literal';
    expect(safeText(text)).toBe(text);
  });

  it('is idempotent: escaped text has nothing left to escape', () => {
    const once = safeText('\u001b]8;;http://x\u0007\u202e\ud800');
    expect(safeText(once)).toBe(once);
  });

  it('safeLines keeps line feeds and escapes the rest', () => {
    expect(safeLines('one\u001b[1A\ntwo\r')).toBe('one\\x1B[1A\ntwo\\r');
  });

  it('safeJson is lossless JSON with no raw DEL, C1 or bidi control', () => {
    const value = { text: 'a\u001b\u007f\u009b\u202e\ud800b', n: 1 };
    const json = safeJson(value, 2);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('safeDeep escapes every string of plain data, keys included, and keeps other values', () => {
    const date = new Date(0);
    expect(safeDeep({ a: ['x\u001b'], 'k\n': { n: 2, b: true, nil: null, date } })).toEqual({ a: ['x\\x1B'], 'k\\n': { n: 2, b: true, nil: null, date } });
  });
});
