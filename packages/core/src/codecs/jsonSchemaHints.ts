/** A JSON Schema (2020-12) as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Builds a codec's schema, given the function that builds the schemas of the codecs it is made of. */
export type JsonSchemaHint = (schemaOf: (codec: unknown) => JsonSchema) => JsonSchema;

const hints = new WeakMap<object, JsonSchemaHint>();

/**
 * Records, where a codec is built, how it reads as JSON Schema (the codec factories call this, so the
 * codec stays the single source of truth). Returns the codec.
 */
export const hintJsonSchema = <C extends object>(codec: C, hint: JsonSchemaHint): C => {
  hints.set(codec, hint);
  return codec;
};

/** The hint recorded for a codec, if any. */
export const jsonSchemaHintOf = (codec: unknown): JsonSchemaHint | undefined =>
  typeof codec === 'object' && codec !== null ? hints.get(codec) : undefined;
