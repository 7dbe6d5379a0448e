/**
 * Every authenticated route, as data: its path, the one permission it needs and where its
 * resource sits in the unit tree. api/app.ts runs them all the same way (authenticate,
 * validate the path, locate, authorize, then handle), so no handler checks access itself.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { z, ZodType } from 'zod';
import { decide, listScope, reviewScope, type Actor, type Permission, type Principal, type ResourceScope } from '../domain/access';
import { activityReportSchema } from '../domain/activity-reports';
import { commandSchemas } from '../domain/assignment-commands';
import { assignmentActions, type AssignmentAction } from '../domain/assignment-status';
import { planDefinitionSchema } from '../domain/plan-definition';
import { parseYamlDocument } from '../domain/plan-documents';
import { createUnitSchema, importUnitsSchema } from '../domain/units';
import {
  accountListSchema,
  accountSchema,
  accountStateSchema,
  changeOwnPassword,
  changePasswordSchema,
  createAccount,
  createAccountSchema,
  createApiKey,
  createApiKeySchema,
  createdApiKeySchema,
  listAccounts,
  resetPassword,
  resetPasswordSchema,
  revokeApiKey,
  setAccountActive,
  signOutEverywhere,
  signOutSchema,
  updateAccount,
  updateAccountSchema,
} from '../services/accounts';
import { activityListSchema, activitySchema, listActivities, recordActivity } from '../services/activity-reports';
import {
  assignmentDetailSchema,
  assignmentForCallerSchema,
  assignmentHistory,
  assignmentWorkflowBroken,
  extensionViewSchema,
  getAssignment,
  historySchema,
  liveAssignmentState,
  liveAssignmentStateSchema,
  restartAssignment,
  restartBodySchema,
  transitionAssignment,
  unitInbox,
  unitInboxSchema,
} from '../services/assignments';
import { auditListSchema, auditQuerySchema, listAudit } from '../services/audit-trail';
import type { EngineDeps } from '../services/deps';
import { ValidationError } from '../platform/errors';
import { escalationListSchema, escalationQuerySchema, listEscalations } from '../services/escalations';
import {
  decideExtension,
  extensionBodySchema,
  extensionDecisionBodySchema,
  reassignAssignment,
  reassignBodySchema,
  requestExtension,
} from '../services/extensions';
import {
  createDraft,
  createDraftBodySchema,
  deleteDraft,
  draftDefinition,
  draftListSchema,
  draftSchema,
  getDraft,
  issueDraft,
  issueDraftBodySchema,
  listDrafts,
  planPreviewSchema,
  previewDraft,
  updateDraft,
  updateDraftBodySchema,
} from '../services/drafts';
import { createdPlanSchema, createPlan, getPlan, listPlans, planDetailSchema, planListSchema } from '../services/plans';
import {
  decideProposal,
  listProposals,
  proposalBodySchema,
  proposalDecisionBodySchema,
  proposalDecisionSchema,
  proposalListSchema,
  proposalSchema,
  proposeTask,
} from '../services/proposals';
import {
  assignmentScope,
  assignmentsReviewableBy,
  assignmentsVisibleSql,
  assignmentsVisibleTo,
  draftScope,
  extensionRequestScope,
  planScope,
  proposalScope,
  unitScope,
  unitsSeenIn,
} from '../services/scopes';
import { unitCodePath, unitPath, unitSubtreeOf } from '../services/unit-tree';
import { dashboard, dashboardQuerySchema, dashboardSchema } from '../services/dashboard';
import {
  assignmentListQuerySchema,
  assignmentListSchema,
  extensionListQuerySchema,
  extensionRequestListSchema,
  listAssignments,
  listExtensionRequests,
} from '../services/work-lists';
import { draftExample, planExample, unitExample } from './examples';
import { reportCsv, reportWorkbook } from '../services/report-files';
import { resultsReportDocx } from '../services/results-report-docx';
import { resultsReport } from '../services/results-report';
import { periodicReports, periodicReportsSchema } from '../services/periodic-reports';
import { planReport, planReportSchema, planTargets, planTargetsSchema, reportQuerySchema, unitReport, unitReportSchema } from '../services/reports';
import { mergeOutcomeSchema, mergeUnit, mergeUnitSchema } from '../services/unit-merges';
import { createUnit, getUnit, importReportSchema, importUnits, listUnits, unitDetailSchema, unitListSchema, unitSchema, updateUnit, updateUnitSchema } from '../services/units';
import { idParamsSchema, noParamsSchema, noticeIdParamsSchema, pageQuerySchema, periodQuerySchema, subResourceParamsSchema, unitPageQuerySchema, unitRefParamsSchema } from './schemas';
import { readEvidenceForm, readUploadedDocument, type UploadedDocument } from './uploads';
import { discardEvidence, downloadEvidence, evidenceFileListSchema, keepEvidence, listEvidence, removeEvidence, stageEvidence, type FileDownload, type StagedEvidence } from '../services/evidence-files';
import { checkReport, figureFacts } from '../services/report-evidence';
import { planReadingSchema } from '../domain/plan-reading';
import { documentLimits } from '../services/document-text';
import { draftPlanFromDocument, unitRecords } from '../services/plan-drafts';
import { amendmentListSchema, amendmentSchema, amendPlan, copyPlan, listAmendments } from '../services/amendments';
import { amendmentBodySchema, cancelPlanBodySchema, closePlanBodySchema, copyPlanBodySchema } from '../domain/plan-amendments';
import { parseOrThrow } from './validate';
import { noticeSettingsChangeSchema } from '../domain/notice-delivery';
import { delegationBodySchema, endDelegationBodySchema } from '../domain/delegations';
import { createDelegation, delegationListSchema, delegationSchema, endDelegation, listDelegations, colleagueListSchema, colleaguesOf } from '../services/delegations';
import { calendarFeedBodySchema, calendarFeedListSchema, createCalendarFeed, createdCalendarFeedSchema, listCalendarFeeds, revokeCalendarFeed } from '../services/calendar-feeds';
import {
  listNotices,
  markAllNoticesRead,
  markNoticeRead,
  noticeListQuerySchema,
  noticeListSchema,
  noticeSettings,
  noticeSettingsViewSchema,
  readAllAnswerSchema,
  readAllBodySchema,
  updateNoticeSettings,
} from '../services/notices';

/** What a handler answers; `T` is the payload its route's answer schema describes. */
export interface Answer<T = unknown> {
  status?: number;
  body?: T;
  /** A JSON body serialised already: an answer shared by many callers is serialised once. */
  json?: string;
  location?: string;
  /** A download instead of JSON. */
  file?: { contentType: string; filename: string; data: Buffer | string };
  /** A stored file, streamed to the caller. */
  stream?: FileDownload;
  /** What an Idempotency-Key keeps for a retry instead of `body`, when `body` shows a secret once. */
  kept?: T;
}

interface Context<P> {
  req: Request;
  deps: EngineDeps;
  principal: Principal;
  params: P;
}

interface HandlerContext<P, B, Q> extends Context<P> {
  /** Where the resource sits, as `locate` found it. */
  scope: ResourceScope;
  /** The body, parsed by the route's body schema. */
  body: B;
  /** The query string, parsed by the route's query schema. */
  query: Q;
  actor: Actor;
  /** The caller's Idempotency-Key, scoped to the caller, when the request carries one. */
  requestKey?: string;
  /** The document sent, for a route that takes one. */
  document?: UploadedDocument;
}

export const routeTags = ['Plans', 'Work', 'Review', 'Reports', 'Units', 'Accounts'] as const;

/** What the OpenAPI document says of a route, from the same schemas that validate it. */
export interface RouteDocs {
  summary: string;
  tag: (typeof routeTags)[number];
  params: ZodType;
  query?: ZodType;
  body?: { schema: ZodType; example: unknown; yaml?: boolean };
  /** The body is a document (a form with one file or pasted text, or the file itself), read whole up to `maxBytes`. */
  document?: { maxBytes: number };
  /** The body is a form of evidence files, streamed to the file store (FILES_MAX_BYTES, FILES_MAX_PER_REPORT). */
  upload?: true;
  /** `schema` describes the JSON answer (none for 204 and for a stored file); `files` names the download formats besides. */
  success: { status: 200 | 201 | 204; schema?: ZodType; files?: readonly string[] };
}

export interface Route {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  permission: Permission;
  docs: RouteDocs;
  /** Answers the resource's place in the unit tree, or throws NotFound. */
  locate(ctx: Context<unknown>): Promise<ResourceScope>;
  handle(ctx: Omit<HandlerContext<unknown, unknown, unknown>, 'body' | 'query'>): Promise<Answer>;
  parseParams(req: Request): unknown;
}

/** Keeps each route's path, body, query and answer typed from their schemas, then erases them for the table. */
function route<P extends ZodType, B extends ZodType = z.ZodUndefined, Q extends ZodType = z.ZodUndefined, A extends ZodType = z.ZodUndefined>(spec: {
  method: Route['method'];
  path: string;
  permission: Permission;
  summary: string;
  tag: RouteDocs['tag'];
  params: P;
  query?: Q;
  /** `name` words the validation error ("invalid <name>"); `example` is checked by the tests. */
  body?: { schema: B; name: string; example: z.input<B>; yaml?: boolean };
  /** The schema of the JSON answer: the handler must answer what it describes. */
  answer?: A;
  document?: RouteDocs['document'];
  upload?: true;
  success?: Omit<RouteDocs['success'], 'schema'>;
  locate?: (ctx: Context<z.output<P>>) => Promise<ResourceScope>;
  handle: (ctx: HandlerContext<z.output<P>, z.output<B>, z.output<Q>>) => Promise<Answer<z.output<A>>>;
}): Route {
  const { body: bodySpec, query: querySchema, answer } = spec;
  return {
    method: spec.method,
    path: spec.path,
    permission: spec.permission,
    docs: {
      summary: spec.summary,
      tag: spec.tag,
      params: spec.params,
      ...(querySchema && { query: querySchema }),
      ...(bodySpec && { body: { schema: bodySpec.schema, example: bodySpec.example, ...(bodySpec.yaml && { yaml: true }) } }),
      ...(spec.document && { document: spec.document }),
      ...(spec.upload && { upload: true }),
      success: { ...(spec.success ?? { status: spec.method === 'post' ? 201 : 200 }), ...(answer && { schema: answer }) },
    },
    parseParams: (req) => parseOrThrow(spec.params, req.params, 'path'),
    locate: (ctx) => spec.locate?.(ctx as Context<z.output<P>>) ?? Promise.resolve({}),
    // Bodies and queries are read after the caller is authorized, so a refusal never echoes validation.
    handle: async (ctx) =>
      spec.handle({
        ...(ctx as Omit<HandlerContext<z.output<P>, z.output<B>, z.output<Q>>, 'body' | 'query'>),
        ...(spec.document && { document: await readUploadedDocument(ctx.req, spec.document.maxBytes) }),
        body: (bodySpec ? parseOrThrow(bodySpec.schema, bodySpec.yaml ? planDocument(ctx.req) : (ctx.req.body ?? {}), bodySpec.name) : undefined) as z.output<B>,
        query: (querySchema ? parseOrThrow(querySchema, ctx.req.query, 'query') : undefined) as z.output<Q>,
      }),
  };
}

/** A plan definition as sent: JSON, or YAML text (express.text keeps YAML bodies as strings). */
function planDocument(req: Request): unknown {
  if (typeof req.body !== 'string') return req.body ?? {};
  const parsed = parseYamlDocument(req.body);
  if (!parsed.ok) throw new ValidationError('the YAML document cannot be read', [{ path: parsed.path, message: parsed.message }]);
  return parsed.value;
}

const json = <T>(value: T): Answer<T> => ({ body: value });
/**
 * An answer callers share for DASHBOARD_CACHE_SECONDS (deps.answers), computed and serialised
 * once: the dashboard of a province ranks thousands of units.
 */
const shared = async <T>(deps: EngineDeps, key: string, compute: () => Promise<T>): Promise<Answer<T>> => ({
  json: await deps.answers.get(key, async () => JSON.stringify(await compute())),
});
const created = <T>(value: T, location?: string): Answer<T> => ({ status: 201, body: value, ...(location && { location }) });
/** A field read before validation, only to find where the resource would sit. */
const rawField = (req: Request, field: string): unknown => (req.body as Record<string, unknown> | undefined)?.[field];

/** A Workflow Update id from the caller's key: the same retried request is the same Update. */
const updateIdFor = (requestKey: string, action: string) => `${action}-${createHash('sha256').update(requestKey).digest('hex')}`;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const actionSummaries: Record<AssignmentAction, string> = {
  start: 'The unit starts the work',
  submit: 'The unit submits its report with figures and evidence for review',
  approve: 'The assigning department approves the report: the work is done',
  return: 'The assigning department returns the report with a reason',
  complete: 'The assigning department closes the work without a report',
  cancel: 'The assigning department cancels the work',
};

const actionExamples = {
  start: { note: 'Đã phân công công chức Văn hóa - Xã hội theo dõi.' },
  submit: {
    summary: 'Đã tổ chức 02 lớp tập huấn cho 11/12 cán bộ phụ trách công tác gia đình; phát 45 tin, bài trên hệ thống loa truyền thanh.',
    figures: { officialsTrained: 11, householdsReached: 1_890 },
    evidence: ['https://dakha.kontum.gov.vn/van-ban/bao-cao-ket-qua-cong-tac-gia-dinh-2024.pdf'],
  },
  approve: { note: 'Báo cáo đầy đủ, đạt yêu cầu.' },
  return: { reason: 'Đề nghị bổ sung danh sách học viên và hình ảnh lớp tập huấn.' },
  complete: { summary: 'Nhiệm vụ đã được thực hiện qua Kế hoạch liên tịch, không cần báo cáo riêng.' },
  cancel: { reason: 'Nhiệm vụ được điều chỉnh theo Kế hoạch sửa đổi.' },
} satisfies { [A in AssignmentAction]: z.input<(typeof commandSchemas)[A]> };

const assignment = ({ deps, params }: Context<{ id: string }>) => assignmentScope(deps.db, params.id);
const closesTheReport = (action: AssignmentAction) => action === 'approve' || action === 'complete' || action === 'cancel';

/** The work a principal may see and may review, as filters for the lists. */
const workScopes = async (deps: EngineDeps, principal: Principal) => {
  const [visible, reviewable] = await Promise.all([assignmentsVisibleTo(deps.db, listScope(principal)), assignmentsReviewableBy(deps.db, reviewScope(principal))]);
  return { visible, reviewable, reviewerId: principal.id };
};

export const routes: Route[] = [
  route({
    method: 'get',
    path: '/plans',
    permission: 'plan.read',
    summary: 'List plans, the latest issued first, with each one\'s progress',
    tag: 'Plans',
    params: noParamsSchema,
    query: pageQuerySchema,
    answer: planListSchema,
    // The same for every reader: shared for DASHBOARD_CACHE_SECONDS, like the dashboard.
    handle: ({ deps, query }) => shared(deps, `plans|${query.limit}|${query.offset}`, () => listPlans(deps, query)),
  }),
  route({
    method: 'post',
    path: '/plans',
    permission: 'plan.create',
    summary: 'Record a plan (JSON or YAML) with its targets and tasks, and start its workflow',
    tag: 'Plans',
    params: noParamsSchema,
    body: { schema: planDefinitionSchema, name: 'plan definition', example: planExample, yaml: true },
    answer: createdPlanSchema,
    // A department head creates the plans their department assigns.
    locate: async ({ deps, req }) => {
      const document = typeof req.body === 'string' ? parseYamlDocument(req.body) : { ok: true as const, value: req.body as unknown };
      const assigningUnit = document.ok ? (document.value as { assigningUnit?: unknown } | null)?.assigningUnit : undefined;
      return { assignerPath: await unitCodePath(deps.db, assigningUnit) };
    },
    handle: async ({ deps, body, actor }) => {
      const plan = await createPlan(deps, body, actor);
      return created(plan, `/plans/${plan.id}`);
    },
  }),
  route({
    method: 'post',
    path: '/plan-documents/read',
    permission: 'plan.draft',
    summary:
      'Read a plan\'s signed document (DOCX, PDF with a text layer, or UTF-8 text: a multipart form with the file in "document" or pasted text in "text", or the file as the body) and answer a draft of its plan, with where each field came from and what could not be placed; nothing is written',
    tag: 'Plans',
    params: noParamsSchema,
    document: { maxBytes: documentLimits.maxBytes },
    answer: planReadingSchema,
    success: { status: 200 },
    // A department head drafts for their own department.
    locate: async ({ deps, principal }) => ({ ownerPath: await unitPath(deps.db, principal.unitId) }),
    handle: async ({ deps, document }) => json(await draftPlanFromDocument(document!.bytes, await unitRecords(deps.db))),
  }),
  route({
    method: 'get',
    path: '/plan-drafts',
    permission: 'plan.draft',
    summary: "The caller's department's draft plans, the latest edited first (an admin: every department's)",
    tag: 'Plans',
    params: noParamsSchema,
    query: pageQuerySchema,
    answer: draftListSchema,
    locate: async ({ deps, principal }) => ({ ownerPath: await unitPath(deps.db, principal.unitId) }),
    handle: async ({ deps, query, principal }) => json(await listDrafts(deps, principal.role === 'admin' ? null : principal.unitId, query)),
  }),
  route({
    method: 'post',
    path: '/plan-drafts',
    permission: 'plan.draft',
    summary: 'Save a draft plan (bản dự thảo) as far as it is typed: it starts nothing and tells nobody',
    tag: 'Plans',
    params: noParamsSchema,
    body: { schema: createDraftBodySchema, name: 'draft', example: { content: draftExample } },
    answer: draftSchema,
    // The owner is the department the body names, else the caller's own.
    locate: async ({ deps, req, principal }) => ({ ownerPath: (await unitCodePath(deps.db, rawField(req, 'ownerUnit'))) ?? (await unitPath(deps.db, principal.unitId)) }),
    handle: async ({ deps, body, principal, actor }) => {
      const draft = await createDraft(deps, body, principal.unitId, actor);
      return created(draft, `/plan-drafts/${draft.id}`);
    },
  }),
  route({
    method: 'get',
    path: '/plan-drafts/:id',
    permission: 'plan.draft',
    summary: 'A draft plan as saved, and the plan it became once issued',
    tag: 'Plans',
    params: idParamsSchema,
    answer: draftSchema,
    locate: ({ deps, params }) => draftScope(deps.db, params.id),
    handle: async ({ deps, params }) => json(await getDraft(deps, params.id)),
  }),
  route({
    method: 'patch',
    path: '/plan-drafts/:id',
    permission: 'plan.draft',
    summary: "Save a draft's content again (the whole content, as the editor holds it)",
    tag: 'Plans',
    params: idParamsSchema,
    body: { schema: updateDraftBodySchema, name: 'draft', example: { content: draftExample } },
    answer: draftSchema,
    locate: ({ deps, params }) => draftScope(deps.db, params.id),
    handle: async ({ deps, body, params, actor }) => json(await updateDraft(deps, params.id, body.content, actor)),
  }),
  route({
    method: 'delete',
    path: '/plan-drafts/:id',
    permission: 'plan.draft',
    summary: 'Delete a draft that was not issued',
    tag: 'Plans',
    params: idParamsSchema,
    success: { status: 204 },
    locate: ({ deps, params }) => draftScope(deps.db, params.id),
    handle: async ({ deps, params, actor }) => {
      await deleteDraft(deps, params.id, actor);
      return { status: 204 };
    },
  }),
  route({
    method: 'get',
    path: '/plan-drafts/:id/preview',
    permission: 'plan.draft',
    summary: 'What issuing the draft would create — assignments per task and for whom, each deadline as a date — or its problems, in Vietnamese; writes nothing',
    tag: 'Plans',
    params: idParamsSchema,
    answer: planPreviewSchema,
    locate: ({ deps, params }) => draftScope(deps.db, params.id),
    handle: async ({ deps, params }) => json(await previewDraft(deps, params.id)),
  }),
  route({
    method: 'post',
    path: '/plan-drafts/:id/issue',
    permission: 'plan.draft',
    summary: 'Issue the draft (ban hành): validated as a plan definition, recorded and started as POST /plans does',
    tag: 'Plans',
    params: idParamsSchema,
    body: { schema: issueDraftBodySchema, name: 'issue request', example: {} },
    answer: createdPlanSchema,
    locate: ({ deps, params }) => draftScope(deps.db, params.id),
    handle: async ({ deps, params, actor }) => {
      const plan = parseOrThrow(planDefinitionSchema, await draftDefinition(deps, params.id), 'draft');
      const issued = await issueDraft(deps, params.id, plan, actor);
      return created(issued, `/plans/${issued.id}`);
    },
  }),
  route({
    method: 'get',
    path: '/plans/:id',
    permission: 'plan.read',
    summary: 'A plan with its targets, tasks and every assignment',
    tag: 'Plans',
    params: idParamsSchema,
    answer: planDetailSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params, principal, scope }) => json(await getPlan(deps, params.id, new Date(), await unitsSeenIn(deps.db, principal, scope))),
  }),
  route({
    method: 'get',
    path: '/plans/:id/amendments',
    permission: 'plan.read',
    summary: "The plan's amendments after issue (điều chỉnh kế hoạch), its closing or cancellation, the latest first",
    tag: 'Plans',
    params: idParamsSchema,
    answer: amendmentListSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params }) => json(await listAmendments(deps, params.id)),
  }),
  route({
    method: 'post',
    path: '/plans/:id/amendments',
    permission: 'plan.amend',
    summary:
      'Amend a running plan by a later document: add a task, cancel a task, move a deadline, add or remove a coordinating unit, change a target; the units concerned are told once',
    tag: 'Plans',
    params: idParamsSchema,
    body: {
      schema: amendmentBodySchema,
      name: 'amendment',
      example: {
        kind: 'moveDeadline',
        task: 'NV3',
        deadline: '2025-07-31',
        reason: 'Lùi thời hạn tổ chức tập huấn do trùng lịch bầu cử đại biểu Quốc hội.',
        document: 'Công văn số 1234/UBND-KGVX ngày 15/3/2025 của UBND tỉnh Kon Tum',
      },
    },
    answer: amendmentSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params, body, actor, requestKey }) => created(await amendPlan(deps, params.id, body, actor, requestKey)),
  }),
  route({
    method: 'post',
    path: '/plans/:id/close',
    permission: 'plan.amend',
    summary: 'Close a plan (kết thúc) at the end of its period; work still open must be cancelled or carried over to the next period\'s draft (openWork), else 409 lists it',
    tag: 'Plans',
    params: idParamsSchema,
    body: { schema: closePlanBodySchema, name: 'closing', example: { reason: 'Kết thúc kỳ kế hoạch năm 2025.', openWork: 'carryOver' } },
    answer: amendmentSchema,
    success: { status: 200 },
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params, body, actor, requestKey }) => json(await amendPlan(deps, params.id, { kind: 'closePlan', ...body }, actor, requestKey)),
  }),
  route({
    method: 'post',
    path: '/plans/:id/cancel',
    permission: 'plan.amend',
    summary: 'Cancel a whole plan: every open assignment is cancelled, its escalations resolved, its units told',
    tag: 'Plans',
    params: idParamsSchema,
    body: {
      schema: cancelPlanBodySchema,
      name: 'cancellation',
      example: { reason: 'Kế hoạch được thay thế bằng Kế hoạch số 1020/KH-UBND.', document: 'Quyết định số 456/QĐ-UBND ngày 02/4/2025' },
    },
    answer: amendmentSchema,
    success: { status: 200 },
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params, body, actor, requestKey }) => json(await amendPlan(deps, params.id, { kind: 'cancelPlan', ...body }, actor, requestKey)),
  }),
  route({
    method: 'post',
    path: '/plans/:id/copy',
    permission: 'plan.amend',
    summary: "Copy a plan into a new draft for the next period: targets, tasks, units and relative deadlines carried over, dates moved by the period",
    tag: 'Plans',
    params: idParamsSchema,
    body: { schema: copyPlanBodySchema, name: 'copy', example: { period: { from: '2026-01-01', to: '2026-12-31' } } },
    answer: draftSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params, body, actor }) => {
      const draft = await copyPlan(deps, params.id, body, actor);
      return created(draft, `/plan-drafts/${draft.id}`);
    },
  }),
  route({
    method: 'get',
    path: '/plans/:id/targets',
    permission: 'plan.read',
    summary: "Each target's attainment, per unit and rolled up to the province",
    tag: 'Reports',
    params: idParamsSchema,
    query: periodQuerySchema,
    answer: planTargetsSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, query, params, principal, scope }) => json(await planTargets(deps, params.id, query.period, await unitsSeenIn(deps.db, principal, scope))),
  }),
  route({
    method: 'get',
    path: '/plans/:id/report',
    permission: 'plan.read',
    summary: 'The plan report for a period (targets and units ranked by on-time work), as JSON, CSV or Excel; or the draft results report to sign, as Word (docx)',
    tag: 'Reports',
    params: idParamsSchema,
    query: reportQuerySchema,
    answer: planReportSchema,
    success: { status: 200, files: ['text/csv', XLSX_TYPE, DOCX_TYPE] },
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    // Every format shows the lines of the units the caller may see, under the plan's totals.
    handle: async ({ deps, query, params, principal, scope }) => {
      const { period, format } = query;
      const seen = await unitsSeenIn(deps.db, principal, scope);
      const fileName = (code: string, label: string) => `bao-cao-${code.replaceAll('/', '-')}-${label.replaceAll('/', '_')}`;
      if (format === 'docx') {
        const { planCode, period: covered, draft } = await resultsReport(deps, params.id, period, seen);
        return { file: { contentType: DOCX_TYPE, filename: `du-thao-${fileName(planCode, covered.label)}.docx`, data: await resultsReportDocx(draft) } };
      }
      const report = await planReport(deps, params.id, period, seen);
      const filename = fileName(report.plan.code, report.period.label);
      if (format === 'csv') return { file: { contentType: 'text/csv; charset=utf-8', filename: `${filename}.csv`, data: reportCsv(report) } };
      if (format === 'xlsx') return { file: { contentType: XLSX_TYPE, filename: `${filename}.xlsx`, data: await reportWorkbook(report) } };
      return json(report);
    },
  }),
  route({
    method: 'get',
    path: '/plans/:id/periodic-reports',
    permission: 'plan.read',
    summary: "Periodic reports per period: each unit's report (on time, late, still owed), and the figures compiled within the period's cut-off window",
    tag: 'Reports',
    params: idParamsSchema,
    answer: periodicReportsSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params, principal, scope }) => json(await periodicReports(deps, params.id, await unitsSeenIn(deps.db, principal, scope))),
  }),
  route({
    method: 'get',
    path: '/plans/:id/proposals',
    permission: 'plan.read',
    summary: 'Tasks units proposed under the plan (đăng ký công việc)',
    tag: 'Plans',
    params: idParamsSchema,
    answer: proposalListSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params, principal, scope }) => json(await listProposals(deps, params.id, await unitsSeenIn(deps.db, principal, scope))),
  }),
  route({
    method: 'post',
    path: '/plans/:id/proposals',
    permission: 'work.do',
    summary: 'Propose a task under the plan for the caller\'s unit',
    tag: 'Plans',
    params: idParamsSchema,
    body: {
      schema: proposalBodySchema,
      name: 'proposal',
      example: { title: 'Ra mắt câu lạc bộ gia đình phát triển bền vững tại thôn 3', kind: 'generic', deadline: '2024-09-30' },
    },
    answer: proposalSchema,
    // The proposing unit is the caller's own unless the body names another.
    locate: async ({ deps, req, principal, params }) => ({
      ...(await planScope(deps.db, params.id)),
      ownerPath: (await unitCodePath(deps.db, rawField(req, 'unit'))) ?? (await unitPath(deps.db, principal.unitId)),
    }),
    handle: async ({ deps, body, params, actor, principal }) => created(await proposeTask(deps, params.id, body, actor, principal.unitId)),
  }),
  ...(['approve', 'reject'] as const).map((decision) =>
    route({
      method: 'post',
      path: `/plans/:id/proposals/:rid/${decision}`,
      permission: 'work.review',
      summary: decision === 'approve' ? 'Approve a proposed task: it becomes a task with one assignment' : 'Reject a proposed task',
      tag: 'Review',
      params: subResourceParamsSchema,
      body: { schema: proposalDecisionBodySchema, name: 'decision', example: { note: 'Đồng ý, đề nghị báo cáo kết quả trước ngày 30/9.' } },
      answer: proposalDecisionSchema,
      success: { status: 200 },
      locate: ({ deps, params }) => proposalScope(deps.db, params.id, params.rid),
      handle: async ({ deps, body, params, actor }) => json(await decideProposal(deps, params.id, params.rid, decision === 'approve', body, actor)),
    }),
  ),
  route({
    method: 'get',
    path: '/units',
    permission: 'unit.read',
    summary: 'List units (departments, districts, communes…) by code',
    tag: 'Units',
    params: noParamsSchema,
    query: unitPageQuerySchema,
    answer: unitListSchema,
    handle: async ({ deps, query }) => json(await listUnits(deps.db, query)),
  }),
  route({
    method: 'post',
    path: '/units',
    permission: 'unit.manage',
    summary: 'Add a unit',
    tag: 'Units',
    params: noParamsSchema,
    body: { schema: createUnitSchema, name: 'unit', example: unitExample },
    answer: unitSchema,
    handle: async ({ deps, body, actor }) => {
      const unit = await createUnit(deps.db, body, actor);
      return created(unit, `/units/${unit.id}`);
    },
  }),
  route({
    method: 'post',
    path: '/units/import',
    permission: 'unit.manage',
    summary: 'Add or update many units at once, parents before children',
    tag: 'Units',
    params: noParamsSchema,
    body: { schema: importUnitsSchema, name: 'units', example: { units: [unitExample] } },
    answer: importReportSchema,
    success: { status: 200 },
    handle: async ({ deps, body, actor }) => json(await importUnits(deps.db, body.units, actor)),
  }),
  route({
    method: 'get',
    path: '/units/:id',
    permission: 'unit.read',
    summary: 'A unit by id or code, with its parent and the units under it',
    tag: 'Units',
    params: unitRefParamsSchema,
    answer: unitDetailSchema,
    handle: async ({ deps, params }) => json(await getUnit(deps.db, params.id)),
  }),
  route({
    method: 'patch',
    path: '/units/:id',
    permission: 'unit.manage',
    summary: 'Rename a unit, move it, or change its contacts and base figures',
    tag: 'Units',
    params: unitRefParamsSchema,
    body: { schema: updateUnitSchema, name: 'unit', example: { households: 3_205, headName: 'Chủ tịch UBND xã Đắk Pxi' } },
    answer: unitDetailSchema,
    handle: async ({ deps, body, params, actor }) => json(await updateUnit(deps.db, params.id, body, actor)),
  }),
  route({
    method: 'post',
    path: '/units/:id/merge',
    permission: 'unit.manage',
    summary: 'Merge a unit into another (sắp xếp đơn vị hành chính): its open work moves over',
    tag: 'Units',
    params: unitRefParamsSchema,
    body: { schema: mergeUnitSchema, name: 'merge', example: { into: 'X-DAKPXI', reason: 'Nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025' } },
    answer: mergeOutcomeSchema,
    success: { status: 200 },
    handle: async ({ deps, body, params, actor }) => json(await mergeUnit(deps, params.id, body, actor)),
  }),
  route({
    method: 'get',
    path: '/units/:id/assignments',
    permission: 'work.read',
    summary: "A unit's inbox: open work with the least time left first, then closed work",
    tag: 'Work',
    params: unitRefParamsSchema,
    answer: unitInboxSchema,
    locate: ({ deps, params }) => unitScope(deps.db, params.id),
    // The scope found the unit: the last of its chain.
    handle: async ({ deps, scope }) => json(await unitInbox(deps, scope.ownerPath!.at(-1)!)),
  }),
  route({
    method: 'get',
    path: '/units/:id/report',
    permission: 'work.read',
    summary: "One unit's record across every plan in a period",
    tag: 'Reports',
    params: unitRefParamsSchema,
    query: periodQuerySchema,
    answer: unitReportSchema,
    locate: ({ deps, params }) => unitScope(deps.db, params.id),
    handle: async ({ deps, query, params }) => json(await unitReport(deps, params.id, query.period)),
  }),
  route({
    method: 'get',
    path: '/dashboard',
    permission: 'work.list',
    summary: "The leader's dashboard: status per plan, targets, open escalations, unit ranking, completions per week",
    tag: 'Reports',
    params: noParamsSchema,
    query: dashboardQuerySchema,
    answer: dashboardSchema,
    // Callers who see the same part of the tree share the answer for a few seconds.
    handle: ({ deps, query, principal }) =>
      shared(deps, `dashboard|${JSON.stringify(listScope(principal))}|${JSON.stringify(query)}`, async () => {
        const [visible, visibleSql, unitIds] = await Promise.all([
          assignmentsVisibleTo(deps.db, listScope(principal)),
          assignmentsVisibleSql(deps.db, listScope(principal)),
          query.unit ? unitSubtreeOf(deps.db, query.unit) : undefined,
        ]);
        return dashboard(deps, query, { visible, visibleSql, ...(unitIds && { unitIds }) });
      }),
  }),
  route({
    method: 'get',
    path: '/escalations',
    permission: 'work.list',
    summary: 'Escalations, the highest and oldest first, among the work the caller may see',
    tag: 'Work',
    params: noParamsSchema,
    query: escalationQuerySchema,
    answer: escalationListSchema,
    // What leaders watch: shared by callers who see the same part of the tree, like the dashboard.
    handle: ({ deps, query, principal }) => {
      const scope = listScope(principal);
      return shared(deps, `escalations|${JSON.stringify(scope)}|${JSON.stringify(query)}`, async () => listEscalations(deps, query, await assignmentsVisibleTo(deps.db, scope)));
    },
  }),
  route({
    method: 'get',
    path: '/assignments',
    permission: 'work.list',
    summary: 'Assignments the caller may see, by plan, unit, status or colour; reviewable=true gives the reports the caller may approve now (the review desk)',
    tag: 'Work',
    params: noParamsSchema,
    query: assignmentListQuerySchema,
    answer: assignmentListSchema,
    handle: async ({ deps, query, principal }) => {
      const [scopes, unitIds] = await Promise.all([workScopes(deps, principal), query.unit ? unitSubtreeOf(deps.db, query.unit) : undefined]);
      return json(await listAssignments(deps, query, { ...scopes, ...(unitIds && { unitIds }) }));
    },
  }),
  route({
    method: 'get',
    path: '/extension-requests',
    permission: 'work.list',
    summary: 'Requests for more time, the oldest first; reviewable=true gives the pending ones the caller may decide now',
    tag: 'Review',
    params: noParamsSchema,
    query: extensionListQuerySchema,
    answer: extensionRequestListSchema,
    handle: async ({ deps, query, principal }) => json(await listExtensionRequests(deps, query, await workScopes(deps, principal))),
  }),
  route({
    method: 'get',
    path: '/assignments/:id',
    permission: 'work.read',
    summary: 'An assignment with its history and extension requests',
    tag: 'Work',
    params: idParamsSchema,
    answer: assignmentForCallerSchema,
    locate: assignment,
    // What the caller may do here, so a page offers only the actions the API would allow;
    // `approve` also answers completing and cancelling a submitted report.
    handle: async ({ deps, params, principal, scope }) => {
      const may = (permission: Permission, on: ResourceScope) => decide(principal, permission, on).allowed;
      const detail = await getAssignment(deps, params.id);
      return json({
        ...detail,
        files: (await listEvidence(deps, params.id)).items,
        ...(await figureFacts(deps, params.id, detail.figures)),
        // Open work whose workflow was stopped from outside: the assigning department restarts it.
        workflowBroken: await assignmentWorkflowBroken(deps, params.id, detail.status),
        allowed: { act: may('work.do', scope), review: may('work.review', { ...scope, submittedBy: null }), approve: may('work.review', scope) },
      });
    },
  }),
  route({
    method: 'get',
    path: '/assignments/:id/live',
    permission: 'work.read',
    summary: "The assignment's state as its workflow holds it",
    tag: 'Work',
    params: idParamsSchema,
    answer: liveAssignmentStateSchema,
    locate: assignment,
    handle: async ({ deps, params }) => json(await liveAssignmentState(deps, params.id)),
  }),
  route({
    method: 'get',
    path: '/assignments/:id/history',
    permission: 'work.read',
    summary: "The assignment's workflow history, event by event",
    tag: 'Work',
    params: idParamsSchema,
    answer: historySchema,
    locate: assignment,
    handle: async ({ deps, params }) => json(await assignmentHistory(deps, params.id)),
  }),
  route({
    method: 'get',
    path: '/assignments/:id/activities',
    permission: 'work.read',
    summary: 'Activities the unit reported under the assignment',
    tag: 'Work',
    params: idParamsSchema,
    answer: activityListSchema,
    locate: assignment,
    handle: async ({ deps, params }) => json(await listActivities(deps, params.id)),
  }),
  route({
    method: 'post',
    path: '/assignments/:id/activities',
    permission: 'work.do',
    summary: 'Report an activity: a training course, a campaign, a commemoration, an inspection, a periodic report or another activity',
    tag: 'Work',
    params: idParamsSchema,
    body: {
      schema: activityReportSchema,
      name: 'activity report',
      example: {
        kind: 'training',
        date: '2024-05-15',
        place: 'Hội trường UBND huyện Đắk Hà',
        organiser: 'Phòng Văn hóa và Thông tin huyện Đắk Hà',
        audience: 'family_officials',
        plannedParticipants: 12,
        actualParticipants: 11,
        evidence: ['https://dakha.kontum.gov.vn/tin-tuc/tap-huan-cong-tac-gia-dinh-2024'],
      },
    },
    answer: activitySchema,
    locate: assignment,
    handle: async ({ deps, body, params, actor }) => {
      await checkReport(deps, params.id, { ...(body.kind === 'generic' && { figures: body.figures }), files: body.files }, 'activity');
      return created(await recordActivity(deps, params.id, body, actor));
    },
  }),
  route({
    method: 'get',
    path: '/assignments/:id/files',
    permission: 'work.read',
    summary: 'Evidence files uploaded under the assignment: those its reports carry, and those only uploaded',
    tag: 'Work',
    params: idParamsSchema,
    answer: evidenceFileListSchema,
    locate: assignment,
    handle: async ({ deps, params }) => json(await listEvidence(deps, params.id)),
  }),
  route({
    method: 'post',
    path: '/assignments/:id/files',
    permission: 'work.do',
    summary:
      'Upload evidence files (a multipart form, each file in "files"): PDF, JPEG, PNG, HEIC, WebP, DOCX, XLSX, ODT or ODS as judged from the bytes; all are kept or none; a report then carries them by id (submit, activities)',
    tag: 'Work',
    params: idParamsSchema,
    upload: true,
    answer: evidenceFileListSchema,
    locate: assignment,
    handle: async ({ deps, req, params, actor }) => {
      const staged: StagedEvidence[] = [];
      try {
        await readEvidenceForm(req, { maxBytes: deps.fileLimits.maxBytes, maxFiles: deps.fileLimits.maxPerReport }, async (file) => {
          staged.push(await stageEvidence(deps, file));
        });
        return created({ items: await keepEvidence(deps, params.id, staged, actor) });
      } finally {
        await discardEvidence(staged);
      }
    },
  }),
  ...(['file', 'thumbnail'] as const).map((part) =>
    route({
      method: 'get',
      path: part === 'file' ? '/assignments/:id/files/:rid' : '/assignments/:id/files/:rid/thumbnail',
      permission: 'work.read',
      summary:
        part === 'file'
          ? 'Download an evidence file as it was sent (PDF and images inline, others as attachments; the ETag is its SHA-256)'
          : "An image's thumbnail (WebP, at most 320 pixels a side)",
      tag: 'Work',
      params: subResourceParamsSchema,
      success: { status: 200, files: part === 'file' ? ['application/octet-stream'] : ['image/webp'] },
      locate: assignment,
      handle: async ({ deps, params }) => ({ stream: await downloadEvidence(deps, params.id, params.rid, part) }),
    }),
  ),
  route({
    method: 'delete',
    path: '/assignments/:id/files/:rid',
    permission: 'work.do',
    summary: 'Remove an evidence file while the work is the unit\'s (before it is submitted, or after it is returned); under review and once approved, files are fixed (409)',
    tag: 'Work',
    params: subResourceParamsSchema,
    success: { status: 204 },
    locate: assignment,
    handle: async ({ deps, params, actor }) => {
      await removeEvidence(deps, params.id, params.rid, actor);
      return { status: 204 };
    },
  }),
  route({
    method: 'post',
    path: '/assignments/:id/extension-requests',
    permission: 'work.do',
    summary: 'Ask the assigning department for a later deadline',
    tag: 'Work',
    params: idParamsSchema,
    body: { schema: extensionBodySchema, name: 'extension request', example: { deadline: '2024-11-15', reason: 'Lớp tập huấn lùi lịch do mưa lũ, đề nghị gia hạn.' } },
    answer: extensionViewSchema,
    locate: assignment,
    handle: async ({ deps, body, params, actor }) => created(await requestExtension(deps, params.id, body, actor)),
  }),
  ...(['approve', 'reject'] as const).map((decision) =>
    route({
      method: 'post',
      path: `/assignments/:id/extension-requests/:rid/${decision}`,
      permission: 'work.review',
      summary: decision === 'approve' ? 'Grant the extension: the deadline moves and reminders follow it' : 'Refuse the extension',
      tag: 'Review',
      params: subResourceParamsSchema,
      body: { schema: extensionDecisionBodySchema, name: 'decision', example: { note: 'Đồng ý gia hạn đến 15/11/2024.' } },
      answer: assignmentDetailSchema,
      success: { status: 200 },
      locate: ({ deps, params }) => extensionRequestScope(deps.db, params.id, params.rid),
      handle: async ({ deps, body, params, actor }) => json(await decideExtension(deps, params.id, params.rid, decision === 'approve', body, actor)),
    }),
  ),
  route({
    method: 'post',
    path: '/assignments/:id/reassign',
    permission: 'work.review',
    summary: 'Hand the assignment to another unit',
    tag: 'Review',
    params: idParamsSchema,
    body: { schema: reassignBodySchema, name: 'reassignment', example: { unit: 'X-DAKPXI', reason: 'Xã Đắk Pxi tiếp nhận nhiệm vụ sau sắp xếp đơn vị hành chính.' } },
    answer: assignmentDetailSchema,
    success: { status: 200 },
    locate: assignment,
    handle: async ({ deps, body, params, actor }) => json(await reassignAssignment(deps, params.id, body, actor)),
  }),
  route({
    method: 'post',
    path: '/assignments/:id/restart',
    permission: 'work.review',
    summary: "Start the assignment's workflow again from its recorded state, after it was terminated or lost",
    tag: 'Review',
    params: idParamsSchema,
    body: { schema: restartBodySchema, name: 'restart', example: { reason: 'Quy trình bị dừng ngoài hệ thống; khởi động lại để tiếp tục theo dõi.' } },
    answer: assignmentDetailSchema,
    success: { status: 200 },
    locate: async (ctx) => ({ ...(await assignment(ctx)), submittedBy: null }),
    handle: async ({ deps, body, params, actor }) => json(await restartAssignment(deps, params.id, body, actor)),
  }),
  // POST /assignments/:id/start | submit (the unit) and approve | return | complete | cancel (the assigner)
  ...assignmentActions.map((action) =>
    route({
      method: 'post',
      path: `/assignments/:id/${action}`,
      permission: action === 'start' || action === 'submit' ? 'work.do' : 'work.review',
      summary: actionSummaries[action],
      tag: action === 'start' || action === 'submit' ? 'Work' : 'Review',
      params: idParamsSchema,
      body: { schema: commandSchemas[action], name: `${action} request`, example: actionExamples[action] },
      answer: assignmentDetailSchema,
      success: { status: 200 },
      // Closing a submitted report (approve, complete, cancel) decides on it; returning it to its author does not.
      locate: async (ctx) => ({ ...(await assignment(ctx)), ...(!closesTheReport(action) && { submittedBy: null }) }),
      handle: async ({ deps, body, params, actor, requestKey }) => {
        if (action === 'submit') await checkReport(deps, params.id, body as z.output<typeof commandSchemas.submit>, 'submission');
        return json(await transitionAssignment(deps, params.id, action, { ...body, actor }, requestKey && updateIdFor(requestKey, action)));
      },
    }),
  ),
  route({
    method: 'get',
    path: '/audit',
    permission: 'audit.read',
    summary: 'The audit trail: who changed what, when, from which request',
    tag: 'Accounts',
    params: noParamsSchema,
    query: auditQuerySchema,
    answer: auditListSchema,
    handle: async ({ deps, query }) => json(await listAudit(deps.db, query)),
  }),
  route({
    method: 'get',
    path: '/accounts',
    permission: 'account.manage',
    summary: 'List accounts',
    tag: 'Accounts',
    params: noParamsSchema,
    query: pageQuerySchema,
    answer: accountListSchema,
    handle: async ({ deps, query }) => json(await listAccounts(deps.db, query)),
  }),
  route({
    method: 'post',
    path: '/accounts',
    permission: 'account.manage',
    summary: 'Create an account with a role and a unit',
    tag: 'Accounts',
    params: noParamsSchema,
    body: {
      schema: createAccountSchema,
      name: 'account',
      example: { username: 'canbo.dakpxi', displayName: 'Y Blốk, công chức Văn hóa - Xã hội xã Đắk Pxi', role: 'unit_officer', unit: 'X-DAKPXI', password: 'mot-cau-mat-khau-du-dai' },
    },
    answer: accountSchema,
    handle: async ({ deps, body, actor }) => {
      const account = await createAccount(deps.db, body, actor);
      return created(account, `/accounts/${account.id}`);
    },
  }),
  route({
    method: 'patch',
    path: '/accounts/:id',
    permission: 'account.manage',
    summary: "Change an account's name, email, role or unit (in effect from its next request)",
    tag: 'Accounts',
    params: idParamsSchema,
    body: { schema: updateAccountSchema, name: 'account', example: { role: 'unit_head', unit: 'X-DAKPXI' } },
    answer: accountSchema,
    handle: async ({ deps, body, params, actor }) => json(await updateAccount(deps.db, params.id, body, actor)),
  }),
  route({
    method: 'post',
    path: '/accounts/:id/reset-password',
    permission: 'account.manage',
    summary: 'Set a temporary password: the account signs out everywhere and must choose its own at the next sign-in',
    tag: 'Accounts',
    params: idParamsSchema,
    body: { schema: resetPasswordSchema, name: 'password reset', example: { password: 'tam-thoi-doi-ngay-2024' } },
    answer: accountSchema,
    success: { status: 200 },
    handle: async ({ deps, body, params, actor }) => json(await resetPassword(deps.db, params.id, body, actor)),
  }),
  ...(['deactivate', 'reactivate'] as const).map((change) =>
    route({
      method: 'post',
      path: `/accounts/:id/${change}`,
      permission: 'account.manage',
      summary: change === 'deactivate' ? 'Deactivate an account: its tokens end at once and it cannot sign in' : 'Let a deactivated account sign in again',
      tag: 'Accounts',
      params: idParamsSchema,
      body: { schema: accountStateSchema, name: change, example: { reason: change === 'deactivate' ? 'Chuyển công tác từ ngày 01/12/2026.' : 'Trở lại công tác.' } },
      answer: accountSchema,
      success: { status: 200 },
      handle: async ({ deps, body, params, actor }) => json(await setAccountActive(deps.db, params.id, change === 'reactivate', body, actor)),
    }),
  ),
  route({
    method: 'post',
    path: '/me/password',
    permission: 'account.self',
    summary: 'Change one\'s own password (the current one is required); every earlier token ends, sign in again',
    tag: 'Accounts',
    params: noParamsSchema,
    body: { schema: changePasswordSchema, name: 'password change', example: { currentPassword: 'tam-thoi-doi-ngay-2024', newPassword: 'mua-xuan-tren-dinh-ngoc-linh' } },
    success: { status: 204 },
    handle: async ({ deps, body, principal, actor }) => {
      await changeOwnPassword(deps.db, principal, body, actor);
      return { status: 204 };
    },
  }),
  route({
    method: 'post',
    path: '/auth/logout',
    permission: 'account.self',
    summary: 'Sign out everywhere: every token of the account issued so far ends',
    tag: 'Accounts',
    params: noParamsSchema,
    body: { schema: signOutSchema, name: 'sign-out', example: {} },
    success: { status: 204 },
    handle: async ({ deps, principal, actor }) => {
      await signOutEverywhere(deps.db, principal, actor);
      return { status: 204 };
    },
  }),
  route({
    method: 'post',
    path: '/api-keys',
    permission: 'account.manage',
    summary: 'Create an API key for another system (the secret is shown once)',
    tag: 'Accounts',
    params: noParamsSchema,
    body: { schema: createApiKeySchema, name: 'API key', example: { name: 'Hệ thống quản lý văn bản tỉnh', role: 'leader', unit: 'UBND-KT' } },
    answer: createdApiKeySchema,
    // A retry with the same Idempotency-Key learns the key's id, never its secret again: none is kept.
    handle: async ({ deps, body, actor }) => {
      const { key, ...shown } = await createApiKey(deps.db, body, actor);
      return { ...created({ ...shown, key }), kept: { ...shown, key: null } };
    },
  }),
  route({
    method: 'delete',
    path: '/api-keys/:id',
    permission: 'account.manage',
    summary: 'Revoke an API key',
    tag: 'Accounts',
    params: idParamsSchema,
    success: { status: 204 },
    handle: async ({ deps, params, actor }) => {
      await revokeApiKey(deps.db, params.id, actor);
      return { status: 204 };
    },
  }),
  route({
    method: 'get',
    path: '/me/notices',
    permission: 'account.self',
    summary: 'One\'s notices, the newest first, with how many are unread; page on with `before`',
    tag: 'Accounts',
    params: noParamsSchema,
    query: noticeListQuerySchema,
    answer: noticeListSchema,
    handle: async ({ deps, principal, query }) => json(await listNotices(deps.db, principal, query)),
  }),
  route({
    method: 'post',
    path: '/me/notices/read',
    permission: 'account.self',
    summary: 'Mark all one\'s notices read',
    tag: 'Accounts',
    params: noParamsSchema,
    body: { schema: readAllBodySchema, name: 'mark all read', example: {} },
    answer: readAllAnswerSchema,
    success: { status: 200 },
    handle: async ({ deps, principal }) => json(await markAllNoticesRead(deps.db, principal)),
  }),
  route({
    method: 'post',
    path: '/me/notices/:id/read',
    permission: 'account.self',
    summary: 'Mark one of one\'s notices read',
    tag: 'Accounts',
    params: noticeIdParamsSchema,
    body: { schema: readAllBodySchema, name: 'mark read', example: {} },
    success: { status: 204 },
    handle: async ({ deps, principal, params }) => {
      await markNoticeRead(deps.db, principal, params.id);
      return { status: 204 };
    },
  }),
  route({
    method: 'get',
    path: '/me/notice-settings',
    permission: 'account.self',
    summary: 'How one is told: immediate mail or the daily digest per kind of notice, the digest\'s time',
    tag: 'Accounts',
    params: noParamsSchema,
    answer: noticeSettingsViewSchema,
    handle: async ({ deps, principal }) => json(await noticeSettings(deps.db, principal)),
  }),
  route({
    method: 'patch',
    path: '/me/notice-settings',
    permission: 'account.self',
    summary: 'Change how one is told; what the request leaves out stays as it was',
    tag: 'Accounts',
    params: noParamsSchema,
    body: { schema: noticeSettingsChangeSchema, name: 'notice settings', example: { modes: { reminder: 'immediate', 'escalation-2': 'digest' }, digestTime: '07:00' } },
    answer: noticeSettingsViewSchema,
    handle: async ({ deps, principal, body, actor }) => json(await updateNoticeSettings(deps.db, principal, body, actor)),
  }),
  route({
    method: 'get',
    path: '/delegations',
    permission: 'account.self',
    summary: 'The deputies and acting heads one has named or is (an admin: all), the latest first',
    tag: 'Accounts',
    params: noParamsSchema,
    answer: delegationListSchema,
    handle: async ({ deps, principal }) => json(await listDelegations(deps.db, principal)),
  }),
  route({
    method: 'post',
    path: '/delegations',
    permission: 'delegation.manage',
    summary: "Name a deputy (KT.) or an acting head (Q.) for a period: the head's notices and review rights go to them, within the head's unit",
    tag: 'Accounts',
    params: noParamsSchema,
    body: {
      schema: delegationBodySchema,
      name: 'delegation',
      example: { deputy: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b', kind: 'deputy', title: 'Giám đốc', reason: 'Đi công tác Hà Nội', from: '2026-12-07T00:00:00+07:00', to: '2026-12-10T00:00:00+07:00' },
    },
    answer: delegationSchema,
    handle: async ({ deps, principal, body, actor }) => created(await createDelegation(deps.db, principal, body, actor)),
  }),
  route({
    method: 'get',
    path: '/me/colleagues',
    permission: 'delegation.manage',
    summary: 'The other active accounts of the caller\'s unit: whom a head may name as deputy',
    tag: 'Accounts',
    params: noParamsSchema,
    answer: colleagueListSchema,
    handle: async ({ deps, principal }) => json(await colleaguesOf(deps.db, principal)),
  }),
  route({
    method: 'post',
    path: '/delegations/:id/end',
    permission: 'account.self',
    summary: 'End a delegation early: its head, its deputy or an admin',
    tag: 'Accounts',
    params: idParamsSchema,
    body: { schema: endDelegationBodySchema, name: 'end of delegation', example: { reason: 'Đã về cơ quan sớm' } },
    answer: delegationSchema,
    success: { status: 200 },
    handle: async ({ deps, principal, params, actor }) => json(await endDelegation(deps.db, principal, params.id, actor)),
  }),
  route({
    method: 'get',
    path: '/me/calendar-feeds',
    permission: 'account.self',
    summary: "One's calendar feeds (their addresses are shown only when made)",
    tag: 'Accounts',
    params: noParamsSchema,
    answer: calendarFeedListSchema,
    handle: async ({ deps, principal }) => json(await listCalendarFeeds(deps.db, principal)),
  }),
  route({
    method: 'post',
    path: '/me/calendar-feeds',
    permission: 'account.self',
    summary: "Make an iCalendar feed of one's open deadlines, or of a unit's one may see; answers its secret address once",
    tag: 'Accounts',
    params: noParamsSchema,
    body: { schema: calendarFeedBodySchema, name: 'calendar feed', example: { unit: 'X-HAMON' } },
    answer: createdCalendarFeedSchema,
    // A retry with the same Idempotency-Key learns the feed, never its secret address again: none is kept.
    handle: async ({ deps, principal, body, actor }) => {
      const feed = await createCalendarFeed(deps.db, principal, body, deps.publicUrl, actor);
      return { ...created(feed), kept: { ...feed, url: null } };
    },
  }),
  route({
    method: 'delete',
    path: '/me/calendar-feeds/:id',
    permission: 'account.self',
    summary: 'Revoke one of one\'s calendar feeds: its address answers 404 from then on',
    tag: 'Accounts',
    params: idParamsSchema,
    success: { status: 204 },
    handle: async ({ deps, principal, params, actor }) => {
      await revokeCalendarFeed(deps.db, principal, params.id, actor);
      return { status: 204 };
    },
  }),
];
