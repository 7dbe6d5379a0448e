/**
 * admin: runs the system. leader: UBND / Ban Chỉ đạo, reads everything. department_head:
 * assigns and reviews the work its department issues. unit_head: acts for its unit and sees
 * the units under it. unit_officer: acts for its own unit only.
 *
 * On its own, without Zod, so that the workflow bundle can check an actor's role.
 */
export const roles = ['admin', 'leader', 'department_head', 'unit_head', 'unit_officer'] as const;
export type Role = (typeof roles)[number];
