/**
 * The permission rules on a small tree: province → department (Sở) and district → commune.
 * Expected answers are written out by hand, not derived from the rules.
 */
import { decide, listScope, reviewScope, type Permission, type Principal, type ResourceScope, type Role } from '../../domain/access';

const PROVINCE = 'ubnd-tinh';
const DEPARTMENT = 'so-vhttdl';
const DISTRICT = 'h-dakha';
const COMMUNE = 'x-hamon';
const OTHER_COMMUNE = 'x-dakmar';

const path = {
  [PROVINCE]: [PROVINCE],
  [DEPARTMENT]: [PROVINCE, DEPARTMENT],
  [DISTRICT]: [PROVINCE, DISTRICT],
  [COMMUNE]: [PROVINCE, DISTRICT, COMMUNE],
  [OTHER_COMMUNE]: [PROVINCE, 'h-dakto', OTHER_COMMUNE],
};

/** Work owned by the commune, assigned by the department. */
const communeWork: ResourceScope = { ownerPath: path[COMMUNE], assignerPath: path[DEPARTMENT] };

const who = (role: Role, unitId: string | null, id = `${role}@${unitId}`): Principal => ({ id, name: id, role, unitId });
const allowed = (principal: Principal, permission: Permission, scope: ResourceScope = communeWork) => decide(principal, permission, scope).allowed;

describe('work of a commune, assigned by a department', () => {
  it.each([
    // role, unit, read, do, review
    ['unit_officer', COMMUNE, true, true, false],
    ['unit_officer', DISTRICT, false, false, false],
    ['unit_officer', OTHER_COMMUNE, false, false, false],
    ['unit_head', COMMUNE, true, true, false],
    ['unit_head', DISTRICT, true, false, false],
    ['unit_head', OTHER_COMMUNE, false, false, false],
    ['department_head', DEPARTMENT, true, false, true],
    ['department_head', DISTRICT, true, false, false],
    ['department_head', OTHER_COMMUNE, false, false, false],
    ['leader', PROVINCE, true, false, false],
    ['leader', OTHER_COMMUNE, true, false, false],
    ['admin', null, true, true, true],
  ] as const)('%s of %s: read %s, do %s, review %s', (role, unit, read, act, review) => {
    const principal = who(role, unit);
    expect(allowed(principal, 'work.read')).toBe(read);
    expect(allowed(principal, 'work.do')).toBe(act);
    expect(allowed(principal, 'work.review')).toBe(review);
  });
});

describe('separation of duties', () => {
  it('refuses the decision on a report, a request or a proposal to the account that submitted it, even to an admin', () => {
    const head = who('department_head', DEPARTMENT);
    const admin = who('admin', null);
    expect(decide(head, 'work.review', { ...communeWork, submittedBy: head.id })).toEqual({
      allowed: false,
      reason: 'nobody may decide on what they submitted themselves',
    });
    expect(allowed(admin, 'work.review', { ...communeWork, submittedBy: admin.id })).toBe(false);
    expect(allowed(head, 'work.review', { ...communeWork, submittedBy: 'someone-else' })).toBe(true);
  });
});

describe('work a caller may not see', () => {
  const named: ResourceScope = { ...communeWork, name: 'assignment 42' };

  it.each([
    // role, unit, permission: answered as missing, because the caller may not read the commune's work
    ['unit_officer', OTHER_COMMUNE, 'work.read'],
    ['unit_officer', OTHER_COMMUNE, 'work.do'],
    ['unit_officer', DISTRICT, 'work.review'],
    ['unit_head', OTHER_COMMUNE, 'work.do'],
    ['department_head', OTHER_COMMUNE, 'work.review'],
  ] as const)('%s of %s asking for %s hears that it does not exist', (role, unit, permission) => {
    expect(decide(who(role, unit), permission, named)).toEqual({ allowed: false, reason: expect.any(String), missing: 'assignment 42' });
  });

  it.each([
    // role, unit, permission: refused with the reason, because the caller may read the commune's work
    ['unit_officer', COMMUNE, 'work.review'],
    ['unit_head', DISTRICT, 'work.do'],
    ['department_head', DISTRICT, 'work.review'],
    ['leader', PROVINCE, 'work.do'],
  ] as const)('%s of %s asking for %s is told why not', (role, unit, permission) => {
    const decision = decide(who(role, unit), permission, named);
    expect(decision).toEqual({ allowed: false, reason: expect.stringMatching(/^a .* may not /) });
  });

  it('keeps 403 for what has no name to hide: a unit and its inbox are known to everyone', () => {
    expect(decide(who('unit_officer', OTHER_COMMUNE), 'work.read', { ownerPath: path[COMMUNE] })).toEqual({
      allowed: false,
      reason: "a unit officer may not see this unit's work",
    });
  });

  it('hides a proposal of another unit like an assignment, and refuses an own proposal with the reason', () => {
    const head = who('department_head', DEPARTMENT);
    const proposal: ResourceScope = { ownerPath: path[DEPARTMENT], assignerPath: path[DEPARTMENT], submittedBy: head.id, name: 'proposal 7 of plan 1' };
    expect(decide(head, 'work.review', proposal)).toEqual({ allowed: false, reason: 'nobody may decide on what they submitted themselves' });
    expect(decide(who('unit_officer', COMMUNE), 'work.review', proposal)).toMatchObject({ allowed: false, missing: 'proposal 7 of plan 1' });
  });
});

describe('administration and reading', () => {
  it('keeps units, accounts and the audit trail to the right roles', () => {
    const roles: [Role, string | null][] = [['admin', null], ['leader', PROVINCE], ['department_head', DEPARTMENT], ['unit_head', DISTRICT], ['unit_officer', COMMUNE]];
    const answers = roles.map(([role, unit]) => {
      const principal = who(role, unit);
      return [role, allowed(principal, 'unit.manage', {}), allowed(principal, 'account.manage', {}), allowed(principal, 'audit.read', {}), allowed(principal, 'plan.read', {})];
    });
    expect(answers).toEqual([
      ['admin', true, true, true, true],
      ['leader', false, false, true, true],
      ['department_head', false, false, false, true],
      ['unit_head', false, false, false, true],
      ['unit_officer', false, false, false, true],
    ]);
  });

  it('lets a department head create only the plans their department assigns', () => {
    const head = who('department_head', DEPARTMENT);
    expect(allowed(head, 'plan.create', { assignerPath: path[DEPARTMENT] })).toBe(true);
    expect(allowed(head, 'plan.create', { assignerPath: path[DISTRICT] })).toBe(false);
    expect(allowed(head, 'plan.create', {})).toBe(false);
    expect(allowed(who('unit_head', DISTRICT), 'plan.create', { assignerPath: path[DISTRICT] })).toBe(false);
  });

  it('says which role and permission refused', () => {
    expect(decide(who('unit_officer', OTHER_COMMUNE), 'work.do', communeWork)).toEqual({
      allowed: false,
      reason: 'a unit officer may not act for the unit that holds this work',
    });
  });
});

describe('list scopes', () => {
  it('gives leaders everything and everyone else their part of the tree', () => {
    expect(listScope(who('leader', PROVINCE))).toEqual({ all: true });
    expect(listScope(who('admin', null))).toEqual({ all: true });
    expect(listScope(who('department_head', DEPARTMENT))).toEqual({ all: false, underUnitId: DEPARTMENT, assignedByUnit: true, ownUnitOnly: false });
    expect(listScope(who('unit_head', DISTRICT))).toEqual({ all: false, underUnitId: DISTRICT, assignedByUnit: false, ownUnitOnly: false });
    expect(listScope(who('unit_officer', COMMUNE))).toEqual({ all: false, underUnitId: COMMUNE, assignedByUnit: false, ownUnitOnly: true });
  });

  it('puts on the review desk only the work the department assigned, and nothing for units or leaders', () => {
    expect(reviewScope(who('admin', null))).toEqual({ all: true });
    expect(reviewScope(who('department_head', DEPARTMENT))).toEqual({ all: false, assignedUnderUnitId: DEPARTMENT });
    for (const role of ['leader', 'unit_head', 'unit_officer'] as const) expect(reviewScope(who(role, COMMUNE))).toEqual({ all: false, assignedUnderUnitId: null });
  });

  it('refuses a non-admin without a unit', () => {
    expect(() => listScope(who('unit_head', null))).toThrow('a unit_head must belong to a unit');
  });
});

describe('a deputy standing in for a head', () => {
  const deputy: Principal = { ...who('unit_officer', DEPARTMENT), actingFor: [{ role: 'department_head', unitId: DEPARTMENT, label: 'KT. Giám đốc' }] };
  /** Work of another department, owned by the commune. */
  const otherWork: ResourceScope = { ownerPath: path[COMMUNE], assignerPath: [PROVINCE, 'so-yte'] };

  it("reviews and reads the work the head's department assigned, and signs as the head's deputy", () => {
    expect(decide(deputy, 'work.review', communeWork)).toEqual({ allowed: true, actingAs: 'KT. Giám đốc' });
    expect(decide(deputy, 'work.read', communeWork)).toEqual({ allowed: true, actingAs: 'KT. Giám đốc' });
  });

  it("sees nothing beyond what the head sees, and takes none of the head's other rights", () => {
    expect(decide(deputy, 'work.review', otherWork).allowed).toBe(false);
    expect(decide(deputy, 'work.read', otherWork).allowed).toBe(false);
    expect(decide(deputy, 'plan.amend', { assignerPath: path[DEPARTMENT] }).allowed).toBe(false);
    expect(decide(deputy, 'plan.draft', { ownerPath: path[DEPARTMENT] }).allowed).toBe(false);
  });

  it('still decides on nothing it submitted itself', () => {
    expect(decide(deputy, 'work.review', { ...communeWork, submittedBy: deputy.id }).allowed).toBe(false);
  });

  it('without a delegation, the same account may not review', () => {
    expect(decide(who('unit_officer', DEPARTMENT), 'work.review', communeWork).allowed).toBe(false);
  });

  it("lists and reviews as the head within its own unit: the department's review desk, no wider", () => {
    expect(listScope(deputy)).toEqual({ all: false, underUnitId: DEPARTMENT, assignedByUnit: true, ownUnitOnly: false });
    expect(reviewScope(deputy)).toEqual({ all: false, assignedUnderUnitId: DEPARTMENT });
    // A head's role in another unit lends nothing to the lists.
    const elsewhere: Principal = { ...who('unit_officer', COMMUNE), actingFor: [{ role: 'department_head', unitId: DEPARTMENT, label: 'KT. Giám đốc' }] };
    expect(listScope(elsewhere)).toEqual({ all: false, underUnitId: COMMUNE, assignedByUnit: false, ownUnitOnly: true });
    expect(reviewScope(elsewhere)).toEqual({ all: false, assignedUnderUnitId: null });
  });
});
