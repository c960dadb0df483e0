import * as t from 'io-ts/lib/index.js';
import { jsonSchemaHintOf, type JsonSchema } from '../codecs/jsonSchemaHints';
import type { StructType } from '../codecs/struct';
import { leafSchemas } from './leafSchemas';

type AnyStruct = StructType<t.Props, t.Props>;

const isStruct = (codec: unknown): codec is AnyStruct =>
  codec instanceof t.Type && typeof (codec as Partial<AnyStruct>).required === 'object' && typeof (codec as Partial<AnyStruct>).optional === 'object';

/** A codec made by a `literal(value)` helper: its name is the value in JSON. */
const literalValue = (codec: t.Mixed): string | undefined => {
  if (!codec.name.startsWith('"')) return undefined;
  try {
    const value: unknown = JSON.parse(codec.name);
    return typeof value === 'string' && codec.is(value) && !codec.is(`${value} `) ? value : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Walks a codec and returns its JSON Schema (2020-12): structs become objects (closed for commands,
 * open for events, which drop unknown fields), factory-made codecs read the hint they recorded, and
 * the hand-written leaves come from `leafSchemas`. A codec it does not know is an error naming it,
 * so a new kind of codec cannot ship without its schema.
 */
export const jsonSchemaOf = (codec: unknown): JsonSchema => {
  const leaves = leafSchemas((c) => walk(c));
  const walk = (c: unknown): JsonSchema => {
    const leaf = leaves.get(c);
    if (leaf !== undefined) return leaf();
    const hint = jsonSchemaHintOf(c);
    if (hint !== undefined) return hint(walk);
    if (isStruct(c)) {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, field] of Object.entries(c.required)) properties[key] = walk(field);
      for (const [key, field] of Object.entries(c.optional)) properties[key] = walk(field);
      return {
        type: 'object',
        properties,
        required: Object.keys(c.required),
        ...(c.unknownKeys === 'reject' ? { additionalProperties: false } : {}),
      };
    }
    if (c instanceof t.StringType) return { type: 'string' };
    if (c instanceof t.Type) {
      const value = literalValue(c);
      if (value !== undefined) return { const: value };
    }
    throw new Error(`jsonSchemaOf(): no JSON Schema is known for the codec ${c instanceof t.Type ? c.name : String(c)}`);
  };
  return walk(codec);
};
