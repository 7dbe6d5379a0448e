import { z } from 'zod';

export const unitCodeSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .regex(/^[\p{L}\p{N}_.-]+$/u, 'may contain letters, digits, "_", "." and "-" only');

/**
 * Kinds of units plans are handed to. The hierarchy itself is data (a parent per unit),
 * so a province that drops the district level, as Vietnam did in 2025, needs no change here.
 */
export const unitKinds = [
  'province', // UBND tỉnh
  'committee', // Ban Chỉ đạo
  'department', // Sở, Ban, ngành
  'agency', // đơn vị trực thuộc: Đài PT-TH, Báo, Trung tâm
  'mass_organisation', // Hội LHPN, Đoàn TN, Hội Nông dân, MTTQ
  'district', // huyện, thành phố
  'commune', // xã, phường, thị trấn
] as const;

export const createUnitSchema = z.strictObject({
  code: unitCodeSchema,
  name: z.string().trim().min(1, 'must not be empty').max(300),
  kind: z.enum(unitKinds),
  parentCode: unitCodeSchema.optional(),
  email: z.email({ error: 'must be an email address' }).optional(),
  headName: z.string().trim().min(1).max(200).optional(),
  headEmail: z.email({ error: 'must be an email address' }).optional(),
  /** Base figures of percentage targets. */
  households: z.number().int().min(0).max(10_000_000).optional(),
  familyOfficials: z.number().int().min(0).max(100_000).optional(),
});
export type CreateUnit = z.infer<typeof createUnitSchema>;

/** A province's units in one request (a file of thousands goes through `npm run import-units`). */
export const importUnitsSchema = z.strictObject({ units: z.array(createUnitSchema).min(1).max(5_000) });
