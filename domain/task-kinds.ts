/** What a task is, which decides what its reports hold and which escalation ladder it follows. */
export const taskKinds = ['training', 'campaign', 'commemoration', 'inspection', 'report', 'generic'] as const;
export type TaskKind = (typeof taskKinds)[number];

/** The figures a report of each kind counts (domain/activity-reports.ts figuresOf), in the order its form asks for them. */
export const kindFigures: Readonly<Record<TaskKind, readonly string[]>> = {
  training: ['trainingCourses', 'trainees', 'officialsTrained'],
  campaign: ['campaigns', 'pieces', 'peopleReached', 'householdsReached'],
  commemoration: ['events', 'participants'],
  inspection: ['inspections', 'unitsInspected'],
  report: ['reports'],
  generic: [],
};
