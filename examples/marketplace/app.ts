import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import type { ErrorObject } from 'ajv/dist/2020.js';
import * as E from 'fp-ts/lib/Either.js';
import { auditDispute, disputeStreamId, type Clock, type DisputePolicy, type DisputeService, type EventStore } from '@disputekit/core';
import type { DisputeReadModels } from '@disputekit/projections';
import type { Actor, Authenticate } from './authenticate';
import { commandRouteSchema, readRouteSchema } from './commandSchemas';
import { errorBody, statusOf } from './httpErrors';
import { mayReadBuyer, mayReadDispute, mayReadQueues, mayReadSeller } from './readAccess';
import { routes, type CommandRoute, type ReadRoute } from './routes';
import { issueOf, validatorCompiler } from './validators';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request, set by the `authenticate` hook (every route but the OpenAPI document). */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** A route anyone may call, without authentication (the OpenAPI document). */
    public?: boolean;
  }
}

/** What the HTTP API needs of the marketplace. */
export interface MarketplaceAppParts {
  readonly service: DisputeService;
  readonly readModels: DisputeReadModels;
  /** The event store, for a dispute's history (its audit). */
  readonly events: EventStore;
  readonly clock: Clock;
  /** The policy every new dispute runs under. */
  readonly policy: DisputePolicy;
  readonly authenticate: Authenticate;
}

type Params = Record<string, string>;
type Page = { limit?: number; offset?: number };

const NOT_FOUND = { error: 'NotFound', message: 'No such dispute (the read models may be a moment behind a new one).' };
const FORBIDDEN = { error: 'Forbidden', message: 'You may not read this: it is not yours.' };

/** The OpenAPI 3.1 document's frame; @fastify/swagger fills in the paths from the route schemas. */
const openApi = {
  openapi: {
    openapi: '3.1.0',
    info: { title: 'Acme marketplace disputes', version: '1.0.0', description: 'The disputekit example marketplace: buyers, sellers and mediators send commands; reads come from the read models.' },
    components: { securitySchemes: { bearer: { type: 'http' as const, scheme: 'bearer', bearerFormat: 'JWT' } } },
  },
};

/** Answers Fastify's own refusals (schema validation, bad JSON, a body too large) in the example's error shape. */
const onError = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
  if (error.validation !== undefined) {
    if (error.validationContext === 'headers') {
      return reply.code(400).send({ error: 'MissingIdempotencyKey', message: 'Send an idempotency-key header: the same key makes a retried request safe.' });
    }
    const issues = error.validation.map((v) => issueOf(error.validationContext, v as ErrorObject));
    const message = `The ${error.validationContext ?? 'request'} is not valid: ${issues.map((i) => (i.message.startsWith(i.path) ? i.message : `${i.path} ${i.message}`)).join('; ')}.`;
    return reply.code(400).send({ error: 'ValidationError', message, issues });
  }
  const status = error.statusCode ?? 500;
  return reply.code(status).send({ error: status === 413 ? 'PayloadTooLarge' : status < 500 ? 'BadRequest' : 'InternalError', message: error.message });
};

/**
 * Builds the marketplace's HTTP API on Fastify: POST endpoints turn requests into dispute commands
 * (`service.handle`), GET endpoints read the read models (and a dispute's audit from the event
 * store), each only for those it concerns. Every route but `GET /openapi.json` needs an actor from
 * `authenticate`. Route schemas validate requests (bodies with the JSON Schemas generated from the
 * command codecs) and make the OpenAPI 3.1 document.
 */
export const buildMarketplaceApp = async (parts: MarketplaceAppParts): Promise<FastifyInstance> => {
  const { service, readModels, events, clock, policy, authenticate } = parts;
  const app = Fastify({ bodyLimit: 1_000_000 });
  app.setValidatorCompiler(validatorCompiler());
  await app.register(swagger, openApi);
  app.setErrorHandler(onError);
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public === true) return;
    const actor = await authenticate(request);
    if (actor === undefined) return reply.code(401).send({ error: 'Unauthenticated', message: 'Send Authorization: Bearer <token> with a valid token.' });
    request.actor = actor;
  });

  const handleCommand = async (route: CommandRoute, request: FastifyRequest, reply: FastifyReply) => {
    const fields = request.body as Record<string, unknown>;
    // The envelope comes from the request, never from the body: who, when, which dispute, which
    // command — and for an opening, the marketplace's policy, which is not the buyer's to choose.
    const commandId = request.headers['idempotency-key'] as string;
    const envelope = { type: route.command, commandId, actor: request.actor, at: new Date(clock.now()).toISOString() };
    const command: Record<string, unknown> = { ...fields, ...(request.params as Params), ...envelope };
    if (route.command === 'OpenDispute') command['policy'] = policy;
    const handled = await service.handle(command);
    if (E.isLeft(handled)) return reply.code(statusOf(handled.left)).send(errorBody(handled.left));
    const { state, version, alreadyApplied } = handled.right;
    const stored = handled.right.events.map((e) => ({ version: e.version, type: e.event.type, data: e.event.data }));
    return reply.send({ disputeId: command['disputeId'], status: state.status, version, alreadyApplied, events: stored });
  };

  const answer = (reply: FastifyReply, result: E.Either<{ readonly message: string }, unknown>) =>
    E.isLeft(result) ? reply.code(503).send({ error: 'ReadModelUnavailable', message: result.left.message }) : reply.send(result.right);

  const handleRead = async (route: ReadRoute, request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as Params;
    const page = { limit: (request.query as Page).limit ?? 50, offset: (request.query as Page).offset ?? 0 };
    const actor = request.actor;
    switch (route.read) {
      case 'summary': {
        const summary = await readModels.disputeSummary.get(params['disputeId']!);
        if (E.isLeft(summary)) return answer(reply, summary);
        // Not found and not yours look the same: a stranger learns nothing about which disputes exist.
        if (summary.right === undefined || !mayReadDispute(actor, summary.right)) return reply.code(404).send(NOT_FOUND);
        return reply.send(summary.right);
      }
      case 'history': {
        const stream = disputeStreamId(params['disputeId']!);
        const stored = await events.readStream(stream);
        if (E.isLeft(stored)) return reply.code(503).send({ error: stored.left._tag, message: stored.left.message });
        const opened = stored.right[0];
        const order = opened?.type === 'DisputeOpened' ? (opened.data as { order?: { buyerId: string; sellerId: string } }).order : undefined;
        if (order === undefined || !mayReadDispute(actor, order)) return reply.code(404).send(NOT_FOUND);
        const audit = auditDispute(stream, stored.right);
        return reply.send({ subject: audit.subject, timeline: audit.timeline, deadlines: audit.deadlines, violations: audit.violations, chain: audit.chain, clean: audit.clean });
      }
      case 'byBuyer':
        return mayReadBuyer(actor, params['buyerId']!) ? answer(reply, await readModels.disputeSummary.byBuyer(params['buyerId']!, page)) : reply.code(403).send(FORBIDDEN);
      case 'bySeller':
        return mayReadSeller(actor, params['sellerId']!) ? answer(reply, await readModels.disputeSummary.bySeller(params['sellerId']!, page)) : reply.code(403).send(FORBIDDEN);
      case 'scorecard':
        return mayReadSeller(actor, params['sellerId']!) ? answer(reply, await readModels.sellerScorecard.forSeller(params['sellerId']!)) : reply.code(403).send(FORBIDDEN);
      case 'mediatorQueue':
        return mayReadQueues(actor) ? answer(reply, await readModels.mediatorQueue.waiting(page)) : reply.code(403).send(FORBIDDEN);
      case 'deadlines':
        return mayReadQueues(actor) ? answer(reply, await readModels.deadlineQueue.all(page)) : reply.code(403).send(FORBIDDEN);
    }
  };

  for (const route of routes) {
    if (route.method === 'POST') app.post(route.path, { schema: commandRouteSchema(route) }, (request, reply) => handleCommand(route, request, reply));
    else app.get(route.path, { schema: readRouteSchema(route) }, (request, reply) => handleRead(route, request, reply));
  }
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  return app;
};
