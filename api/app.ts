/**
 * The Express application. Every route in api/routes.ts runs through one pipeline here:
 * authenticate, validate the path, locate the resource, authorize, claim the
 * Idempotency-Key, handle. Express 5 forwards rejected promises to the problem handler.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { actorOf, decide, type Principal } from '../domain/access';
import { yamlMediaTypes } from '../domain/plan-documents';
import { ConfigError, type Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { engineVersion, projectPath } from '../platform/project-root';
import { authenticate, issueToken, loginSchema, verifyLogin, type AuthSettings } from '../services/accounts';
import type { EngineDeps } from '../services/deps';
import { createAnswerCache } from '../services/answer-cache';
import { ForbiddenError, RateLimitedError, UnauthenticatedError, UnsupportedMediaTypeError, ValidationError } from '../services/errors';
import { claimKey, keepAnswer, releaseKey, requestFingerprint } from '../services/idempotency';
import { checkHealth, checkReadiness } from './health';
import { createMetrics } from './metrics';
import { openApiDocument } from './openapi';
import { notFoundHandler, problemFor, problemHandler, sendProblem, type Problem } from './problems';
import { routes, type Answer } from './routes';
import { parseOrThrow } from './validate';

export const BODY_LIMIT = '1mb';

export interface ApiOptions {
  auth: AuthSettings;
  authCacheSeconds: number;
  corsOrigins: string[];
  loginMaxFailures: number;
  loginWindowMinutes: number;
  idempotencyTtlHours: number;
  idempotencyLockSeconds: number;
  trustProxyHops: number;
}

export function apiOptions(config: Config): ApiOptions {
  if (!config.AUTH_TOKEN_SECRET) throw new ConfigError('invalid configuration: AUTH_TOKEN_SECRET: is required to sign sign-in tokens');
  return {
    auth: { tokenSecret: createSecretKey(Buffer.from(config.AUTH_TOKEN_SECRET, 'utf8')), tokenTtlMinutes: config.AUTH_TOKEN_TTL_MINUTES },
    authCacheSeconds: config.AUTH_CACHE_SECONDS,
    corsOrigins: config.CORS_ORIGINS,
    loginMaxFailures: config.LOGIN_MAX_FAILURES,
    loginWindowMinutes: config.LOGIN_WINDOW_MINUTES,
    idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS,
    idempotencyLockSeconds: config.IDEMPOTENCY_LOCK_SECONDS,
    trustProxyHops: config.TRUST_PROXY_HOPS,
  };
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;
/** Stripe's convention: any visible ASCII, at most 255 characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

interface Locals {
  requestId: string;
}

export function createApp(deps: EngineDeps, log: Logger, options: ApiOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxyHops);
  // No upgrade-insecure-requests: the embedded setup serves the pages over plain HTTP on localhost.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(cors({ origin: options.corsOrigins, exposedHeaders: ['Location', 'X-Request-Id', 'Idempotent-Replayed', 'Retry-After'] }));
  const metrics = createMetrics(deps);
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    (res.locals as Locals).requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', (res.locals as Locals).requestId);
    const started = performance.now();
    res.on('finish', () => {
      metrics.observe(req, res, (performance.now() - started) / 1000);
      const principal = res.locals.principal as Principal | undefined;
      log.info(
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started), requestId: res.locals.requestId, actor: principal?.id },
        'request',
      );
    });
    next();
  });
  app.use(requireJsonBody);
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use(express.text({ type: yamlMediaTypes, limit: BODY_LIMIT }));
  app.use(refuseNulCharacters);

  // For orchestrators. Alive: the process answers (200 even when a dependency is down, so an
  // outage of PostgreSQL does not get every API replica restarted); the body says what is down.
  // Ready: the dependencies answer and the schema is this build's; 503 until then.
  app.get('/healthz', async (_req, res) => {
    res.json(await checkHealth(deps));
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(deps);
    res.status(readiness.status === 'ok' ? 200 : 503).json(readiness);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // Serialised once: the document is the same for every request.
  const openApi = JSON.stringify(openApiDocument(engineVersion));
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openApi);
  });
  // Counts failed sign-ins only, per address and username, so one person's typos do not lock out a whole office.
  const loginLimiter = rateLimit({
    windowMs: options.loginWindowMinutes * 60_000,
    limit: options.loginMaxFailures,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase().slice(0, 64)}`,
    handler: (_req, _res, next) => next(new RateLimitedError('too many failed sign-ins; try again later', options.loginWindowMinutes * 60)),
  });
  app.post('/auth/login', loginLimiter, async (req, res) => {
    const { username, password } = parseOrThrow(loginSchema, req.body ?? {}, 'sign-in');
    const principal = await verifyLogin(deps.db, username, password);
    res.json({ ...(await issueToken(principal, options.auth)), account: principal });
  });

  const accounts = createAnswerCache(options.authCacheSeconds);
  const requirePrincipal = async (req: Request, res: Response, next: NextFunction) => {
    const [scheme, credential] = (req.get('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !credential) throw new UnauthenticatedError('sign in and send the token as "Authorization: Bearer <token>"');
    res.locals.principal = await authenticate(deps.db, credential, options.auth, accounts);
    next();
  };
  /** After a change made here, this process reads afresh what the change may have touched. */
  const forgetAnswers = () => {
    deps.answers.clear();
    accounts.clear();
  };

  app.get('/me', requirePrincipal, (_req, res) => {
    res.json(res.locals.principal);
  });

  for (const route of routes) {
    app[route.method](route.path, requirePrincipal, async (req, res) => {
      const principal = res.locals.principal as Principal;
      const params = route.parseParams(req);
      const scope = await route.locate({ req, deps, principal, params });
      const decision = decide(principal, route.permission, scope);
      if (!decision.allowed) throw new ForbiddenError(decision.reason);
      const actor = actorOf(principal, (res.locals as Locals).requestId);
      const key = req.get('idempotency-key');
      const requestKey = key === undefined ? undefined : `${principal.id}:${key}`;
      const answer = await onceForKey(req, res, principal, () => route.handle({ req, deps, principal, params, scope, actor, requestKey }));
      if (route.method !== 'get') forgetAnswers();
      send(res, answer);
    });
  }

  /**
   * Runs a state-changing request once per Idempotency-Key: a retry gets the first answer,
   * problems included, except when it failed for a reason a retry may cure (5xx).
   */
  async function onceForKey(req: Request, res: Response, principal: Principal, run: () => Promise<Answer>): Promise<Answer> {
    const key = req.get('idempotency-key');
    if (req.method === 'GET' || key === undefined) return run();
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new ValidationError('invalid Idempotency-Key', [{ path: 'header:Idempotency-Key', message: '1 to 255 visible ASCII characters' }]);
    }
    const scopedKey = `${principal.id}:${key}`;
    const claim = await claimKey(deps.db, scopedKey, requestFingerprint(req.method, req.originalUrl, req.body), options.idempotencyTtlHours, options.idempotencyLockSeconds);
    if (claim.kind === 'replay') {
      res.setHeader('Idempotent-Replayed', 'true');
      return { status: claim.answer.status, body: claim.answer.body, ...(claim.answer.location && { location: claim.answer.location }) };
    }
    let answer: Answer;
    try {
      answer = await run();
    } catch (error) {
      const problem = { ...problemFor(error), instance: req.originalUrl };
      if (problem.status >= 500) await releaseKey(deps.db, scopedKey);
      else await keepAnswer(deps.db, scopedKey, { status: problem.status, body: problem, location: null });
      throw error;
    }
    await keepAnswer(deps.db, scopedKey, { status: answer.status ?? 200, body: answer.body ?? null, location: answer.location ?? null });
    return answer;
  }

  // The web pages: static files and the browser modules compiled from web/src (npm run build).
  // After the API's routes, so an API request costs no look-up on disk.
  app.use(express.static(projectPath('web', 'public'), { index: 'index.html' }));
  app.use('/js', express.static(projectPath('dist', 'web')));

  app.use(notFoundHandler);
  app.use(problemHandler(log));
  return app;
}

/** A body in any other format would be read as no body at all, and an empty body is valid for some actions. */
function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is(['application/json', ...yamlMediaTypes])) {
    throw new UnsupportedMediaTypeError('send the request body as application/json (plan definitions may also be application/yaml)');
  }
  next();
}

/** PostgreSQL text cannot hold U+0000: refused here, it can never fail a write later. */
function refuseNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  const found = nulPath(req.body, 'body') ?? nulPath(req.query, 'query') ?? (req.path.includes('\0') || /%00/.test(req.originalUrl) ? 'path' : undefined);
  if (found) throw new ValidationError('the request contains a NUL character', [{ path: found, message: 'must not contain U+0000' }]);
  next();
}

function nulPath(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = key.includes('\0') ? `${path}.${key}` : nulPath(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function send(res: Response, answer: Answer): void {
  if (answer.location) res.location(answer.location);
  if (answer.file) {
    res.status(answer.status ?? 200).type(answer.file.contentType).attachment(answer.file.filename).send(answer.file.data);
    return;
  }
  const status = answer.status ?? 200;
  if (answer.json !== undefined) {
    res.status(status).type('application/json').send(answer.json);
    return;
  }
  if (answer.body === undefined || answer.body === null || status === 204) {
    res.status(status).end();
    return;
  }
  // A replayed problem is sent as a problem again.
  if (status >= 400) {
    sendProblem(res, answer.body as Problem);
    return;
  }
  res.status(status).json(answer.body);
}
