/**
 * The OpenAPI document against the route table it is generated from: every route is in it,
 * and every example is accepted both by the route's Zod schema and by the JSON Schema the
 * document publishes for it (checked with Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../api/openapi';
import { routes } from '../../api/routes';

const document = openApiDocument('test');
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));

type Operation = {
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: object; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
};
const operation = (method: string, path: string) => (document.paths[path] as Record<string, Operation> | undefined)?.[method];

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every route of the table with its method', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter((route) => !operation(route.method, route.path.replace(/:(\w+)/g, '{$1}'))).map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
    for (const path of ['/auth/login', '/me', '/healthz', '/readyz', '/metrics', '/openapi.json']) expect(Object.keys(document.paths)).toContain(path);
  });

  it('names every path parameter, marks it required, and documents each refusal as a problem', () => {
    for (const route of routes) {
      const op = operation(route.method, route.path.replace(/:(\w+)/g, '{$1}'))!;
      const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
      expect(op.parameters!.filter((p) => p.in === 'path').map((p) => [p.name, p.required])).toEqual(pathParams.map((name) => [name, true]));
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '503']));
    }
  });

  it('documents each query parameter from the schema that parses it', () => {
    const escalations = operation('get', '/escalations')!;
    expect(escalations.parameters!.map((p) => p.name)).toEqual(['plan', 'unit', 'level', 'open', 'limit', 'offset']);
    expect(operation('get', '/plans/{id}/report')!.parameters!.map((p) => p.name)).toEqual(['id', 'period', 'format']);
  });

  const withBodies = routes.filter((route) => route.docs.body);
  it.each(withBodies.map((route) => [`${route.method} ${route.path}`, route] as const))('%s: its example passes the Zod schema and the published JSON Schema', (_name, route) => {
    const { schema, example } = route.docs.body!;
    const parsed = schema.safeParse(example);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const published = operation(route.method, route.path.replace(/:(\w+)/g, '{$1}'))!.requestBody!.content['application/json']!;
    expect(published.example).toEqual(example);
    const validate = ajv.compile(published.schema);
    expect(validate(example) ? [] : validate.errors).toEqual([]);
  });

  it('refuses, in the published schemas too, what the API refuses', () => {
    const submit = operation('post', '/assignments/{id}/submit')!.requestBody!.content['application/json']!.schema;
    const validate = ajv.compile(submit);
    expect(validate({ summary: 'Đã thực hiện', evidence: ['ftp://example.vn/a'], unexpected: 1 })).toBe(false);
    const login = operation('post', '/auth/login')!.requestBody!.content['application/json']!;
    expect(ajv.compile(login.schema)(login.example)).toBe(true);
  });

  it('gives every JSON answer a named schema in components/schemas, and every 2xx but 204 a body', () => {
    const components = document.components.schemas as Record<string, Record<string, unknown>>;
    const untyped: string[] = [];
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          if (/^2/.test(status) && status !== '204' && !response.content) untyped.push(`${where}: no content`);
          for (const [type, { schema }] of Object.entries(response.content ?? {})) {
            if (!type.endsWith('json')) continue;
            const named = schema.$ref?.match(/^#\/components\/schemas\/(\w+)$/)?.[1];
            const resolved = named === undefined ? undefined : components[named];
            if (!resolved || !['type', 'anyOf', 'oneOf', 'allOf'].some((keyword) => keyword in resolved)) untyped.push(`${where} ${type}: ${JSON.stringify(schema)}`);
          }
        }
      }
    }
    expect(untyped).toEqual([]);
  });

  it('publishes answer schemas Ajv compiles, which refuse what the API never answers', () => {
    const checker = addFormats(new Ajv2020({ strict: false, allErrors: true })).addSchema(document, 'openapi.json');
    for (const name of Object.keys(document.components.schemas)) expect(() => checker.compile({ $ref: `openapi.json#/components/schemas/${name}` })).not.toThrow();
    const unit = checker.compile({ $ref: 'openapi.json#/components/schemas/Unit' });
    const merged = { id: '5f0c7a52-0d8c-4a8e-9d55-0b4a7a0d2c11', code: 'X-HAMON', name: 'Xã Hà Mòn', kind: 'commune', parentId: null, mergedIntoId: null, mergedIntoCode: null };
    expect(unit(merged)).toBe(true);
    expect(unit({ ...merged, secret: 1 })).toBe(false);
    expect(unit({ ...merged, mergedIntoCode: undefined })).toBe(false);
  });
});
