import type { CommandRoute, ReadRoute } from './routes';
import { pathParameters } from './routes';

/** A JSON Schema (2020-12), as Fastify validates requests with it and @fastify/swagger documents it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * THE SEAM for the generated command schemas: the JSON Schema of a command's request body (the
 * command's own fields, without the envelope the server sets: type, commandId, actor, at, the
 * path's ids, and an opening's policy). Until the schemas generated from the codecs are wired in
 * here, it is the generic `{ type: 'object' }` and the full check is `parseCommand` in the service
 * (its 400 lists every issue with its path); plug the generated schema of `command` in here and
 * Fastify validates bodies with it and the OpenAPI document shows every field.
 */
export const commandBodySchema = (command: string): JsonSchema => ({
  type: 'object',
  description: `The fields of ${command}, without type, commandId, actor, at and the ids in the path (checked by parseCommand).`,
});

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
  body: commandBodySchema(route.command),
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
    400: { description: 'Not a valid command: every issue with its path.', ...problem },
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
