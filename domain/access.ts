/**
 * Who may do what: roles, and the rule each permission applies to where a resource sits in
 * the unit tree. Every route names one permission; this file alone decides it.
 */
import { z } from 'zod';
import { roles, type Role } from './roles';

export { roles, type Role };

export interface Principal {
  /** An account id, or an API key id for system integrations. */
  id: string;
  name: string;
  role: Role;
  /** Only an admin may have no unit. */
  unitId: string | null;
  /** The heads this account stands in for now (domain/delegations.ts): their role and unit, and how it signs for them. */
  actingFor?: readonly ActingFor[];
}

export interface ActingFor {
  role: Role;
  unitId: string;
  /** "KT. Giám đốc", "Q. Giám đốc". */
  label: string;
}

/** Who did something, as workflows and the audit trail record it. */
export const actorSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  role: z.enum([...roles, 'system']),
  /** The engine's own id of the request. */
  requestId: z.string().max(100).optional(),
  /** The id the caller sent (X-Request-Id), kept beside the engine's, never instead of it. */
  callerRequestId: z.string().max(100).optional(),
});
export type Actor = z.infer<typeof actorSchema>;

/** The engine itself: timers, escalations, example loading. */
export const systemActor: Actor = { id: 'system', name: 'Hệ thống', role: 'system' };

export const actorOf = (principal: Principal, requestId?: string, callerRequestId?: string): Actor => ({
  id: principal.id,
  name: principal.name,
  role: principal.role,
  ...(requestId && { requestId }),
  ...(callerRequestId && { callerRequestId }),
});

/**
 * Where a resource sits: the chain of unit ids from the root down to the unit that owns the
 * work, and to the unit that assigned it. A principal's unit appearing in a chain means the
 * resource is at or under that unit.
 */
export interface ResourceScope {
  ownerPath?: readonly string[];
  assignerPath?: readonly string[];
  /** The account that submitted what is to be decided (a report, a request for more time, a proposal): nobody decides their own. */
  submittedBy?: string | null;
  /**
   * What a piece of work is called when it does not exist (`assignment <id>`). Whoever may not
   * read the work is answered the same, so its id tells them nothing.
   */
  name?: string;
}

export const permissions = [
  'plan.read',
  'plan.create',
  /** Draft, preview and issue the plans of one department — by hand or from its signed document: its heads only, the draft's owner path. */
  'plan.draft',
  /** Amend a running plan, close or cancel it, copy it to the next period: its assigning department's heads only. */
  'plan.amend',
  'unit.read',
  'unit.manage',
  'account.manage',
  /** One's own credentials: change one's password, sign out everywhere. */
  'account.self',
  /** Name a deputy or an acting head for oneself (an admin: for any head). */
  'delegation.manage',
  'audit.read',
  /** List work across units (escalations): each sees only what `listScope` lets them. */
  'work.list',
  /** See one unit's work: an inbox, an assignment, its history. */
  'work.read',
  /** Act as the unit that owns the work: start, submit, ask for time, propose a task. */
  'work.do',
  /** Act as the department that assigned the work: approve, return, complete, cancel, decide, reassign. */
  'work.review',
] as const;
export type Permission = (typeof permissions)[number];

const within = (path: readonly string[] | undefined, unitId: string | null) => unitId !== null && (path?.includes(unitId) ?? false);
const ownedBy = (path: readonly string[] | undefined, unitId: string | null) => unitId !== null && path?.at(-1) === unitId;

type Rule = (principal: Principal, scope: ResourceScope) => boolean;
const anyone: Rule = () => true;
const nobody: Rule = () => false;

const rules: Record<Permission, Partial<Record<Role, Rule>>> = {
  'plan.read': { leader: anyone, department_head: anyone, unit_head: anyone, unit_officer: anyone },
  'plan.create': { department_head: (p, s) => within(s.assignerPath, p.unitId) },
  'plan.draft': { department_head: (p, s) => ownedBy(s.ownerPath, p.unitId) },
  'plan.amend': { department_head: (p, s) => ownedBy(s.assignerPath, p.unitId) },
  'unit.read': { leader: anyone, department_head: anyone, unit_head: anyone, unit_officer: anyone },
  'unit.manage': {},
  'account.manage': {},
  'account.self': { leader: anyone, department_head: anyone, unit_head: anyone, unit_officer: anyone },
  'delegation.manage': { department_head: anyone, unit_head: anyone },
  'audit.read': { leader: anyone },
  'work.list': { leader: anyone, department_head: anyone, unit_head: anyone, unit_officer: anyone },
  'work.read': {
    leader: anyone,
    department_head: (p, s) => within(s.ownerPath, p.unitId) || within(s.assignerPath, p.unitId),
    unit_head: (p, s) => within(s.ownerPath, p.unitId),
    unit_officer: (p, s) => ownedBy(s.ownerPath, p.unitId),
  },
  'work.do': {
    department_head: (p, s) => ownedBy(s.ownerPath, p.unitId),
    unit_head: (p, s) => ownedBy(s.ownerPath, p.unitId),
    unit_officer: (p, s) => ownedBy(s.ownerPath, p.unitId),
  },
  'work.review': { department_head: (p, s) => within(s.assignerPath, p.unitId) },
};

const whatItAllows: Record<Permission, string> = {
  'plan.read': 'read plans',
  'plan.create': 'create a plan assigned by this unit',
  'plan.draft': "draft this department's plans",
  'plan.amend': "amend, close or copy the plans this department assigns",
  'unit.read': 'read units',
  'unit.manage': 'manage units',
  'account.manage': 'manage accounts and API keys',
  'account.self': 'manage its own sign-in',
  'delegation.manage': 'name a deputy: only a head does',
  'audit.read': 'read the audit trail',
  'work.list': 'list work',
  'work.read': "see this unit's work",
  'work.do': 'act for the unit that holds this work',
  'work.review': 'review work this unit did not assign',
};

/** What a caller must be allowed to know that a resource exists; a draft is its department's alone. */
const readPermissionOf = (permission: Permission): Permission => (permission === 'plan.draft' ? 'plan.draft' : 'work.read');

/**
 * A refusal names the work as `missing` when the caller may not even read it: they are answered as for an id that does not exist.
 * An allowance by a head's rights a deputy holds names how the deputy signs (`actingAs`).
 */
export type AccessDecision = { allowed: true; actingAs?: string } | { allowed: false; reason: string; missing?: string };

/** What a head hands to its deputy: seeing and reviewing the work of the head's unit, never more. */
const delegable = new Set<Permission>(['work.read', 'work.review']);

const ruleOf = (principal: Principal, permission: Permission): Rule => (principal.role === 'admin' ? anyone : (rules[permission][principal.role] ?? nobody));

/** Decides one permission for one principal on one resource. Admins may do everything except decide on what they submitted. */
export function decide(principal: Principal, permission: Permission, scope: ResourceScope = {}): AccessDecision {
  if (permission === 'work.review' && scope.submittedBy && scope.submittedBy === principal.id) {
    return { allowed: false, reason: 'nobody may decide on what they submitted themselves' };
  }
  if (delegable.has(permission)) {
    for (const acting of principal.actingFor ?? []) {
      const head: Principal = { id: principal.id, name: principal.name, role: acting.role, unitId: acting.unitId };
      if (ruleOf(head, permission)(head, scope)) return { allowed: true, actingAs: acting.label };
    }
  }
  if (ruleOf(principal, permission)(principal, scope)) return { allowed: true };
  const reason = `a ${principal.role.replace('_', ' ')} may not ${whatItAllows[permission]}`;
  return scope.name !== undefined && !ruleOf(principal, readPermissionOf(permission))(principal, scope) ? { allowed: false, reason, missing: scope.name } : { allowed: false, reason };
}

/**
 * Which units' work a principal may list: every unit, or the subtree under its unit (and, for
 * a department head, also the work its department assigned).
 */
export type ListScope = { all: true } | { all: false; underUnitId: string; assignedByUnit: boolean; ownUnitOnly: boolean };

/** How far each role's lists reach, for a deputy choosing the widest of its own and its heads'. */
const listReach: Partial<Record<Role, number>> = { unit_officer: 1, unit_head: 2, department_head: 3 };

/**
 * A deputy lists and reviews as the head it stands in for, in its own unit only (a delegation
 * holds within the head's unit, where the deputy is too): its review desk and lists then hold
 * the head's work, and no more.
 */
function listingAs(principal: Principal): Principal {
  const heads = (principal.actingFor ?? []).filter((head) => head.unitId === principal.unitId && (listReach[head.role] ?? 0) > (listReach[principal.role] ?? 0));
  const widest = heads.sort((a, b) => (listReach[b.role] ?? 0) - (listReach[a.role] ?? 0))[0];
  return widest ? { ...principal, role: widest.role } : principal;
}

export function listScope(principal: Principal): ListScope {
  const { role, unitId } = listingAs(principal);
  if (role === 'admin' || role === 'leader') return { all: true };
  if (unitId === null) throw new Error(`a ${role} must belong to a unit`);
  return {
    all: false,
    underUnitId: unitId,
    assignedByUnit: role === 'department_head',
    ownUnitOnly: role === 'unit_officer',
  };
}

/** Whose work a principal may review, mirroring 'work.review': everyone's, what its department assigned, or none. */
export type ReviewScope = { all: true } | { all: false; assignedUnderUnitId: string | null };

export function reviewScope(principal: Principal): ReviewScope {
  const { role, unitId } = listingAs(principal);
  if (role === 'admin') return { all: true };
  return { all: false, assignedUnderUnitId: role === 'department_head' ? unitId : null };
}
