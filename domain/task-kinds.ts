/** What a task is, which decides what its reports hold and which escalation ladder it follows. */
export const taskKinds = ['training', 'campaign', 'commemoration', 'inspection', 'report', 'generic'] as const;
export type TaskKind = (typeof taskKinds)[number];
