/**
 * Every authenticated route, as data: its path, the one permission it needs and where its
 * resource sits in the unit tree. api/app.ts runs them all the same way (authenticate,
 * validate the path, locate, authorize, then handle), so no handler checks access itself.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { z, ZodType } from 'zod';
import { listScope, type Actor, type Permission, type Principal, type ResourceScope } from '../domain/access';
import { activityReportSchema } from '../domain/activity-reports';
import { commandSchemas } from '../domain/assignment-commands';
import { assignmentActions } from '../domain/assignment-status';
import { planDefinitionSchema } from '../domain/plan-definition';
import { parseYamlDocument } from '../domain/plan-documents';
import { createUnitSchema, importUnitsSchema } from '../domain/units';
import { createAccount, createAccountSchema, createApiKey, createApiKeySchema, listAccounts, revokeApiKey } from '../services/accounts';
import { listActivities, recordActivity } from '../services/activities';
import { assignmentHistory, getAssignment, liveAssignmentState, transitionAssignment, unitInbox } from '../services/assignments';
import { auditQuerySchema, listAudit } from '../services/audit';
import type { EngineDeps } from '../services/deps';
import { ValidationError } from '../services/errors';
import { escalationQuerySchema, listEscalations } from '../services/escalations';
import {
  decideExtension,
  extensionBodySchema,
  extensionDecisionBodySchema,
  reassignAssignment,
  reassignBodySchema,
  requestExtension,
} from '../services/extensions';
import { createPlan, getPlan, listPlans } from '../services/plans';
import { decideProposal, listProposals, proposalBodySchema, proposalDecisionBodySchema, proposeTask } from '../services/proposals';
import { assignmentScope, assignmentsVisibleTo, planScope, proposalScope, unitCodePath, unitPath, unitScope } from '../services/scopes';
import { reportCsv, reportWorkbook } from '../services/report-files';
import { planReport, planTargets, reportQuerySchema, unitReport } from '../services/reports';
import { mergeUnit, mergeUnitSchema } from '../services/unit-merges';
import { createUnit, getUnit, importUnits, listUnits, updateUnit, updateUnitSchema } from '../services/units';
import { idParamsSchema, noParamsSchema, pageQuerySchema, periodQuerySchema, subResourceParamsSchema, unitPageQuerySchema, unitRefParamsSchema } from './schemas';
import { parseOrThrow } from './validate';

export interface Answer {
  status?: number;
  body?: unknown;
  location?: string;
  /** A download instead of JSON. */
  file?: { contentType: string; filename: string; data: Buffer | string };
}

interface Context<P> {
  req: Request;
  deps: EngineDeps;
  principal: Principal;
  params: P;
}

interface HandlerContext<P> extends Context<P> {
  actor: Actor;
  /** The caller's Idempotency-Key, scoped to the caller, when the request carries one. */
  requestKey?: string;
}

export interface Route {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  permission: Permission;
  /** Answers the resource's place in the unit tree, or throws NotFound. */
  locate(ctx: Context<unknown>): Promise<ResourceScope>;
  handle(ctx: HandlerContext<unknown>): Promise<Answer>;
  parseParams(req: Request): unknown;
}

/** Keeps each route's path parameters typed from its schema, then erases them for the table. */
function route<S extends ZodType>(spec: {
  method: Route['method'];
  path: string;
  permission: Permission;
  params: S;
  locate?: (ctx: Context<z.output<S>>) => Promise<ResourceScope>;
  handle: (ctx: HandlerContext<z.output<S>>) => Promise<Answer>;
}): Route {
  return {
    method: spec.method,
    path: spec.path,
    permission: spec.permission,
    parseParams: (req) => parseOrThrow(spec.params, req.params, 'path'),
    locate: (ctx) => spec.locate?.(ctx as Context<z.output<S>>) ?? Promise.resolve({}),
    handle: (ctx) => spec.handle(ctx as HandlerContext<z.output<S>>),
  };
}

const body = <S extends ZodType>(req: Request, schema: S, what: string): z.output<S> => parseOrThrow(schema, req.body ?? {}, what);
const query = <S extends ZodType>(req: Request, schema: S): z.output<S> => parseOrThrow(schema, req.query, 'query');
/** A plan definition as sent: JSON, or YAML text (express.text keeps YAML bodies as strings). */
function planDocument(req: Request): unknown {
  if (typeof req.body !== 'string') return req.body ?? {};
  const parsed = parseYamlDocument(req.body);
  if (!parsed.ok) throw new ValidationError('the YAML document cannot be read', [{ path: parsed.path, message: parsed.message }]);
  return parsed.value;
}

const json = (value: unknown): Answer => ({ body: value });
const created = (value: unknown, location?: string): Answer => ({ status: 201, body: value, ...(location && { location }) });
/** A field read before validation, only to find where the resource would sit. */
const rawField = (req: Request, field: string): unknown => (req.body as Record<string, unknown> | undefined)?.[field];

/** A Workflow Update id from the caller's key: the same retried request is the same Update. */
const updateIdFor = (requestKey: string, action: string) => `${action}-${createHash('sha256').update(requestKey).digest('hex')}`;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const assignment = ({ deps, params }: Context<{ id: string }>) => assignmentScope(deps.db, params.id);

export const routes: Route[] = [
  route({
    method: 'get',
    path: '/plans',
    permission: 'plan.read',
    params: noParamsSchema,
    handle: async ({ deps, req }) => json(await listPlans(deps, query(req, pageQuerySchema))),
  }),
  route({
    method: 'post',
    path: '/plans',
    permission: 'plan.create',
    params: noParamsSchema,
    // A department head creates the plans their department assigns.
    locate: async ({ deps, req }) => {
      const document = typeof req.body === 'string' ? parseYamlDocument(req.body) : { ok: true as const, value: req.body as unknown };
      const assigningUnit = document.ok ? (document.value as { assigningUnit?: unknown } | null)?.assigningUnit : undefined;
      return { assignerPath: await unitCodePath(deps.db, assigningUnit) };
    },
    handle: async ({ deps, req, actor }) => {
      const plan = await createPlan(deps, parseOrThrow(planDefinitionSchema, planDocument(req), 'plan definition'), actor);
      return created(plan, `/plans/${plan.id}`);
    },
  }),
  route({
    method: 'get',
    path: '/plans/:id',
    permission: 'plan.read',
    params: idParamsSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params }) => json(await getPlan(deps, params.id)),
  }),
  route({
    method: 'get',
    path: '/plans/:id/targets',
    permission: 'plan.read',
    params: idParamsSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, req, params }) => json(await planTargets(deps, params.id, query(req, periodQuerySchema).period)),
  }),
  route({
    method: 'get',
    path: '/plans/:id/report',
    permission: 'plan.read',
    params: idParamsSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, req, params }) => {
      const { period, format } = query(req, reportQuerySchema);
      const report = await planReport(deps, params.id, period);
      const filename = `bao-cao-${report.plan.code.replaceAll('/', '-')}-${report.period.label.replaceAll('/', '_')}`;
      if (format === 'csv') return { file: { contentType: 'text/csv; charset=utf-8', filename: `${filename}.csv`, data: reportCsv(report) } };
      if (format === 'xlsx') return { file: { contentType: XLSX_TYPE, filename: `${filename}.xlsx`, data: await reportWorkbook(report) } };
      return json(report);
    },
  }),
  route({
    method: 'get',
    path: '/plans/:id/proposals',
    permission: 'plan.read',
    params: idParamsSchema,
    locate: ({ deps, params }) => planScope(deps.db, params.id),
    handle: async ({ deps, params }) => json(await listProposals(deps, params.id)),
  }),
  route({
    method: 'post',
    path: '/plans/:id/proposals',
    permission: 'work.do',
    params: idParamsSchema,
    // The proposing unit is the caller's own unless the body names another.
    locate: async ({ deps, req, principal, params }) => ({
      ...(await planScope(deps.db, params.id)),
      ownerPath: (await unitCodePath(deps.db, rawField(req, 'unit'))) ?? (await unitPath(deps.db, principal.unitId)),
    }),
    handle: async ({ deps, req, params, actor, principal }) =>
      created(await proposeTask(deps, params.id, body(req, proposalBodySchema, 'proposal'), actor, principal.unitId)),
  }),
  ...(['approve', 'reject'] as const).map((decision) =>
    route({
      method: 'post',
      path: `/plans/:id/proposals/:rid/${decision}`,
      permission: 'work.review',
      params: subResourceParamsSchema,
      locate: ({ deps, params }) => proposalScope(deps.db, params.id, params.rid),
      handle: async ({ deps, req, params, actor }) =>
        json(await decideProposal(deps, params.id, params.rid, decision === 'approve', body(req, proposalDecisionBodySchema, 'decision'), actor)),
    }),
  ),
  route({
    method: 'get',
    path: '/units',
    permission: 'unit.read',
    params: noParamsSchema,
    handle: async ({ deps, req }) => json(await listUnits(deps.db, query(req, unitPageQuerySchema))),
  }),
  route({
    method: 'post',
    path: '/units',
    permission: 'unit.manage',
    params: noParamsSchema,
    handle: async ({ deps, req, actor }) => {
      const unit = await createUnit(deps.db, body(req, createUnitSchema, 'unit'), actor);
      return created(unit, `/units/${unit.id}`);
    },
  }),
  route({
    method: 'post',
    path: '/units/import',
    permission: 'unit.manage',
    params: noParamsSchema,
    handle: async ({ deps, req, actor }) => json(await importUnits(deps.db, body(req, importUnitsSchema, 'units').units, actor)),
  }),
  route({
    method: 'get',
    path: '/units/:id',
    permission: 'unit.read',
    params: unitRefParamsSchema,
    handle: async ({ deps, params }) => json(await getUnit(deps.db, params.id)),
  }),
  route({
    method: 'patch',
    path: '/units/:id',
    permission: 'unit.manage',
    params: unitRefParamsSchema,
    handle: async ({ deps, req, params, actor }) => json(await updateUnit(deps.db, params.id, body(req, updateUnitSchema, 'unit'), actor)),
  }),
  route({
    method: 'post',
    path: '/units/:id/merge',
    permission: 'unit.manage',
    params: unitRefParamsSchema,
    handle: async ({ deps, req, params, actor }) => json(await mergeUnit(deps, params.id, body(req, mergeUnitSchema, 'merge'), actor)),
  }),
  route({
    method: 'get',
    path: '/units/:id/assignments',
    permission: 'work.read',
    params: unitRefParamsSchema,
    locate: ({ deps, params }) => unitScope(deps.db, params.id),
    handle: async ({ deps, params }) => json(await unitInbox(deps, params.id)),
  }),
  route({
    method: 'get',
    path: '/units/:id/report',
    permission: 'work.read',
    params: unitRefParamsSchema,
    locate: ({ deps, params }) => unitScope(deps.db, params.id),
    handle: async ({ deps, req, params }) => json(await unitReport(deps, params.id, query(req, periodQuerySchema).period)),
  }),
  route({
    method: 'get',
    path: '/escalations',
    permission: 'work.list',
    params: noParamsSchema,
    handle: async ({ deps, req, principal }) =>
      json(await listEscalations(deps, query(req, escalationQuerySchema), await assignmentsVisibleTo(deps.db, listScope(principal)))),
  }),
  route({
    method: 'get',
    path: '/assignments/:id',
    permission: 'work.read',
    params: idParamsSchema,
    locate: assignment,
    handle: async ({ deps, params }) => json(await getAssignment(deps, params.id)),
  }),
  route({
    method: 'get',
    path: '/assignments/:id/live',
    permission: 'work.read',
    params: idParamsSchema,
    locate: assignment,
    handle: async ({ deps, params }) => json(await liveAssignmentState(deps, params.id)),
  }),
  route({
    method: 'get',
    path: '/assignments/:id/history',
    permission: 'work.read',
    params: idParamsSchema,
    locate: assignment,
    handle: async ({ deps, params }) => json(await assignmentHistory(deps, params.id)),
  }),
  route({
    method: 'get',
    path: '/assignments/:id/activities',
    permission: 'work.read',
    params: idParamsSchema,
    locate: assignment,
    handle: async ({ deps, params }) => json(await listActivities(deps, params.id)),
  }),
  route({
    method: 'post',
    path: '/assignments/:id/activities',
    permission: 'work.do',
    params: idParamsSchema,
    locate: assignment,
    handle: async ({ deps, req, params, actor }) => created(await recordActivity(deps, params.id, body(req, activityReportSchema, 'activity report'), actor)),
  }),
  route({
    method: 'post',
    path: '/assignments/:id/extension-requests',
    permission: 'work.do',
    params: idParamsSchema,
    locate: assignment,
    handle: async ({ deps, req, params, actor }) => created(await requestExtension(deps, params.id, body(req, extensionBodySchema, 'extension request'), actor)),
  }),
  ...(['approve', 'reject'] as const).map((decision) =>
    route({
      method: 'post',
      path: `/assignments/:id/extension-requests/:rid/${decision}`,
      permission: 'work.review',
      params: subResourceParamsSchema,
      locate: assignment,
      handle: async ({ deps, req, params, actor }) =>
        json(await decideExtension(deps, params.id, params.rid, decision === 'approve', body(req, extensionDecisionBodySchema, 'decision'), actor)),
    }),
  ),
  route({
    method: 'post',
    path: '/assignments/:id/reassign',
    permission: 'work.review',
    params: idParamsSchema,
    locate: assignment,
    handle: async ({ deps, req, params, actor }) => json(await reassignAssignment(deps, params.id, body(req, reassignBodySchema, 'reassignment'), actor)),
  }),
  // POST /assignments/:id/start | submit (the unit) and approve | return | complete | cancel (the assigner)
  ...assignmentActions.map((action) =>
    route({
      method: 'post',
      path: `/assignments/:id/${action}`,
      permission: action === 'start' || action === 'submit' ? 'work.do' : 'work.review',
      params: idParamsSchema,
      // Only approval is a judgement of the submitted report; returning it to its author is not.
      locate: async (ctx) => ({ ...(await assignment(ctx)), ...(action !== 'approve' && { submittedBy: null }) }),
      handle: async ({ deps, req, params, actor, requestKey }) =>
        json(await transitionAssignment(deps, params.id, action, { ...body(req, commandSchemas[action], `${action} request`), actor }, requestKey && updateIdFor(requestKey, action))),
    }),
  ),
  route({
    method: 'get',
    path: '/audit',
    permission: 'audit.read',
    params: noParamsSchema,
    handle: async ({ deps, req }) => json(await listAudit(deps.db, query(req, auditQuerySchema))),
  }),
  route({
    method: 'get',
    path: '/accounts',
    permission: 'account.manage',
    params: noParamsSchema,
    handle: async ({ deps, req }) => json(await listAccounts(deps.db, query(req, pageQuerySchema))),
  }),
  route({
    method: 'post',
    path: '/accounts',
    permission: 'account.manage',
    params: noParamsSchema,
    handle: async ({ deps, req, actor }) => {
      const account = await createAccount(deps.db, body(req, createAccountSchema, 'account'), actor);
      return created(account, `/accounts/${account.id}`);
    },
  }),
  route({
    method: 'post',
    path: '/api-keys',
    permission: 'account.manage',
    params: noParamsSchema,
    handle: async ({ deps, req, actor }) => created(await createApiKey(deps.db, body(req, createApiKeySchema, 'API key'), actor)),
  }),
  route({
    method: 'delete',
    path: '/api-keys/:id',
    permission: 'account.manage',
    params: idParamsSchema,
    handle: async ({ deps, params, actor }) => {
      await revokeApiKey(deps.db, params.id, actor);
      return { status: 204 };
    },
  }),
];
