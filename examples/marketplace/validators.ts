import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Fastify's validator compiler for the example: request bodies are checked exactly as the generated
 * JSON Schemas (2020-12) say — no type coercion (`"4000"` is not an amount), nothing removed (a
 * misspelled field is refused, not dropped), every issue reported; path parameters, headers and the
 * query string, which arrive as text, are coerced as Fastify does by default.
 */
export const validatorCompiler = (): FastifySchemaCompiler<unknown> => {
  const bodies = new Ajv2020({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false, strict: false });
  const texts = new Ajv2020({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, strict: false });
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodies : texts).compile(schema as object);
};

/** One issue of a refused request, as the example answers it: where (`requested.amount`), and what. */
export interface RequestIssue {
  readonly path: string;
  readonly message: string;
}

/** An Ajv error as an issue: the body's paths as `parseCommand` writes them, the misspelled field named. */
export const issueOf = (context: string | undefined, error: ErrorObject): RequestIssue => {
  const at = error.instancePath.split('/').filter((part) => part !== '');
  const extra = error.keyword === 'additionalProperties' ? String((error.params as { additionalProperty: unknown }).additionalProperty) : undefined;
  const path = [...(context === 'body' || context === undefined ? [] : [context]), ...at, ...(extra === undefined ? [] : [extra])].join('.');
  if (extra !== undefined) return { path, message: `${extra} is not a field here` };
  return { path: path === '' ? (context ?? 'body') : path, message: error.message ?? 'is invalid' };
};
