import { commandJsonSchema } from '@disputekit/core';
import type { CommandRoute, ReadRoute } from './routes';
import { pathParameters } from './routes';

/** A JSON Schema (2020-12), as Fastify validates requests with it and @fastify/swagger documents it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** What the server sets on every command, never the body: the envelope (see `app.ts`). */
const ENVELOPE = ['type', 'commandId', 'actor', 'at'] as const;

/**
 * The JSON Schema of a command's request body: the schema generated from the command's codec
 * (`commandJsonSchema`, so it cannot drift from what `parseCommand` accepts), without the fields the
 * server sets — the envelope, the path's ids, and an opening's policy. Closed like the codec: a
 * misspelled field is refused. Fastify validates bodies with it; the OpenAPI document shows it.
 */
export const commandBodySchema = (route: CommandRoute): JsonSchema => {
  const { $schema: _dialect, $id: _id, title: _title, ...command } = commandJsonSchema(route.command) as Record<string, unknown>;
  const serverSet = new Set<string>([...ENVELOPE, ...pathParameters(route.path), ...(route.command === 'OpenDispute' ? ['policy'] : [])]);
  const properties = Object.entries(command['properties'] as Record<string, unknown>).filter(([name]) => !serverSet.has(name));
  const required = (command['required'] as ReadonlyArray<string>).filter((name) => !serverSet.has(name));
  return { ...command, title: `${route.command} body`, properties: Object.fromEntries(properties), required };
};

const paramsSchema = (path: string): JsonSchema | undefined => {
  const names = pathParameters(path);
  if (names.length === 0) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string', minLength: 1, maxLength: 200 }])),
    required: names,
  };
};

const problem: JsonSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array' } },
  required: ['error', 'message'],
};

/** The Fastify route schema of a command endpoint: body, path parameters, the idempotency-key header, and the answers. */
export const commandRouteSchema = (route: CommandRoute): JsonSchema => ({
  summary: route.summary,
  operationId: route.command,
  tags: ['commands'],
  body: commandBodySchema(route),
  ...(paramsSchema(route.path) === undefined ? {} : { params: paramsSchema(route.path) }),
  headers: {
    type: 'object',
    properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200, description: 'The same key makes a retried request safe: applied once.' } },
    required: ['idempotency-key'],
  },
  security: [{ bearer: [] }],
  response: {
    200: {
      description: 'Applied (or already applied with this idempotency key).',
      type: 'object',
      properties: { disputeId: { type: 'string' }, status: { type: 'string' }, version: { type: 'integer' }, alreadyApplied: { type: 'boolean' }, events: { type: 'array' } },
      additionalProperties: true,
    },
    400: { description: 'Not a valid command (the body schema, or parseCommand in the service): every issue with its path.', ...problem },
    401: { description: 'No valid token.', ...problem },
    409: { description: 'Conflicts with what exists (an open dispute on the order, a concurrent change).', ...problem },
    422: { description: 'A process rule refuses it; `error` names the rule.', ...problem },
    503: { description: 'The store is down: retry with the same idempotency key.', ...problem },
  },
});

/** The Fastify route schema of a read endpoint. */
export const readRouteSchema = (route: ReadRoute): JsonSchema => ({
  summary: route.summary,
  operationId: route.read,
  tags: ['reads'],
  ...(paramsSchema(route.path) === undefined ? {} : { params: paramsSchema(route.path) }),
  ...(route.path.endsWith('/disputes') || route.read === 'mediatorQueue' || route.read === 'deadlines'
    ? { querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, offset: { type: 'integer', minimum: 0, default: 0 } } } }
    : {}),
  security: [{ bearer: [] }],
  response: {
    401: { description: 'No valid token.', ...problem },
    403: { description: 'Not yours to read.', ...problem },
    404: { description: 'No such dispute, or not one you may read.', ...problem },
    503: { description: 'The read models are unavailable.', ...problem },
  },
});
