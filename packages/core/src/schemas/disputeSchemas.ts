import type { JsonSchema } from '../codecs/jsonSchemaHints';
import { commandCodecs, commandTypes, type CommandType } from '../dispute/commands';
import { eventCodecs, eventTypes, type EventType } from '../dispute/events';
import { jsonSchemaOf } from './jsonSchemaOf';

/** The JSON Schema dialect of every schema disputekit ships. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

const document = (id: string, title: string, body: JsonSchema): JsonSchema => ({ $schema: JSON_SCHEMA_DIALECT, $id: id, title, ...body });

const cache = new Map<string, JsonSchema>();
const cached = (key: string, build: () => JsonSchema): JsonSchema => {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const built = build();
  cache.set(key, built);
  return built;
};

/** The JSON Schema (2020-12) of one command's wire form, generated from its codec. */
export const commandJsonSchema = (type: CommandType): JsonSchema =>
  cached(`command:${type}`, () => document(`urn:disputekit:schema:command:${type}`, type, jsonSchemaOf(commandCodecs[type])));

/** The JSON Schema (2020-12) of one stored event (`{ type, data }`), generated from its codec. */
export const eventJsonSchema = (type: EventType): JsonSchema =>
  cached(`event:${type}`, () => document(`urn:disputekit:schema:event:${type}`, type, jsonSchemaOf(eventCodecs[type])));

/** Every command's schema, by command type. */
export const commandJsonSchemas = (): Readonly<Record<CommandType, JsonSchema>> =>
  Object.fromEntries(commandTypes.map((type) => [type, commandJsonSchema(type)])) as Record<CommandType, JsonSchema>;

/** Every event's schema, by event type. */
export const eventJsonSchemas = (): Readonly<Record<EventType, JsonSchema>> =>
  Object.fromEntries(eventTypes.map((type) => [type, eventJsonSchema(type)])) as Record<EventType, JsonSchema>;

/** One schema for any command: one of the command schemas, chosen by `type`. */
export const disputeCommandJsonSchema = (): JsonSchema =>
  cached('command:*', () =>
    document('urn:disputekit:schema:command', 'DisputeCommand', { oneOf: commandTypes.map((type) => jsonSchemaOf(commandCodecs[type])) }),
  );
