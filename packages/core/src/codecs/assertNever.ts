/**
 * Exhaustiveness check for `switch` statements over unions: the compiler rejects a call whose
 * argument is not `never`, so adding a variant without handling it is a type error. At run time it
 * is only reached when data bypassed the codecs, and it throws, because that is a programmer error.
 */
export const assertNever = (value: never, context = 'value'): never => {
  throw new Error(`Unexpected ${context}: ${JSON.stringify(value)}`);
};
