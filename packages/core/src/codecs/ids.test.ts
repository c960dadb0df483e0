import * as E from 'fp-ts/lib/Either.js';
import { DisputeId, idCodec, ProposalId } from './ids';

/** Identifier codecs: non-empty, bounded, no surrounding spaces or control characters. */
describe('idCodec', () => {
  it('accepts ordinary ids', () => {
    expect(DisputeId.decode('dispute-1')).toEqual(E.right('dispute-1'));
    expect(ProposalId.decode('a'.repeat(200))).toEqual(E.right('a'.repeat(200)));
    expect(DisputeId.is('d 1')).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(201)],
    ['leading space', ' d1'],
    ['trailing space', 'd1 '],
    ['a newline', 'd\n1'],
    ['a DEL character', 'd\u007f1'],
    ['a number', 7],
    ['null', null],
  ])('rejects %s', (_what, value) => {
    const result = DisputeId.decode(value);
    expect(E.isLeft(result) && result.left[0]?.message).toBe('a DisputeId (1–200 characters, no surrounding spaces or control characters)');
    expect(DisputeId.is(value)).toBe(false);
  });

  it('names the brand in its expectation', () => {
    const Sku = idCodec('Sku');
    expect(Sku.name).toBe('Sku');
    const result = Sku.decode('');
    expect(E.isLeft(result) && result.left[0]?.message).toContain('a Sku (');
    const sku = Sku.decode('x');
    expect(E.isRight(sku) && Sku.encode(sku.right)).toBe('x');
  });
});
