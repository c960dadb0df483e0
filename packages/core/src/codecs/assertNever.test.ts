import { assertNever } from './assertNever';

/** The exhaustiveness guard throws when data bypassed the codecs. */
describe('assertNever', () => {
  it('throws, naming the context and the value', () => {
    expect(() => assertNever('X' as never, 'event type')).toThrow('Unexpected event type: "X"');
    expect(() => assertNever(3 as never)).toThrow('Unexpected value: 3');
  });
});
