/**
 * The OpenAPI 3.1 document, generated from the route table and the same Zod schemas that
 * validate each request, so the documentation cannot drift from what the API accepts.
 */
import { z, type ZodType } from 'zod';
import { loginSchema } from '../services/accounts';
import { problemSchema } from './problems';
import { routes as engineRoutes, routeTags, type Route } from './routes';

type JsonSchema = Record<string, unknown>;

/** A schema to embed in the document: the request's input shape, without the dialect header. */
export function jsonSchemaOf(schema: ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw', reused: 'inline' }) as JsonSchema;
  // `$defs` would be resolved against the document's root, where they are not.
  if ('$defs' in rest) throw new Error('a request schema with $defs cannot be embedded; give it no id');
  return rest;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The refusals every route may answer, and those only some may. */
const commonProblems = {
  400: problemResponse('Invalid request: `errors` names each field and the reason'),
  401: problemResponse('No valid sign-in token or API key'),
  403: problemResponse('The role or unit of the caller does not allow this'),
  503: problemResponse('PostgreSQL or Temporal cannot be reached; retry after `Retry-After` seconds'),
};
const writeProblems = {
  404: problemResponse('The resource does not exist'),
  409: problemResponse('The resource is not in a state that allows this (e.g. approving work not submitted)'),
  415: problemResponse('The body is not JSON (plan definitions may also be YAML)'),
  422: problemResponse('The Idempotency-Key was used before for another request'),
};

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function parametersOf(route: Route) {
  const parameters: Record<string, unknown>[] = [];
  const add = (schema: ZodType, where: 'path' | 'query') => {
    const json = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...propertySchema } = property;
      parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: propertySchema, ...(description !== undefined && { description }) });
    }
  };
  add(route.docs.params, 'path');
  if (route.docs.query) add(route.docs.query, 'query');
  return parameters;
}

function operationOf(route: Route) {
  const { docs } = route;
  const success =
    docs.success.status === 204
      ? { description: 'Done; no content' }
      : {
          description: docs.success.status === 201 ? 'Created' : 'OK',
          content: Object.fromEntries([['application/json', { schema: {} }], ...(docs.success.files ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])]),
        };
  const bodySchema = docs.body && jsonSchemaOf(docs.body.schema);
  return {
    tags: [docs.tag],
    summary: docs.summary,
    operationId: `${route.method}${route.path.replace(/\/:?(\w)([\w-]*)/g, (_whole, first: string, rest: string) => first.toUpperCase() + rest.replace(/-(\w)/g, (_dash, letter: string) => letter.toUpperCase()))}`,
    description: `Permission: \`${route.permission}\`.`,
    security: [{ bearer: [] }],
    parameters: [
      ...parametersOf(route),
      ...(route.method === 'get'
        ? []
        : [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'A retry with the same key gets the first answer and changes nothing twice' }]),
    ],
    ...(docs.body &&
      bodySchema && {
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: bodySchema, example: docs.body.example },
            ...(docs.body.yaml && { 'application/yaml': { schema: bodySchema } }),
          },
        },
      }),
    responses: { [docs.success.status]: success, ...commonProblems, ...(route.method === 'get' ? { 404: writeProblems[404] } : writeProblems) },
  };
}

/** Routes outside the table: sign-in, the caller, probes and this document. */
const fixedPaths = {
  '/auth/login': {
    post: {
      tags: ['Accounts'],
      summary: 'Sign in with a username and password; answers a bearer token',
      operationId: 'postAuthLogin',
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(loginSchema), example: { username: 'canbo.vhttdl', password: 'mot-cau-mat-khau-du-dai' } } } },
      responses: { 200: { description: 'The token, its expiry and the account' }, 400: commonProblems[400], 401: commonProblems[401], 429: problemResponse('Too many failed sign-ins') },
    },
  },
  '/me': { get: { tags: ['Accounts'], summary: 'The signed-in account', operationId: 'getMe', security: [{ bearer: [] }], responses: { 200: { description: 'OK' }, 401: commonProblems[401] } } },
  '/healthz': { get: { tags: ['Operations'], summary: 'Liveness: always 200; the body says what is down', operationId: 'getHealthz', security: [], responses: { 200: { description: 'OK' } } } },
  '/readyz': {
    get: { tags: ['Operations'], summary: 'Readiness: database, Temporal and migrations', operationId: 'getReadyz', security: [], responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } },
  },
  '/metrics': {
    get: {
      tags: ['Operations'],
      summary: 'Prometheus metrics, for METRICS_TOKEN or an admin',
      operationId: 'getMetrics',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Text exposition format' }, 401: commonProblems[401], 403: commonProblems[403] },
    },
  },
  '/openapi.json': { get: { tags: ['Operations'], summary: 'This document', operationId: 'getOpenapi', security: [], responses: { 200: { description: 'OpenAPI 3.1' } } } },
};

export function openApiDocument(version: string, routes: readonly Route[] = engineRoutes) {
  const paths: Record<string, Record<string, unknown>> = structuredClone(fixedPaths);
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Plan engine API',
      version,
      description:
        'Carries provincial plans (Kế hoạch) from paper to done: plans, tasks and their assignments to units, reports of activities, review, extensions, escalations and targets. ' +
        'Errors are RFC 9457 problem documents. Sign in at POST /auth/login and send the token as `Authorization: Bearer <token>`; other systems use an API key the same way.',
    },
    servers: [{ url: '/' }],
    tags: [...routeTags, 'Operations'].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: jsonSchemaOf(problemSchema) },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /auth/login, or an API key (pek_…)' } },
    },
  };
}
