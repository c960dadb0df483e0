import * as E from 'fp-ts/lib/Either.js';

/** Anything with a message: every disputekit error (`HandleError`, `StoreError`, `ReadModelError`...). */
interface WithMessage {
  readonly message: string;
}

const describe = (value: unknown): string => {
  if (typeof value === 'object' && value !== null) {
    const tag = (value as { _tag?: unknown })._tag;
    const message = (value as Partial<WithMessage>).message;
    return [typeof tag === 'string' ? tag : undefined, typeof message === 'string' ? message : undefined].filter(Boolean).join(': ') || JSON.stringify(value);
  }
  return String(value);
};

/** The value of a `Right`; throws (failing the test) with the error's tag and message on a `Left`. */
export const expectRight = <L, A>(result: E.Either<L, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${describe(result.left)}`);
  return result.right;
};

/** The error of a `Left`; throws (failing the test) on a `Right`. */
export const expectLeft = <L, A>(result: E.Either<L, A>): L => {
  if (E.isRight(result)) throw new Error(`expected an error, got success: ${JSON.stringify(result.right)?.slice(0, 300)}`);
  return result.left;
};
