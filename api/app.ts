/**
 * The Express application. Every route in api/routes.ts runs through one pipeline here:
 * authenticate, validate the path, locate the resource, authorize, claim the
 * Idempotency-Key, handle. Express 5 forwards rejected promises to the problem handler.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import contentDisposition from 'content-disposition';
import cors from 'cors';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { actorOf, decide, type Principal } from '../domain/access';
import { signedName } from '../domain/delegations';
import { calendarFeedText } from '../services/calendar-feeds';
import { cleanDocument, textFault } from '../domain/fields';
import { yamlMediaTypes } from '../domain/plan-documents';
import { ConfigError, type Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { engineVersion, projectPath } from '../platform/project-root';
import { accountOf, authenticate, authSettings, issueToken, loginSchema, normaliseUsername, sha256, signedIn, verifyLogin, type AuthSettings, type Identity, type SignIn } from '../services/accounts';
import type { EngineDeps } from '../services/deps';
import { createStrictCache } from '../platform/answer-cache';
import { ForbiddenError, NotFoundError, PasswordChangeRequiredError, RateLimitedError, UnauthenticatedError, UnsupportedMediaTypeError, ValidationError } from '../platform/errors';
import { claimKey, expiredKeyPurger, keepAnswer, releaseKey, requestFingerprint } from '../services/idempotency';
import { refusal } from '../services/scopes';
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
  loginMaxFailuresPerAddress: number;
  loginWindowMinutes: number;
  /** The bearer credential Prometheus reads /metrics with, besides an admin's. */
  metricsToken?: string;
  idempotencyTtlHours: number;
  idempotencyLockSeconds: number;
  trustProxyHops: number;
}

export function apiOptions(config: Config): ApiOptions {
  if (!config.AUTH_TOKEN_SECRET) throw new ConfigError('invalid configuration: AUTH_TOKEN_SECRET: is required to sign sign-in tokens');
  return {
    auth: authSettings(config.AUTH_TOKEN_SECRET, config.AUTH_TOKEN_TTL_MINUTES),
    authCacheSeconds: config.AUTH_CACHE_SECONDS,
    corsOrigins: config.CORS_ORIGINS,
    loginMaxFailures: config.LOGIN_MAX_FAILURES,
    loginMaxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
    loginWindowMinutes: config.LOGIN_WINDOW_MINUTES,
    ...(config.METRICS_TOKEN && { metricsToken: config.METRICS_TOKEN }),
    idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS,
    idempotencyLockSeconds: config.IDEMPOTENCY_LOCK_SECONDS,
    trustProxyHops: config.TRUST_PROXY_HOPS,
  };
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;
/** Stripe's convention: any visible ASCII, at most 255 characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

interface Locals {
  /** The engine's own id for this request: what logs and the audit trail are keyed by. */
  requestId: string;
  /** What the caller sent as X-Request-Id, when well-formed: kept beside the engine's id for them to correlate. */
  callerRequestId?: string;
}

export function createApp(deps: EngineDeps, log: Logger, options: ApiOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxyHops);
  // No upgrade-insecure-requests: the embedded setup serves the pages over plain HTTP on localhost.
  // Evidence files are fetched with the bearer token and shown from blob: URLs (an image, a PDF in a frame).
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:', 'blob:'], frameSrc: ["'self'", 'blob:'] } } }));
  app.use(cors({ origin: options.corsOrigins, exposedHeaders: ['Location', 'X-Request-Id', 'Idempotent-Replayed', 'Retry-After'] }));
  const metrics = createMetrics(deps);
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    const locals = res.locals as Locals;
    // A caller's id may repeat or imitate another request's, so it never stands for the engine's own.
    locals.requestId = randomUUID();
    if (given && REQUEST_ID.test(given)) locals.callerRequestId = given;
    res.setHeader('X-Request-Id', locals.requestId);
    const started = performance.now();
    res.on('finish', () => {
      metrics.observe(req, res, (performance.now() - started) / 1000);
      const principal = res.locals.principal as Principal | undefined;
      log.info(
        {
          method: req.method,
          // A calendar feed's address is its credential: it is never written to the log.
          path: req.path.startsWith('/calendar/') ? '/calendar/:file' : req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          requestId: locals.requestId,
          callerRequestId: locals.callerRequestId,
          actor: principal?.id,
        },
        'request',
      );
    });
    next();
  });
  app.use(requireJsonBody(routes.filter((route) => route.docs.document || route.docs.upload).map((route) => pathPattern(route.path))));
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use(express.text({ type: yamlMediaTypes, limit: BODY_LIMIT }));
  app.use(cleanRequestText);

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
  // Only AUTH_CACHE_SECONDS old at most, and by default read on every request: the token version check needs the row as it is.
  const accounts = createStrictCache(options.authCacheSeconds);
  // The metrics tell who works how much: Prometheus presents METRICS_TOKEN, a person an admin's credential.
  const metricsToken = options.metricsToken === undefined ? undefined : sha256(options.metricsToken);
  app.get('/metrics', async (req, res) => {
    const credential = bearerCredential(req, 'send METRICS_TOKEN or an admin\'s token as "Authorization: Bearer <token>"');
    if (!metricsToken || !timingSafeEqual(sha256(credential), metricsToken)) {
      const { principal } = await authenticate(deps.db, credential, options.auth, accounts);
      if (principal.role !== 'admin') throw new ForbiddenError('only METRICS_TOKEN or an admin may read the metrics');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // Serialised once: the document is the same for every request.
  const openApi = JSON.stringify(openApiDocument(engineVersion));
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openApi);
  });
  // Counts failed sign-ins only: per address and username, so one person's typos do not lock out a
  // whole office, and per address, so one machine cannot try every name. The username is counted
  // in the form the account is looked up by: " Admin", "admin\u3000" and "ADMIN" are one name.
  const failedSignIns = (limit: number, keyGenerator: (req: Request) => string) =>
    rateLimit({
      windowMs: options.loginWindowMinutes * 60_000,
      limit,
      skipSuccessfulRequests: true,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator,
      handler: (_req, _res, next) => next(new RateLimitedError('too many failed sign-ins; try again later', options.loginWindowMinutes * 60)),
    });
  const attemptedUsername = (req: Request) => {
    const username = (req.body as { username?: unknown } | undefined)?.username;
    return typeof username === 'string' ? normaliseUsername(username.slice(0, 256)) : '';
  };
  const addressLimiter = failedSignIns(options.loginMaxFailuresPerAddress, (req) => ipKeyGenerator(req.ip ?? ''));
  const accountLimiter = failedSignIns(options.loginMaxFailures, (req) => `${ipKeyGenerator(req.ip ?? '')}|${attemptedUsername(req)}`);
  app.post('/auth/login', addressLimiter, accountLimiter, async (req, res) => {
    const { username, password } = parseOrThrow(loginSchema, req.body ?? {}, 'sign-in');
    const identity = await verifyLogin(deps.db, username, password, { address: req.ip ?? '', requestId: (res.locals as Locals).requestId });
    const answer: SignIn = { ...(await issueToken(identity, options.auth)), account: await accountOf(deps.db, identity.principal.id) };
    res.json(answer);
  });

  /** What an account whose password was reset may still do: see itself, change the password, sign out. */
  const whilePasswordChangeDue = new Set(['GET /me', 'POST /me/password', 'POST /auth/logout']);
  const requirePrincipal = async (req: Request, res: Response, next: NextFunction) => {
    const identity = await authenticate(deps.db, bearerCredential(req, 'sign in and send the token as "Authorization: Bearer <token>"'), options.auth, accounts);
    res.locals.principal = identity.principal;
    res.locals.identity = identity;
    const route = `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? ''}`;
    if (identity.account?.mustChangePassword && !whilePasswordChangeDue.has(route)) {
      throw new PasswordChangeRequiredError('an administrator reset this password: change it (POST /me/password) before anything else');
    }
    next();
  };
  /** After a change made here, this process reads afresh what the change may have touched. */
  const forgetAnswers = () => {
    deps.answers.clear();
    accounts.clear();
  };

  // A calendar program cannot sign in: the feed's own secret in its address is the credential.
  app.get('/calendar/:file', async (req, res) => {
    const token = /^(.+)\.ics$/.exec(req.params.file)?.[1];
    if (!token) throw new NotFoundError('this calendar does not exist or was revoked', {}, 'Lịch này không tồn tại hoặc đã bị thu hồi.');
    const text = await calendarFeedText(deps.db, token, deps.publicUrl);
    res.set('cache-control', 'private, max-age=300').type('text/calendar; charset=utf-8').send(text);
  });

  app.get('/me', requirePrincipal, async (_req, res) => {
    res.json(await signedIn(deps.db, res.locals.identity as Identity));
  });

  for (const route of routes) {
    app[route.method](route.path, requirePrincipal, async (req, res) => {
      const principal = res.locals.principal as Principal;
      const params = route.parseParams(req);
      const scope = await route.locate({ req, deps, principal, params });
      const decision = decide(principal, route.permission, scope);
      if (!decision.allowed) throw refusal(decision);
      // A deputy's action with the head's rights is recorded as the deputy signs it: "KT. Giám đốc (…)".
      const signer = decision.actingAs ? { ...principal, name: signedName(decision.actingAs, principal.name) } : principal;
      const actor = actorOf(signer, (res.locals as Locals).requestId, (res.locals as Locals).callerRequestId);
      const key = req.get('idempotency-key');
      const requestKey = key === undefined ? undefined : `${principal.id}:${key}`;
      // Reading a document changes nothing: there is no first answer to keep, nothing to forget.
      const changes = route.method !== 'get' && !route.docs.document;
      const handle = () => route.handle({ req, deps, principal, params, scope, actor, requestKey });
      // An upload's body is files, which a key's fingerprint does not cover: a repeated upload is another upload.
      const answer = changes && !route.docs.upload ? await onceForKey(req, res, principal, handle) : await handle();
      if (changes) forgetAnswers();
      send(res, answer);
    });
  }

  const purgeExpiredKeys = expiredKeyPurger(deps.db, options.idempotencyTtlHours, (error) => log.warn({ err: error }, 'purging expired Idempotency-Keys failed'));

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
    purgeExpiredKeys();
    const claim = await claimKey(deps.db, scopedKey, requestFingerprint(options.auth.tokenSecret, req.method, req.originalUrl, req.body), options.idempotencyTtlHours, options.idempotencyLockSeconds);
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
    await keepAnswer(deps.db, scopedKey, { status: answer.status ?? 200, body: (answer.kept !== undefined ? answer.kept : answer.body) ?? null, location: answer.location ?? null });
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

/**
 * A body in any other format would be read as no body at all, and an empty body is valid for
 * some actions. Routes that take a document (api/uploads.ts) read their own bodies.
 */
function requireJsonBody(documentPaths: readonly RegExp[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !documentPaths.some((pattern) => pattern.test(req.path)) && !req.is(['application/json', ...yamlMediaTypes])) {
      throw new UnsupportedMediaTypeError('send the request body as application/json (plan definitions may also be application/yaml)');
    }
    next();
  };
}

/** A route's path (`/assignments/:id/files`) as a pattern its requests' paths match. */
const pathPattern = (path: string) => new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}/?$`);

/**
 * One hygiene step for every request's text, so nothing malformed reaches a schema, a workflow
 * or PostgreSQL (which cannot store U+0000 or a lone surrogate, and would fail the write later):
 * a JSON body is brought to its clean form (domain/fields.ts cleanDocument: well-formed, NFC,
 * no control characters, bounded nesting); YAML text is cleaned when it is parsed
 * (parseYamlDocument). The query and the path are only checked, as they are not stored.
 */
function cleanRequestText(req: Request, _res: Response, next: NextFunction): void {
  if (typeof req.body === 'object' && req.body !== null) {
    const body = cleanDocument(req.body);
    if (!body.ok) throw new ValidationError('the request body contains text the engine cannot keep', [{ path: body.path, message: body.message, vi: 'Có ký tự hoặc tên trường không được chấp nhận' }]);
    req.body = body.value;
  }
  const query = cleanDocument(req.query);
  if (!query.ok) throw new ValidationError('the query contains text the engine cannot keep', [{ path: query.path, message: query.message, vi: 'Có ký tự hoặc tên trường không được chấp nhận' }]);
  const pathFault = textFault(decodedPath(req.path));
  if (pathFault) throw new ValidationError('the path contains text the engine cannot keep', [{ path: '(url path)', message: pathFault }]);
  next();
}

/** The path as routes read it; one with broken %-escapes is left to the router, which answers 400. */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '';
  }
}

/** The credential of an `Authorization: Bearer <credential>` header; without one, 401 with `hint`. */
function bearerCredential(req: Request, hint: string): string {
  const [scheme, credential] = (req.get('authorization') ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !credential) throw new UnauthenticatedError(hint);
  return credential;
}

function send(res: Response, answer: Answer): void {
  if (answer.location) res.location(answer.location);
  if (answer.stream) {
    const { stream } = answer;
    res.status(200).type(stream.contentType);
    // RFC 6266, with filename* in UTF-8: a browser saves "Biên bản tập huấn.pdf" as it was named.
    res.setHeader('Content-Disposition', contentDisposition(stream.filename, { type: stream.inline ? 'inline' : 'attachment' }));
    res.setHeader('ETag', `"${stream.sha256}"`);
    res.setHeader('Cache-Control', 'private, max-age=3600');
    if (stream.size >= 0) res.setHeader('Content-Length', stream.size);
    // A download cut short (the caller left) ends the read from the store with it.
    pipeline(stream.body, res).catch(() => res.destroy());
    return;
  }
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
