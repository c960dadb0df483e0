import { AppendOnlySet } from './appendOnlySet';

/** The persistent set the fold uses to remember ids. */
describe('AppendOnlySet', () => {
  it('grows by one member at a time and keeps older versions unchanged', () => {
    const empty = AppendOnlySet.empty();
    const one = empty.add('a');
    const two = one.add('b');
    expect(empty.size).toBe(0);
    expect(empty.has('a')).toBe(false);
    expect(one.has('a')).toBe(true);
    expect(one.has('b')).toBe(false);
    expect(two.has('b')).toBe(true);
    expect([...two]).toEqual(['a', 'b']);
    expect(two.toJSON()).toEqual(['a', 'b']);
    expect(JSON.stringify({ ids: two })).toBe('{"ids":["a","b"]}');
  });

  it('adding a member already there returns the same set', () => {
    const one = AppendOnlySet.empty().add('a');
    expect(one.add('a')).toBe(one);
  });

  it('extending an older version again branches without disturbing the newer one', () => {
    const one = AppendOnlySet.empty().add('a');
    const two = one.add('b');
    const branch = one.add('c');
    expect([...two]).toEqual(['a', 'b']);
    expect([...branch]).toEqual(['a', 'c']);
    expect(branch.has('b')).toBe(false);
    expect(two.has('c')).toBe(false);
    expect([...branch.add('d')]).toEqual(['a', 'c', 'd']);
    expect([...two.add('e')]).toEqual(['a', 'b', 'e']);
  });
});
