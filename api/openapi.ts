/**
 * The OpenAPI 3.1 document, generated from the route table and the same Zod schemas that
 * validate each request, so the documentation cannot drift from what the API accepts.
 */
import { evidenceFileListSchema, evidenceFileSchema } from '../services/evidence-files';
import { figureFieldSchema, figureWarningSchema } from '../services/report-evidence';
import { z, type ZodType } from 'zod';
import { planReadingSchema } from '../domain/plan-reading';
import { documentMediaTypes, formMediaType } from './uploads';
import { periodBoundsSchema, unitTallySchema } from '../domain/plan-report';
import {
  accountListSchema,
  accountSchema,
  apiKeySchema,
  createdApiKeySchema,
  loginSchema,
  signedInSchema,
  signInSchema,
} from '../services/accounts';
import { activityListSchema, activitySchema } from '../services/activity-reports';
import { amendmentListSchema, amendmentSchema } from '../services/amendments';
import {
  assignmentDetailSchema,
  assignmentForCallerSchema,
  assignmentViewSchema,
  extensionViewSchema,
  historyEntrySchema,
  historySchema,
  liveAssignmentStateSchema,
  unitInboxSchema,
} from '../services/assignments';
import { auditEntrySchema, auditListSchema } from '../services/audit-trail';
import { dashboardSchema } from '../services/dashboard';
import { draftListSchema, draftSchema, draftSummarySchema, planPreviewSchema } from '../services/drafts';
import { escalationListSchema, escalationSchema } from '../services/escalations';
import { createdPlanSchema, planDetailSchema, planListSchema, planSummarySchema } from '../services/plans';
import { proposalDecisionSchema, proposalListSchema, proposalSchema } from '../services/proposals';
import { planReportSchema, planTargetsSchema, targetAttainmentSchema, unitReportSchema } from '../services/reports';
import { periodicReportsSchema } from '../services/periodic-reports';
import { mergeOutcomeSchema } from '../services/unit-merges';
import { noticeListSchema, noticeSettingsViewSchema, readAllAnswerSchema } from '../services/notices';
import { delegationListSchema, delegationSchema, colleagueListSchema } from '../services/delegations';
import { calendarFeedListSchema, calendarFeedSchema, createdCalendarFeedSchema } from '../services/calendar-feeds';
import { importReportSchema, unitDetailSchema, unitListSchema, unitSchema } from '../services/units';
import { planRefSchema, unitRefSchema } from '../services/views';
import { assignmentListSchema, extensionRequestListSchema, extensionRequestSchema } from '../services/work-lists';
import { healthSchema, readinessSchema } from './health';
import { problemSchema } from './problems';
import { routes as engineRoutes, routeTags, type Route } from './routes';

type JsonSchema = Record<string, unknown>;

/** What GET /openapi.json answers: this document, described as far as a client needs. */
const openApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});

/**
 * Every answer's schema, and the pieces answers share, by the name the document gives it in
 * components/schemas: a schema used in several answers is written once and referred to.
 */
const answerSchemas: Record<string, ZodType> = {
  UnitRef: unitRefSchema,
  PlanRef: planRefSchema,
  Period: periodBoundsSchema,
  UnitTally: unitTallySchema,
  Account: accountSchema,
  AccountList: accountListSchema,
  ApiKey: apiKeySchema,
  CreatedApiKey: createdApiKeySchema,
  SignIn: signInSchema,
  SignedIn: signedInSchema,
  PlanSummary: planSummarySchema,
  PlanList: planListSchema,
  CreatedPlan: createdPlanSchema,
  PlanDraft: draftSchema,
  PlanAmendment: amendmentSchema,
  PlanAmendmentList: amendmentListSchema,
  PlanDraftSummary: draftSummarySchema,
  PlanDraftList: draftListSchema,
  PlanPreview: planPreviewSchema,
  PlanDetail: planDetailSchema,
  TargetAttainment: targetAttainmentSchema,
  PlanTargets: planTargetsSchema,
  PlanReport: planReportSchema,
  UnitReport: unitReportSchema,
  PeriodicReports: periodicReportsSchema,
  Proposal: proposalSchema,
  ProposalList: proposalListSchema,
  ProposalDecision: proposalDecisionSchema,
  Unit: unitSchema,
  UnitList: unitListSchema,
  UnitDetail: unitDetailSchema,
  ImportReport: importReportSchema,
  MergeOutcome: mergeOutcomeSchema,
  AssignmentView: assignmentViewSchema,
  AssignmentDetail: assignmentDetailSchema,
  AssignmentForCaller: assignmentForCallerSchema,
  AssignmentList: assignmentListSchema,
  UnitInbox: unitInboxSchema,
  LiveAssignmentState: liveAssignmentStateSchema,
  HistoryEntry: historyEntrySchema,
  History: historySchema,
  Activity: activitySchema,
  ActivityList: activityListSchema,
  ExtensionView: extensionViewSchema,
  ExtensionRequest: extensionRequestSchema,
  ExtensionRequestList: extensionRequestListSchema,
  Escalation: escalationSchema,
  EscalationList: escalationListSchema,
  Dashboard: dashboardSchema,
  AuditEntry: auditEntrySchema,
  AuditList: auditListSchema,
  Health: healthSchema,
  Readiness: readinessSchema,
  OpenApiDocument: openApiDocumentSchema,
  PlanReading: planReadingSchema,
  EvidenceFile: evidenceFileSchema,
  EvidenceFileList: evidenceFileListSchema,
  FigureField: figureFieldSchema,
  FigureWarning: figureWarningSchema,
  NoticeList: noticeListSchema,
  NoticesMarkedRead: readAllAnswerSchema,
  NoticeSettings: noticeSettingsViewSchema,
  Delegation: delegationSchema,
  DelegationList: delegationListSchema,
  ColleagueList: colleagueListSchema,
  CalendarFeed: calendarFeedSchema,
  CreatedCalendarFeed: createdCalendarFeedSchema,
  CalendarFeedList: calendarFeedListSchema,
};

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nameOfAnswer = new Map(Object.entries(answerSchemas).map(([name, schema]) => [schema, name]));

/** A reference to an answer's schema in components/schemas; every answer has a name there. */
function answerRef(schema: ZodType | undefined, where: string) {
  const name = schema && nameOfAnswer.get(schema);
  if (!name) throw new Error(`${where}: give its answer schema a name in answerSchemas (api/openapi.ts)`);
  return schemaRef(name);
}

/**
 * What an answer's reader needs, without Zod's spelling of what it already says: the regular
 * expression behind a `format` (date-time, date, uuid), the safe-integer bounds of every integer.
 */
function plainer(schema: JsonSchema): void {
  if (typeof schema.format === 'string') delete schema.pattern;
  if (schema.type === 'integer' && schema.minimum === Number.MIN_SAFE_INTEGER && schema.maximum === Number.MAX_SAFE_INTEGER) {
    delete schema.minimum;
    delete schema.maximum;
  }
}

/** The answers' schemas as they leave the API (output side), each referring to the others by name. */
function answerComponents(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(answerSchemas)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: 'output', unrepresentable: 'throw', uri: (id) => `#/components/schemas/${id}`, override: ({ jsonSchema }) => plainer(jsonSchema) });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as JsonSchema]));
}

/** A schema to embed in the document: the request's input shape, without the dialect header. */
export function jsonSchemaOf(schema: ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw', reused: 'inline' }) as JsonSchema;
  // `$defs` would be resolved against the document's root, where they are not.
  if ('$defs' in rest) throw new Error('a request schema with $defs cannot be embedded; give it no id');
  return rest;
}

const jsonResponse = (description: string, schema: ZodType) => ({ description, content: { 'application/json': { schema: answerRef(schema, description) } } });
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
  413: problemResponse('The body is larger than 1 MB'),
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
  const where = `${route.method.toUpperCase()} ${route.path}`;
  const success =
    docs.success.status === 204
      ? { description: 'Done; no content' }
      : {
          description: docs.success.status === 201 ? 'Created' : 'OK',
          content: Object.fromEntries([
            ...(docs.success.schema || !docs.success.files ? [['application/json', { schema: answerRef(docs.success.schema, where) }]] : []),
            ...(docs.success.files ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
          ]),
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
    ...(docs.document && { requestBody: documentBody(docs.document.maxBytes) }),
    ...(docs.upload && { requestBody: uploadBody }),
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
    responses: {
      [docs.success.status]: success,
      ...commonProblems,
      ...(route.method === 'get' ? { 404: writeProblems[404] } : docs.document ? documentProblems(docs.document.maxBytes) : docs.upload ? uploadProblems : writeProblems),
    },
  };
}

const binary = { type: 'string', format: 'binary' };
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** A document sent as a form (one file, or pasted text) or as the body itself (api/uploads.ts). */
function documentBody(maxBytes: number) {
  return {
    required: true,
    description: `At most ${megabytes(maxBytes)}. What the document is, is judged from its bytes, not its name or media type.`,
    content: {
      [formMediaType]: {
        schema: {
          type: 'object',
          properties: { document: { ...binary, description: 'The file: DOCX, PDF with a text layer, or UTF-8 text' }, text: { type: 'string', description: 'Pasted text, instead of a file' } },
          minProperties: 1,
          maxProperties: 1,
        },
      },
      ...Object.fromEntries(documentMediaTypes.map((type) => [type, { schema: binary }])),
    },
  };
}

/** Evidence files, streamed (api/uploads.ts readEvidenceForm). */
const uploadBody = {
  required: true,
  description: 'One or more files, at most FILES_MAX_BYTES each (25 MB by default) and FILES_MAX_PER_REPORT a request (20). The type is judged from the bytes. All are kept, or none.',
  content: {
    [formMediaType]: {
      schema: { type: 'object', required: ['files'], properties: { files: { type: 'array', items: { ...binary, description: 'A file; its name (NFC) is kept and sent back with it, never used as a path' } } } },
    },
  },
};

const uploadProblems = {
  404: writeProblems[404],
  409: problemResponse('The report is under review or was approved: its files are fixed'),
  413: problemResponse('A file is larger than FILES_MAX_BYTES, or more files than FILES_MAX_PER_REPORT: `file` names the file; nothing was kept'),
  415: problemResponse('The body is not a form, or a file is not of a type taken (judged from its bytes): `file` names the file and `detectedType` what its bytes are; nothing was kept'),
};

const documentProblems = (maxBytes: number) => ({
  413: problemResponse(`The document is larger than ${megabytes(maxBytes)}, or a DOCX unpacks to more than the reader takes`),
  415: problemResponse('The body is neither a form nor a document, or the document is of a kind the reader does not read (judged from its bytes)'),
  422: problemResponse('The document cannot be read: `fault` says why (encrypted, corrupt, a scan without text, too many pages, not UTF-8, empty, too slow)'),
});

/** Routes outside the table: sign-in, the caller, probes and this document. */
const fixedPaths = {
  '/auth/login': {
    post: {
      tags: ['Accounts'],
      summary: 'Sign in with a username and password; answers a bearer token',
      operationId: 'postAuthLogin',
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(loginSchema), example: { username: 'canbo.vhttdl', password: 'mot-cau-mat-khau-du-dai' } } } },
      responses: {
        200: jsonResponse('The token, its expiry and the account', signInSchema),
        400: commonProblems[400],
        401: commonProblems[401],
        413: writeProblems[413],
        415: writeProblems[415],
        429: problemResponse('Too many failed sign-ins'),
        503: commonProblems[503],
      },
    },
  },
  '/me': {
    get: {
      tags: ['Accounts'],
      summary: 'The signed-in account (or, for another system, its API key)',
      operationId: 'getMe',
      security: [{ bearer: [] }],
      responses: { 200: jsonResponse('OK', signedInSchema), 401: commonProblems[401], 503: commonProblems[503] },
    },
  },
  '/healthz': {
    get: { tags: ['Operations'], summary: 'Liveness: always 200; the body says what is down', operationId: 'getHealthz', security: [], responses: { 200: jsonResponse('OK', healthSchema) } },
  },
  '/readyz': {
    get: {
      tags: ['Operations'],
      summary: 'Readiness: database, Temporal and migrations',
      operationId: 'getReadyz',
      security: [],
      responses: { 200: jsonResponse('Ready', readinessSchema), 503: jsonResponse('Not ready: what is missing', readinessSchema) },
    },
  },
  '/metrics': {
    get: {
      tags: ['Operations'],
      summary: 'Prometheus metrics, for METRICS_TOKEN or an admin',
      operationId: 'getMetrics',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } }, 401: commonProblems[401], 403: commonProblems[403] },
    },
  },
  '/openapi.json': {
    get: { tags: ['Operations'], summary: 'This document', operationId: 'getOpenapi', security: [], responses: { 200: jsonResponse('OpenAPI 3.1', openApiDocumentSchema) } },
  },
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
      schemas: { Problem: jsonSchemaOf(problemSchema), ...answerComponents() },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /auth/login, or an API key (pek_…)' } },
    },
  };
}
