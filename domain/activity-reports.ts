/**
 * What a unit reports it did under an assignment, one report per activity (a training course,
 * a communication campaign, a commemoration event, an inspection, a periodic report), with
 * the fields each kind needs, and the figures targets are computed from.
 */
import { z } from 'zod';
import { figureName, httpLink, isoDate, reportFilesSchema, text } from './fields';
import type { TaskKind } from './plan-definition';
import { unitCodeSchema } from './units';

const count = z.number().int('must be a whole number').min(0).max(100_000_000);

/** Who a training course was for; family-affairs officials count toward "officials trained" targets. */
export const trainingAudiences = ['family_officials', 'collaborators', 'club_members', 'households', 'students', 'other'] as const;
/** Where a campaign ran: TV, radio, commune loudspeakers, web portals, social media, posters and banners, direct sessions. */
export const campaignChannels = ['tv', 'radio', 'loudspeaker', 'web', 'social', 'poster', 'direct'] as const;
/** The recurring days of family work: 20/3, 28/6, 25/11 with the Action Month 15/11–15/12. */
export const commemorations = ['happiness_day', 'family_day', 'violence_against_women_day', 'gender_equality_month', 'other'] as const;
export const reportPeriods = ['q1', 'q2', 'q3', 'q4', 'h1', 'year'] as const;

const common = {
  evidence: z.array(httpLink).max(20).default([]),
  files: reportFilesSchema,
  note: text(2_000).optional(),
};

export const trainingReportSchema = z.strictObject({
  kind: z.literal('training'),
  date: isoDate,
  place: text(300),
  organiser: text(300),
  audience: z.enum(trainingAudiences),
  plannedParticipants: count,
  actualParticipants: count,
  ...common,
});

export const campaignReportSchema = z
  .strictObject({
    kind: z.literal('campaign'),
    channels: z.array(z.enum(campaignChannels)).min(1, 'name at least one channel').max(campaignChannels.length),
    from: isoDate,
    to: isoDate,
    /** News items, broadcasts, posts, banners and posters produced. */
    pieces: count,
    peopleReached: count.default(0),
    householdsReached: count.default(0),
    ...common,
  })
  .refine((report) => !isoDate.safeParse(report.from).success || !isoDate.safeParse(report.to).success || report.from <= report.to, {
    path: ['to'],
    message: 'must not be before from',
    params: { vi: 'Ngày kết thúc không được trước ngày bắt đầu' },
  });

export const commemorationReportSchema = z.strictObject({
  kind: z.literal('commemoration'),
  occasion: z.enum(commemorations),
  date: isoDate,
  place: text(300),
  participants: count,
  ...common,
});

export const inspectionReportSchema = z.strictObject({
  kind: z.literal('inspection'),
  date: isoDate,
  team: text(500),
  unitsInspected: z.array(unitCodeSchema).min(1).max(500),
  findings: text(10_000),
  followUps: z.array(text(1_000)).max(50).default([]),
  ...common,
});

export const periodicReportSchema = z.strictObject({
  kind: z.literal('report'),
  period: z.enum(reportPeriods),
  year: z.number().int().min(2000).max(2100),
  documentNumber: text(64).optional(),
  ...common,
});

/** Named counts for what no field above covers, e.g. `{"modelsEstablished": 1, "violenceCases": 4}`. */
export const activityFiguresSchema = z
  .record(figureName, count)
  .refine((figures) => Object.keys(figures).length <= 50, { message: 'at most 50 figures', params: { vi: 'Tối đa 50 số liệu' } });

export const genericReportSchema = z.strictObject({
  kind: z.literal('generic'),
  date: isoDate,
  summary: text(10_000),
  figures: activityFiguresSchema.default({}),
  ...common,
});

export const activityReportSchema = z.discriminatedUnion('kind', [
  trainingReportSchema,
  campaignReportSchema,
  commemorationReportSchema,
  inspectionReportSchema,
  periodicReportSchema,
  genericReportSchema,
]);
export type ActivityReport = z.infer<typeof activityReportSchema>;

/**
 * The figures targets add up, by name: every report's own counts under the names plans use in
 * a target's `source.figure`.
 */
export function figuresOf(report: ActivityReport): Record<string, number> {
  switch (report.kind) {
    case 'training':
      return {
        trainingCourses: 1,
        trainees: report.actualParticipants,
        officialsTrained: report.audience === 'family_officials' ? report.actualParticipants : 0,
      };
    case 'campaign':
      return { campaigns: 1, pieces: report.pieces, peopleReached: report.peopleReached, householdsReached: report.householdsReached };
    case 'commemoration':
      return { events: 1, participants: report.participants };
    case 'inspection':
      return { inspections: 1, unitsInspected: report.unitsInspected.length };
    case 'report':
      return { reports: 1 };
    case 'generic':
      return { ...report.figures };
  }
}

const periodEnds: Record<(typeof reportPeriods)[number], string> = { q1: '03-31', q2: '06-30', q3: '09-30', q4: '12-31', h1: '06-30', year: '12-31' };

/** The day an activity counts for in a period: when it took place, or ended. */
export function activityDate(report: ActivityReport): string {
  switch (report.kind) {
    case 'campaign':
      return report.to;
    case 'report':
      return `${report.year}-${periodEnds[report.period]}`;
    default:
      return report.date;
  }
}

/** A training report under a training task, and so on; general tasks take any kind. */
export function kindFits(taskKind: TaskKind, report: ActivityReport): boolean {
  return taskKind === 'generic' || report.kind === 'generic' || report.kind === taskKind;
}
