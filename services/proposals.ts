/**
 * Tasks a unit proposes under a plan (đăng ký công việc). The department approves or
 * rejects; an approved proposal becomes a task with one assignment to the unit, which the
 * plan's workflow adopts, starts and waits for like the others.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Prisma } from '../db/prisma';
import { holdPlanWrites } from '../db/plan-writes';
import { text } from '../domain/fields';
import type { Actor } from '../domain/access';
import { localDate } from '../domain/calendar';
import { taskKinds } from '../domain/plan-definition';
import { unitCodeSchema } from '../domain/units';
import { deadlineSpecSchema, resolveDeadline } from '../domain/working-calendar';
import { assignmentDetailSchema, getAssignment } from './assignments';
import { recordAudit } from '../db/audit';
import type { EngineDeps } from './deps';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { isUniqueViolation } from '../db/prisma-errors';
import type { UnitFilter } from './scopes';
import { instantSchema } from './views';
import { activePlan, adoptAssignments } from './plans';

export const proposalBodySchema = z.strictObject({
  /** The proposing unit; by default the caller's own. */
  unit: unitCodeSchema.optional(),
  title: text(500),
  description: text(5_000).optional(),
  kind: z.enum(taskKinds),
  /** A date, an instant, or working or calendar days from today. */
  deadline: deadlineSpecSchema,
});
export const proposalDecisionBodySchema = z.strictObject({
  /** The task's code in the plan; by default the next `DKn` (đăng ký). */
  code: text(32).optional(),
  note: text(2_000).optional(),
});

export const proposalSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  unit: z.object({ code: z.string(), name: z.string() }),
  title: z.string(),
  description: z.string().nullable(),
  kind: z.enum(taskKinds),
  deadline: instantSchema,
  proposedBy: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decisionNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  /** The task it became, once approved. */
  taskId: z.uuid().nullable(),
  proposedAt: instantSchema,
  decidedAt: instantSchema.nullable(),
});
type Proposal = z.infer<typeof proposalSchema>;
export const proposalListSchema = z.object({ items: z.array(proposalSchema) });
/** A decision: the proposal, and for an approval the assignment it made. */
export const proposalDecisionSchema = z.object({ proposal: proposalSchema, assignment: assignmentDetailSchema.nullable() });

type ProposalRow = Awaited<ReturnType<EngineDeps['db']['taskProposal']['findUniqueOrThrow']>>;
const toView = (row: ProposalRow & { unit: { code: string; name: string } }): Proposal => ({
  id: row.id,
  planId: row.planId,
  unit: row.unit,
  title: row.title,
  description: row.description,
  kind: row.kind as Proposal['kind'],
  deadline: row.deadline.toISOString(),
  proposedBy: row.proposedBy,
  status: row.status as Proposal['status'],
  decisionNote: row.decisionNote,
  decidedBy: row.decidedBy,
  taskId: row.taskId,
  proposedAt: row.createdAt.toISOString(),
  decidedAt: row.decidedAt?.toISOString() ?? null,
});
const withUnit = { unit: { select: { code: true, name: true } } } as const;

export async function proposeTask(deps: EngineDeps, planId: string, body: z.infer<typeof proposalBodySchema>, actor: Actor, ownUnitId: string | null, now = new Date()): Promise<Proposal> {
  await activePlan(deps, planId);
  const unit = await deps.db.unit.findUnique({ where: body.unit ? { code: body.unit } : { id: ownUnitId ?? undefined }, select: { id: true, code: true } });
  if (!unit) throw new ValidationError('unknown unit', [{ path: 'unit', message: body.unit ? `unknown unit code ${body.unit}` : 'name the proposing unit' }]);
  const deadline = resolveDeadline(body.deadline, localDate(now), deps.calendar, deps.endOfWorkday);
  if (deadline.getTime() <= now.getTime()) throw new ValidationError('the deadline has passed', [{ path: 'deadline', message: 'must lie in the future' }]);
  const id = randomUUID();
  return deps.db.$transaction(async (tx) => {
    const proposal = await tx.taskProposal.create({
      data: { id, planId, unitId: unit.id, title: body.title, description: body.description ?? null, kind: body.kind, deadline, proposedBy: actor.name },
      include: withUnit,
    });
    await tx.event.create({ data: { key: `proposal:${id}:submitted`, planId, type: 'proposal.submitted', data: { proposalId: id, unit: unit.code, title: body.title } } });
    const view = toView(proposal);
    await recordAudit(tx, { actor, action: 'proposal.submitted', entityType: 'proposal', entityId: id, after: view });
    return view;
  });
}

/** The plan's proposals by the units `seen` lets through. */
export async function listProposals(deps: EngineDeps, planId: string, seen: UnitFilter): Promise<z.infer<typeof proposalListSchema>> {
  const rows = await deps.db.taskProposal.findMany({ where: { planId }, include: withUnit, orderBy: { createdAt: 'asc' } });
  return { items: rows.filter((row) => seen(row.unitId)).map(toView) };
}

/**
 * Decides a pending proposal; of two decisions at once, one wins and the other gets 409. An
 * approval commits its task, assignment and decision only once the plan's workflow has adopted
 * the assignment (db/plan-writes): a failure or a crash at any point leaves the proposal
 * pending and nothing started.
 */
export async function decideProposal(
  deps: EngineDeps,
  planId: string,
  proposalId: string,
  approve: boolean,
  body: z.infer<typeof proposalDecisionBodySchema>,
  actor: Actor,
): Promise<z.infer<typeof proposalDecisionSchema>> {
  const proposal = await deps.db.taskProposal.findFirst({ where: { id: proposalId, planId } });
  if (!proposal) throw new NotFoundError(`proposal ${proposalId} of plan ${planId} does not exist`);
  if (proposal.status !== 'pending') throw alreadyDecided(proposalId, proposal.status);
  await activePlan(deps, planId);
  const decision = { decidedAt: new Date(), decidedBy: actor.name, decisionNote: body.note ?? null };
  const decidedAudit = (status: string, after: Record<string, unknown>) =>
    ({ actor, action: `proposal.${status}`, entityType: 'proposal', entityId: proposalId, before: { status: 'pending' }, after: { status, ...after } }) as const;

  /** Takes the proposal from pending to `status`, or refuses when another decision came first. */
  const claim = async (tx: Prisma.TransactionClient, status: 'approved' | 'rejected') => {
    const { count } = await tx.taskProposal.updateMany({ where: { id: proposalId, status: 'pending' }, data: { status, ...decision } });
    if (count === 0) {
      const { status: decided } = await tx.taskProposal.findUniqueOrThrow({ where: { id: proposalId }, select: { status: true } });
      throw alreadyDecided(proposalId, decided);
    }
  };

  if (!approve) {
    const rejected = await deps.db.$transaction(async (tx) => {
      await claim(tx, 'rejected');
      await tx.event.create({ data: { key: `proposal:${proposalId}:rejected`, planId, type: 'proposal.rejected', data: { proposalId, note: body.note } } });
      await recordAudit(tx, decidedAudit('rejected', { note: body.note }));
      return tx.taskProposal.findUniqueOrThrow({ where: { id: proposalId }, include: withUnit });
    });
    return { proposal: toView(rejected), assignment: null };
  }

  const taskId = randomUUID();
  const assignmentId = randomUUID();
  let code = body.code;
  try {
    await deps.db.$transaction(
      async (tx) => {
        // Approvals of one plan take turns, so two never number their tasks alike (DKn counts this one).
        await holdPlanWrites(tx, planId);
        await claim(tx, 'approved');
        code ??= `DK${await tx.taskProposal.count({ where: { planId, status: 'approved' } })}`;
        await tx.task.create({
          data: { id: taskId, planId, code, title: proposal.title, description: proposal.description, kind: proposal.kind, deadline: proposal.deadline },
        });
        await tx.assignment.create({ data: { id: assignmentId, taskId, unitId: proposal.unitId, role: 'lead', deadline: proposal.deadline } });
        await tx.taskProposal.update({ where: { id: proposalId }, data: { taskId } });
        await tx.event.create({ data: { key: `proposal:${proposalId}:approved`, planId, type: 'proposal.approved', data: { proposalId, taskCode: code } } });
        await recordAudit(tx, decidedAudit('approved', { taskId, taskCode: code, assignmentId }), {
          actor,
          action: 'task.created',
          entityType: 'task',
          entityId: taskId,
          after: { planId, code, title: proposal.title, deadline: proposal.deadline.toISOString(), proposalId },
        });
        // Last, so that the rows commit only once the plan has adopted the assignment.
        await adoptAssignments(deps, planId, [assignmentId]);
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`the plan already has a task ${code}`, { code });
    throw error;
  }
  const approved = await deps.db.taskProposal.findUniqueOrThrow({ where: { id: proposalId }, include: withUnit });
  return { proposal: toView(approved), assignment: await getAssignment(deps, assignmentId) };
}

const alreadyDecided = (proposalId: string, status: string) => new ConflictError(`proposal ${proposalId} was already ${status}`, { proposalStatus: status });
