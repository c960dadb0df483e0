import { jwtVerify, SignJWT } from 'jose';
import type { FastifyRequest } from 'fastify';

/** Who is calling: a role the dispute rules know, and the id of that person in your marketplace. */
export interface Actor {
  readonly role: 'buyer' | 'seller' | 'mediator';
  readonly id: string;
}

/**
 * The marketplace's authentication hook: who sent this request, or `undefined` (answered with 401).
 * Plug in your own (a session cookie, your identity provider's tokens); the example's is
 * `createTokenAuthenticator`. The actor of every command comes from here, never from the body.
 */
export type Authenticate = (request: FastifyRequest) => Promise<Actor | undefined>;

/** Options of the signed-token example: an HS256 secret shared by whoever issues tokens and this service. */
export interface TokenOptions {
  /** At least 32 bytes (HS256 wants a key as long as its hash). */
  readonly secret: Uint8Array;
  /** The `iss` claim tokens must carry (default `acme-marketplace`). */
  readonly issuer?: string;
  /** The `aud` claim tokens must carry (default `disputes`). */
  readonly audience?: string;
}

const ROLES = new Set<Actor['role']>(['buyer', 'seller', 'mediator']);
const issuerOf = (options: TokenOptions) => options.issuer ?? 'acme-marketplace';
const audienceOf = (options: TokenOptions) => options.audience ?? 'disputes';

const checkSecret = (secret: Uint8Array): Uint8Array => {
  if (secret.byteLength < 32) throw new Error(`The token secret has ${secret.byteLength} bytes; HS256 needs at least 32.`);
  return secret;
};

/**
 * The example's `authenticate`: a `Authorization: Bearer <JWT>` header, signed with HS256 (jose),
 * with the marketplace's issuer and audience, not expired, whose `sub` is the person's id and whose
 * `role` claim is `buyer`, `seller` or `mediator`. Anything else is unauthenticated.
 */
export const createTokenAuthenticator = (options: TokenOptions): Authenticate => {
  const secret = checkSecret(options.secret);
  return async (request) => {
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header)?.[1] : undefined;
    if (token === undefined) return undefined;
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], issuer: issuerOf(options), audience: audienceOf(options) });
      const role = payload['role'];
      if (typeof payload.sub !== 'string' || payload.sub === '' || typeof role !== 'string' || !ROLES.has(role as Actor['role'])) return undefined;
      return { role: role as Actor['role'], id: payload.sub };
    } catch {
      return undefined; // bad signature, expired, wrong issuer or audience: the caller is nobody we know
    }
  };
};

/** Issues a token `createTokenAuthenticator` accepts (your login service's job; the example's tests and `main.ts` use it). */
export const signActorToken = (options: TokenOptions, actor: Actor, expiresIn = '1h'): Promise<string> =>
  new SignJWT({ role: actor.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.id)
    .setIssuer(issuerOf(options))
    .setAudience(audienceOf(options))
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(checkSecret(options.secret));
