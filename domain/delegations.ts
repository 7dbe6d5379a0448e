/**
 * Authority that moves: a head names a deputy (KT., ký thay) or an acting head (Q., quyền) for a
 * period. Meanwhile the deputy receives the head's notices and holds the head's review rights
 * within the head's unit, and signs what it does with those rights "KT. <title>" or "Q. <title>".
 */
import { z } from 'zod';

export const delegationKinds = ['deputy', 'acting'] as const;
export type DelegationKind = (typeof delegationKinds)[number];

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO date and time with its offset' });

export const delegationBodySchema = z
  .strictObject({
    /** The head's account: only an admin names another's deputy; a head names its own. */
    head: z.uuid({ error: 'must be an account id' }).optional(),
    deputy: z.uuid({ error: 'must be an account id' }),
    kind: z.enum(delegationKinds),
    /** The head's title; by default the unit's head name, else "Thủ trưởng <unit>". */
    title: z.string().trim().min(1, 'must not be empty').max(120).optional(),
    reason: z.string().trim().min(1, 'must not be empty').max(500),
    from: instant,
    to: instant,
  })
  .refine((body) => Date.parse(body.from) < Date.parse(body.to), { path: ['to'], message: 'must be after from' })
  .refine((body) => Date.parse(body.to) - Date.parse(body.from) <= 366 * 86_400_000, { path: ['to'], message: 'must be within a year of from' });
export type DelegationBody = z.infer<typeof delegationBodySchema>;

export const endDelegationBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

/** How the deputy signs: "KT. Giám đốc", "Q. Giám đốc". */
export const delegationLabel = (kind: string, title: string): string => `${kind === 'acting' ? 'Q.' : 'KT.'} ${title}`;

/** Whether a delegation holds at `now`: begun, not yet at its end, not ended early. */
export const delegationHolds = (delegation: { startsAt: Date; endsAt: Date; endedAt: Date | null }, now: Date): boolean =>
  delegation.startsAt <= now && now < delegation.endsAt && (delegation.endedAt === null || now < delegation.endedAt);

/** The name a deputy's action is recorded under: how it signs, then who it is. */
export const signedName = (label: string, name: string): string => `${label} (${name})`.slice(0, 200);
