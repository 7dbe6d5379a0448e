/**
 * Checks an answer of the API against the OpenAPI document the API publishes: the operation is
 * found by method and path template, the response by status and media type, and the body is
 * validated with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses). The shared test client runs
 * it on every JSON answer, so the document cannot drift from what the API answers.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../api/openapi';

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

const DOCUMENT_ID = 'openapi.json';
export const document = openApiDocument('test');
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema(document, DOCUMENT_ID);

/** Each path template as a pattern; literal segments win over parameters (`/units/import` over `/units/{id}`). */
const templates = Object.keys(document.paths)
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
    parameters: (template.match(/\{/g) ?? []).length,
  }))
  .sort((a, b) => a.parameters - b.parameters);

const validators = new Map<Schema, ValidateFunction>();
/** A response schema refers to components/schemas; it is resolved inside the document. */
function validatorOf(schema: Schema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = typeof schema.$ref === 'string' && schema.$ref.startsWith('#') ? ajv.compile({ $ref: `${DOCUMENT_ID}${schema.$ref}` }) : ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

const jsonMediaTypes = new Set(['application/json', 'application/problem+json']);

/**
 * Why a JSON answer disagrees with the document, or undefined when it agrees. Answers outside
 * the document (the web pages' files, a path no route has) and answers that are not JSON
 * (downloads, metrics) are left alone.
 */
export function answerFault(method: string, url: string, status: number, contentType: string, body: unknown): string | undefined {
  const path = new URL(url, 'http://engine').pathname;
  const match = templates.find(({ pattern, template }) => pattern.test(path) && (document.paths as Record<string, Record<string, Operation>>)[template]![method.toLowerCase()]);
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (!match || (body !== undefined && !jsonMediaTypes.has(mediaType))) return undefined;
  const where = `${method.toUpperCase()} ${path} (${match.template}) answered ${status}`;
  const response = (document.paths as Record<string, Record<string, Operation>>)[match.template]![method.toLowerCase()]!.responses[String(status)];
  if (!response) return `${where}, a status the OpenAPI document does not list for it`;
  if (body === undefined) return response.content ? `${where} with no body, where the document promises one` : undefined;
  const schema = response.content?.[mediaType]?.schema;
  if (!schema) return `${where} as ${mediaType}, which the document does not give for this status`;
  const validate = validatorOf(schema);
  if (validate(body)) return undefined;
  return `${where}, a body the OpenAPI document does not allow:\n${ajv.errorsText(validate.errors, { separator: '\n', dataVar: 'body' })}\nbody: ${JSON.stringify(body).slice(0, 2_000)}`;
}
